import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';
import type { AlertSide } from '../entities/index.js';
import { retryDelaySecs } from '../mail/outbox.js';
import type { UrlPolicy } from '../security/index.js';
import { SecretBox, SecretBoxError } from '../security/secret-box.js';
import { startPollingLoop, type RunningLoop } from '../util/polling-loop.js';
import { ALERT_ID_HEADER, postWebhook, SIGNATURE_HEADER, signBody, WebhookError } from './webhook.js';

/**
 * The alert outbox (`alert_deliveries`, channel `webhook`), drained by the worker like the mail outbox: a pass
 * claims due rows with `FOR UPDATE SKIP LOCKED` and holds them (`locked_until`), so two senders never send one
 * delivery at once; a failed POST goes back to `pending` after an exponential delay, up to `maxAttempts`; a URL the
 * gate refuses fails at once. Rows written before a restart are simply claimed by the next pass.
 *
 * As with mail, this is at-least-once: a crash after the receiver accepted and before `delivered` is written
 * sends again once the lock expires, with the same body and the same `X-Alert-Id` for the receiver to de-duplicate.
 */

export interface AlertSendOptions {
  policy: UrlPolicy;
  /** Deadline of one POST. */
  timeoutMs: number;
  /** Tries before a delivery is marked failed. */
  maxAttempts: number;
  /** Delay after the first failure; doubles per attempt. */
  retryBaseSecs: number;
  /** Longest delay between tries. */
  retryMaxSecs: number;
  /** How long a claim holds a row; must exceed `timeoutMs`. @default 120 */
  lockSecs?: number;
  /** Rows claimed per pass. @default 20 */
  batchSize?: number;
  /** Opens the stored (sealed) webhook secrets. */
  secretBox: SecretBox;
}

/** The JSON body a webhook receives; its raw bytes are what `X-Signature` signs. */
export interface AlertPayload {
  alertId: number;
  rule: string;
  value: number | null;
  url: string;
  region: string | null;
  previous: AlertSide;
  current: AlertSide;
  taskId: number;
  scheduleId: number;
  createdAt: string;
}

interface ClaimedDelivery {
  id: number;
  attempts: number;
  alert_id: number;
  rule: string;
  value: string | null;
  url: string;
  region: string | null;
  previous: AlertSide;
  current: AlertSide;
  task_id: number;
  schedule_id: number;
  created_at: Date;
  webhook_url: string | null;
  webhook_secret: string | null;
}

export interface AlertDrainSummary {
  delivered: number;
  retried: number;
  failed: number;
}

/** The body of an alert, always serialised the same way (so every retry carries the same bytes and signature). */
export function alertPayload(row: Omit<ClaimedDelivery, 'id' | 'attempts' | 'webhook_url' | 'webhook_secret'>): AlertPayload {
  return {
    alertId: row.alert_id,
    rule: row.rule,
    value: row.value === null ? null : Number(row.value),
    url: row.url,
    region: row.region,
    previous: row.previous,
    current: row.current,
    taskId: row.task_id,
    scheduleId: row.schedule_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** One pass: claims due webhook deliveries, POSTs each, records the outcome. */
export async function drainAlertDeliveries(em: EntityManager, options: AlertSendOptions): Promise<AlertDrainSummary> {
  const conn = em.getConnection();
  const claimed = await conn.execute<ClaimedDelivery[]>(
    `with claimed as (
       update alert_deliveries set status = 'sending', attempts = attempts + 1, locked_until = now() + make_interval(secs => ?)
        where id in (
          select id from alert_deliveries
           where channel = 'webhook' and ((status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now()))
           order by next_attempt_at, id limit ? for update skip locked)
        returning id, attempts, alert_id)
     select c.id, c.attempts, c.alert_id, a.rule, a.value::text as value, a.url, a.region, a.previous, a.current, a.task_id, a.schedule_id,
            a.created_at, s.webhook_url, s.webhook_secret
       from claimed c join alerts a on a.id = c.alert_id join schedules s on s.id = a.schedule_id`,
    [options.lockSecs ?? 120, options.batchSize ?? 20],
  );
  const summary: AlertDrainSummary = { delivered: 0, retried: 0, failed: 0 };
  for (const row of claimed) summary[await sendOne(em, row, options)]++;
  return summary;
}

async function sendOne(em: EntityManager, row: ClaimedDelivery, options: AlertSendOptions): Promise<keyof AlertDrainSummary> {
  const conn = em.getConnection();
  try {
    if (!row.webhook_url || !row.webhook_secret) throw new WebhookError('the schedule has no webhook any more', true);
    const body = JSON.stringify(alertPayload(row));
    const secret = openSecret(options.secretBox, row.webhook_secret);
    await postWebhook(row.webhook_url, body, { [SIGNATURE_HEADER]: signBody(body, secret), [ALERT_ID_HEADER]: String(row.alert_id), 'Idempotency-Key': `alert-${row.alert_id}` }, options);
  } catch (err) {
    const permanent = err instanceof WebhookError && err.permanent;
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    if (permanent || row.attempts >= options.maxAttempts) {
      await conn.execute(`update alert_deliveries set status = 'failed', locked_until = null, last_error = ? where id = ? and status = 'sending'`, [error, row.id]);
      return 'failed';
    }
    const delay = retryDelaySecs(row.attempts, options.retryBaseSecs, options.retryMaxSecs);
    await conn.execute(
      `update alert_deliveries set status = 'pending', locked_until = null, last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where id = ? and status = 'sending'`,
      [error, delay, row.id],
    );
    return 'retried';
  }
  await conn.execute(`update alert_deliveries set status = 'delivered', delivered_at = now(), locked_until = null, last_error = null where id = ?`, [row.id]);
  return 'delivered';
}

/** The webhook's signing key; a value no configured key opens is an operator's problem, said as such (retried). */
function openSecret(box: SecretBox, stored: string): string {
  try {
    return box.open(stored);
  } catch (err) {
    if (err instanceof SecretBoxError) throw new WebhookError(`the webhook secret cannot be read: ${err.message}`, false);
    throw err;
  }
}

/**
 * Seals webhook secrets stored before they were encrypted (plain text), once per start; a row changed meanwhile by
 * the API (already sealed, or another secret) is left as it is. Returns how many were sealed.
 */
export async function sealStoredWebhookSecrets(em: EntityManager, box: SecretBox): Promise<number> {
  const conn = em.getConnection();
  const rows = await conn.execute<{ id: number; webhook_secret: string }[]>(
    `select id, webhook_secret from schedules where webhook_secret is not null and webhook_secret not like 'sb1:%'`,
  );
  let sealed = 0;
  for (const row of rows) {
    if (SecretBox.isSealed(row.webhook_secret)) continue;
    const result = await conn.execute(`update schedules set webhook_secret = ? where id = ? and webhook_secret = ?`, [box.seal(row.webhook_secret), row.id, row.webhook_secret], 'run');
    sealed += (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  return sealed;
}

/** Drains the alert outbox in the worker process until stopped (see `startPollingLoop`). */
export function startAlertSender(db: Database, logger: Logger, options: AlertSendOptions & { pollIntervalMs: number }): RunningLoop {
  return startPollingLoop({
    pollIntervalMs: options.pollIntervalMs,
    async pass() {
      const summary = await drainAlertDeliveries(db.em.fork(), options);
      const done = summary.delivered + summary.retried + summary.failed;
      if (done > 0) logger.info(summary, 'alert outbox pass');
      return done;
    },
    onError: (err) => logger.warn({ err }, 'alert outbox pass failed; retrying'),
  });
}
