import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MailMessage, MailStatus } from '../entities/index.js';
import type { MailPayloads, MailTemplate } from './templates.js';
import { renderMail, UnknownTemplateError } from './templates.js';
import { isPermanentSmtpFailure, type Mailer } from './mailer.js';

/**
 * The durable outbox (`mail_outbox`).
 *
 * `enqueueMail` is called inside the transaction that causes the message (a registration, a reset request), so
 * the message exists exactly when its cause was committed; the API never talks to SMTP.
 *
 * `drainOutbox` (run by the worker, see `mail-sender.ts`) claims due messages with `FOR UPDATE SKIP LOCKED`, so
 * several drains never take the same message, and holds each for `lockSecs`. A send that fails is retried with
 * exponential backoff (capped) up to `maxAttempts`, then marked `failed`; a 5xx answer fails it at once.
 *
 * "Never sent twice" means exactly this: once a message is marked `sent` it is never claimed again, and it is
 * claimed by one drain at a time. The one window left is a crash (or a lost database connection) after the SMTP
 * server accepted the message and before the `sent` mark is written: after `lockSecs` another drain takes it over
 * and sends it again. That second copy carries the same `Message-ID`, so receivers that de-duplicate on it (most
 * mail stores do) show it once. Exactly-once delivery across two systems without a shared transaction is not
 * possible; this is at-least-once with a de-duplication key.
 */

export interface EnqueueMail<T extends MailTemplate = MailTemplate> {
  to: string;
  template: T;
  payload: MailPayloads[T];
  /** The same key is stored once (a second enqueue with it is ignored). */
  dedupeKey?: string;
}

/** Adds a message to the outbox in `em`'s current transaction (nothing is sent until it commits). */
export async function enqueueMail<T extends MailTemplate>(em: EntityManager, mail: EnqueueMail<T>): Promise<void> {
  const now = new Date();
  await em
    .createQueryBuilder(MailMessage)
    .insert({
      dedupeKey: mail.dedupeKey ?? null,
      toAddress: mail.to,
      template: mail.template,
      payload: mail.payload as unknown as Record<string, unknown>,
      status: MailStatus.Pending,
      attempts: 0,
      nextAttemptAt: now,
      messageId: `<${crypto.randomUUID()}@price-collector.outbox>`,
      createdAt: now,
    })
    .onConflict('dedupeKey')
    .ignore()
    .execute();
}

export interface DrainOptions {
  /** Base URL of links in messages. */
  publicUrl: string;
  /** Messages claimed per pass. @default 20 */
  batchSize?: number;
  /** How long a claim holds a message; must exceed one SMTP conversation (the mailer bounds it at ~60 s). @default 120 */
  lockSecs?: number;
  /** Tries before a message is marked failed. */
  maxAttempts: number;
  /** Delay after the first failure; doubles per attempt. */
  retryBaseSecs: number;
  /** Longest delay between tries. */
  retryMaxSecs: number;
}

export interface DrainSummary {
  sent: number;
  retried: number;
  failed: number;
}

interface ClaimedRow {
  id: number;
  to_address: string;
  template: string;
  payload: Record<string, unknown>;
  attempts: number;
  message_id: string | null;
}

/** Delay before try number `attempts + 1`, after `attempts` failed ones. */
export function retryDelaySecs(attempts: number, baseSecs: number, maxSecs: number): number {
  return Math.min(maxSecs, baseSecs * 2 ** Math.max(0, attempts - 1));
}

/** One pass: claims due messages, sends each, and records the outcome. */
export async function drainOutbox(em: EntityManager, mailer: Mailer, options: DrainOptions): Promise<DrainSummary> {
  const conn = em.getConnection();
  const claimed = await conn.execute<ClaimedRow[]>(
    `update "mail_outbox" set "status" = 'sending', "attempts" = "attempts" + 1, "locked_until" = now() + make_interval(secs => ?)
      where "id" in (
        select "id" from "mail_outbox"
         where ("status" = 'pending' and "next_attempt_at" <= now()) or ("status" = 'sending' and "locked_until" < now())
         order by "next_attempt_at", "id" limit ? for update skip locked)
      returning "id", "to_address", "template", "payload", "attempts", "message_id"`,
    [options.lockSecs ?? 120, options.batchSize ?? 20],
  );
  const summary: DrainSummary = { sent: 0, retried: 0, failed: 0 };
  for (const row of claimed) {
    const outcome = await sendOne(em, mailer, row, options);
    summary[outcome]++;
  }
  return summary;
}

async function sendOne(em: EntityManager, mailer: Mailer, row: ClaimedRow, options: DrainOptions): Promise<keyof DrainSummary> {
  const conn = em.getConnection();
  try {
    const rendered = renderMail(row.template, row.payload, options.publicUrl);
    await mailer.send({ to: row.to_address, ...rendered, messageId: row.message_id ?? `<outbox-${row.id}@price-collector.outbox>` });
  } catch (err) {
    const permanent = err instanceof UnknownTemplateError || isPermanentSmtpFailure(err);
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    if (permanent || row.attempts >= options.maxAttempts) {
      // The secret is of no use any more; only its hash stays (in email_tokens).
      await conn.execute(
        `update "mail_outbox" set "status" = 'failed', "locked_until" = null, "last_error" = ?, "payload" = "payload" - 'token' where "id" = ? and "status" = 'sending'`,
        [error, row.id],
      );
      return 'failed';
    }
    const delay = retryDelaySecs(row.attempts, options.retryBaseSecs, options.retryMaxSecs);
    await conn.execute(
      `update "mail_outbox" set "status" = 'pending', "locked_until" = null, "last_error" = ?, "next_attempt_at" = now() + make_interval(secs => ?) where "id" = ? and "status" = 'sending'`,
      [error, delay, row.id],
    );
    return 'retried';
  }
  await conn.execute(
    `update "mail_outbox" set "status" = 'sent', "sent_at" = now(), "locked_until" = null, "last_error" = null, "payload" = "payload" - 'token' where "id" = ?`,
    [row.id],
  );
  return 'sent';
}
