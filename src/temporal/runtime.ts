import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker state, activity failures) into our pino logger at WARN and above,
 * so a busy worker does not print multi-line dumps for every retried page. Process-wide; installed once.
 */
export function installTemporalRuntime(logger: Logger, level: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const { message, level: lvl, meta } = entry;
      // The browser worker deliberately has no workflows; this warning is expected noise.
      if (message.startsWith('No workflows registered')) return;
      const fields = { temporal: summarise(meta) };
      if (lvl === 'ERROR') logger.error(fields, message);
      else if (lvl === 'WARN') logger.warn(fields, message);
      else logger.info(fields, message);
    }),
  });
}

function summarise(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!meta) return undefined;
  const { error, taskToken: _taskToken, ...rest } = meta as { error?: unknown; taskToken?: unknown };
  return error instanceof Error ? { ...rest, error: error.message } : rest;
}
