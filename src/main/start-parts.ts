import type { Part, PartContext, StopPart } from './part.js';
import { DEFAULT_START_TIMEOUT_MS, PartStartError } from './part.js';

/**
 * Starts `parts` in order and returns one function stopping them in reverse order. A stop that fails is logged
 * and the others still run. When a part fails to start (or `signal` aborts between parts), what already
 * started is stopped and the error names the part. A part that does not start within its time limit fails too.
 */
export async function startParts(parts: readonly Part[], ctx: PartContext, signal?: AbortSignal): Promise<StopPart> {
  const started: { name: string; stop: StopPart }[] = [];
  let stopping: Promise<void> | null = null;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const { name, stop } of started.reverse()) {
        await stop().catch((err: unknown) => ctx.logger.error({ err, part: name }, `${name} did not stop cleanly`));
      }
    })();
    return stopping;
  };

  for (const part of parts) {
    if (signal?.aborted) {
      await stopAll();
      throw new Error(`start-up interrupted before ${part.name}`);
    }
    let stop: StopPart;
    try {
      stop = await startWithin(part, ctx);
    } catch (err) {
      await stopAll();
      throw new PartStartError(part.name, err, part.hint);
    }
    started.push({ name: part.name, stop });
    ctx.logger.debug({ part: part.name }, 'started');
  }
  return stopAll;
}

/** Starts `part`, failing after its time limit; a start that completes after that is stopped again. */
async function startWithin(part: Part, ctx: PartContext): Promise<StopPart> {
  const limitMs = part.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const starting = part.start(ctx);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeout(limitMs)), limitMs);
  });
  try {
    return await Promise.race([starting, timedOut]);
  } catch (err) {
    if (err instanceof StartTimeout) {
      starting.then(
        (stop) => stop().catch((e: unknown) => ctx.logger.error({ err: e, part: part.name }, `${part.name} did not stop cleanly`)),
        () => undefined,
      );
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

class StartTimeout extends Error {
  constructor(limitMs: number) {
    super(`it did not start within ${limitMs / 1000} s`);
  }
}
