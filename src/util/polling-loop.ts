export interface PollingLoopOptions {
  /** One pass; resolves to how much it did (0: nothing was due). */
  pass: () => Promise<number>;
  /** Pause between passes that found nothing to do. */
  pollIntervalMs: number;
  /** A pass that threw (database away, ...); the loop goes on at the next tick. */
  onError: (err: unknown) => void;
}

export interface RunningLoop {
  /** Lets the pass in progress finish, then stops. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` in a loop: again at once while it finds work, else after a pause. A failing pass never ends the
 * loop. Used by the outbox senders of the worker (mail, alert webhooks), whose tables are their durable queues.
 */
export function startPollingLoop(options: PollingLoopOptions): RunningLoop {
  let stopping = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        busy = (await options.pass()) > 0;
      } catch (err) {
        options.onError(err);
      }
      if (!busy && !stopping) await pause(options.pollIntervalMs);
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
