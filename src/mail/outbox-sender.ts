import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';
import { startPollingLoop, type RunningLoop } from '../util/polling-loop.js';
import type { Mailer } from './mailer.js';
import { drainOutbox, type DrainOptions } from './outbox.js';

export interface OutboxSenderOptions extends DrainOptions {
  /** Pause between passes that found nothing to do. */
  pollIntervalMs: number;
}

/** Lets the pass in progress finish (its sends are bounded by the mailer's timeouts), then stops. */
export type RunningOutboxSender = RunningLoop;

/**
 * Drains the outbox in a loop in the worker process: a pass, then another at once if it found work, else a pause.
 * A failing pass (database away) is logged and retried on the next tick; it never ends the loop.
 */
export function startOutboxSender(db: Database, mailer: Mailer, logger: Logger, options: OutboxSenderOptions): RunningOutboxSender {
  return startPollingLoop({
    pollIntervalMs: options.pollIntervalMs,
    async pass() {
      const summary = await drainOutbox(db.em.fork(), mailer, options);
      const done = summary.sent + summary.retried + summary.failed;
      if (done > 0) logger.info(summary, 'mail outbox pass');
      return done;
    },
    onError: (err) => logger.warn({ err }, 'mail outbox pass failed; retrying'),
  });
}
