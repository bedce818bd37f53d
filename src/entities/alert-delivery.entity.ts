import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Alert } from './alert.entity.js';

export const AlertChannel = { Webhook: 'webhook', Email: 'email' } as const;
export type AlertChannel = (typeof AlertChannel)[keyof typeof AlertChannel];

export const DeliveryStatus = { Pending: 'pending', Sending: 'sending', Delivered: 'delivered', Failed: 'failed' } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/**
 * One channel's delivery of an alert: the outbox of alerts, written in the transaction that raises the alert.
 * Webhook rows are sent by the worker's alert sender (claimed with `locked_until`, retried with backoff); an email
 * row names the `mail_outbox` message (`mailDedupeKey`) that carries it, whose status it reports.
 */
export const AlertDelivery = defineEntity({
  name: 'AlertDelivery',
  tableName: 'alert_deliveries',
  uniques: [{ properties: ['alert', 'channel'] }],
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    alert: () => p.manyToOne(Alert).deleteRule('cascade'),
    channel: p.enum(Object.values(AlertChannel)),
    status: p.enum(Object.values(DeliveryStatus)).default(DeliveryStatus.Pending),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    /** A sender holds the delivery until then; after it, another sender may take it over. */
    lockedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
    /** Email channel: the dedupe key of the message in `mail_outbox`. */
    mailDedupeKey: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAlertDelivery = InferEntity<typeof AlertDelivery>;
