import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';
import type { Mailer } from './mailer.js';
import { drainOutbox, type DrainOptions } from './outbox.js';

export interface OutboxSenderOptions extends DrainOptions {
  /** Pause between passes that found nothing to do. */
  pollIntervalMs: number;
}

export interface RunningOutboxSender {
  /** Lets the pass in progress finish (its sends are bounded by the mailer's timeouts), then stops. */
  stop(): Promise<void>;
}

/**
 * Drains the outbox in a loop in the worker process: a pass, then another at once if it found work, else a pause.
 * A failing pass (database away) is logged and retried on the next tick; it never ends the loop.
 */
export function startOutboxSender(db: Database, mailer: Mailer, logger: Logger, options: OutboxSenderOptions): RunningOutboxSender {
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
        const summary = await drainOutbox(db.em.fork(), mailer, options);
        busy = summary.sent + summary.retried + summary.failed > 0;
        if (busy) logger.info(summary, 'mail outbox pass');
      } catch (err) {
        logger.warn({ err }, 'mail outbox pass failed; retrying');
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
