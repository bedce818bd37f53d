import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Where a message of the outbox stands. */
export const MailStatus = { Pending: 'pending', Sending: 'sending', Sent: 'sent', Failed: 'failed' } as const;
export type MailStatus = (typeof MailStatus)[keyof typeof MailStatus];

/**
 * One email in the durable outbox. The API writes it in the same transaction as what caused it (a registration, a
 * reset request) and never waits for SMTP; a worker sends it with retries and backoff.
 */
export const MailMessage = defineEntity({
  name: 'MailMessage',
  tableName: 'mail_outbox',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Makes enqueueing idempotent: the same key is stored once. */
    dedupeKey: p.string().length(200).unique().nullable(),
    toAddress: p.string().length(254),
    /** Which message: `confirm-email`, `reset-password`, `password-changed`, `welcome`, ... */
    template: p.string().length(64),
    /** What the template fills in (escaped when rendered). */
    payload: p.json<Record<string, unknown>>(),
    status: p.enum(Object.values(MailStatus)).default(MailStatus.Pending),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    /** A sender holds the message until then; after it, another sender may take it over. */
    lockedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
    /** Message-ID given to the message, so a retried send can be recognised downstream. */
    messageId: p.string().length(255).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
});
export type IMailMessage = InferEntity<typeof MailMessage>;
