import type { Part, PartContext, StopPart } from './part.js';
import { PartStartError } from './part.js';

/**
 * Starts `parts` in order and returns one function stopping them in reverse order. A stop that fails is logged
 * and the others still run. When a part fails to start (or `signal` aborts between parts), what already
 * started is stopped and the error names the part.
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
      stop = await part.start(ctx);
    } catch (err) {
      await stopAll();
      throw new PartStartError(part.name, err);
    }
    started.push({ name: part.name, stop });
    ctx.logger.debug({ part: part.name }, 'started');
  }
  return stopAll;
}
