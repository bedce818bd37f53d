import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { listQuerySchema } from '../api/schemas.js';
import { AlertChannel, DeliveryStatus, MailStatus, type AlertSide } from '../entities/index.js';
import { ALERT_RULES } from './alert-rules.js';

/** `GET /api/alerts`: a page of the caller's alerts, newest first, optionally of one schedule. */
export const alertListQuerySchema = z.strictObject({
  limit: listQuerySchema.shape.limit,
  cursor: listQuerySchema.shape.cursor.meta({ description: '`nextCursor` of the previous page: the next page holds older alerts.' }),
  scheduleId: z.string().regex(/^[1-9]\d{0,9}$/, 'a schedule id').transform(Number).optional().meta({ description: 'Only the alerts of this schedule.' }),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

const sideSchema = z
  .object({ amount: z.string().nullable().meta({ description: 'Null when the page showed no price (it said the product is unavailable)', example: '999' }), currency: z.string().nullable().meta({ example: 'RUB' }), availability: z.string().nullable().meta({ example: 'InStock' }) })
  .meta({ id: 'AlertSide', description: 'The `current` price and availability of one history point.' });

export const deliveryViewSchema = z
  .object({
    channel: z.enum(Object.values(AlertChannel) as [AlertChannel, ...AlertChannel[]]),
    status: z.enum(Object.values(DeliveryStatus) as [DeliveryStatus, ...DeliveryStatus[]]).meta({ description: 'pending → sending → delivered, or failed after the last attempt (or at once when the URL gate refuses the webhook).' }),
    attempts: z.number().int().meta({ description: 'POSTs (webhook) or SMTP sends (email) tried so far.' }),
    lastError: z.string().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AlertDelivery' });

export const alertViewSchema = z
  .object({
    id: z.number().int(),
    scheduleId: z.number().int(),
    taskId: z.number().int().meta({ description: "The run's price task that saw the change." }),
    confirmTaskId: z.number().int().meta({ description: 'The confirmation task whose re-fetch agreed with it.' }),
    rule: z.enum(ALERT_RULES),
    value: z.number().nullable(),
    url: z.string(),
    region: z.string().nullable(),
    previous: sideSchema,
    current: sideSchema,
    createdAt: z.iso.datetime(),
    deliveries: z.array(deliveryViewSchema),
  })
  .meta({ id: 'Alert' });
export type AlertView = z.infer<typeof alertViewSchema>;

export const alertListSchema = z
  .object({
    items: z.array(alertViewSchema),
    limit: z.number().int(),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
  })
  .meta({ id: 'AlertList' });

interface AlertRow {
  id: number;
  schedule_id: number;
  task_id: number;
  confirm_task_id: number;
  rule: AlertView['rule'];
  value: string | null;
  url: string;
  region: string | null;
  previous: AlertSide;
  current: AlertSide;
  created_at: Date;
}

interface DeliveryRow {
  alert_id: number;
  channel: AlertChannel;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  delivered_at: Date | null;
}

/** Email deliveries report the state of their message in the mail outbox. */
const MAIL_TO_DELIVERY: Record<MailStatus, DeliveryStatus> = {
  pending: DeliveryStatus.Pending,
  sending: DeliveryStatus.Sending,
  sent: DeliveryStatus.Delivered,
  failed: DeliveryStatus.Failed,
};

/** The caller's alerts, newest first, with each delivery's channel, status, attempts and last error. */
export async function listAlerts(em: EntityManager, ownerId: number, query: AlertListQuery): Promise<z.infer<typeof alertListSchema>> {
  const rows = await em.execute<AlertRow[]>(
    `select id, schedule_id, task_id, confirm_task_id, rule, value::text as value, url, region, previous, current, created_at from alerts
      where owner_id = ? and (?::int is null or id < ?::int) and (?::int is null or schedule_id = ?::int)
      order by id desc limit ?`,
    [ownerId, query.cursor ?? null, query.cursor ?? null, query.scheduleId ?? null, query.scheduleId ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const deliveries =
    page.length === 0
      ? []
      : await em.execute<DeliveryRow[]>(
          `select d.alert_id, d.channel,
                  coalesce(m.status, d.status) as status, coalesce(m.attempts, d.attempts) as attempts,
                  coalesce(m.last_error, d.last_error) as last_error, coalesce(m.sent_at, d.delivered_at) as delivered_at
             from alert_deliveries d left join mail_outbox m on m.dedupe_key = d.mail_dedupe_key
            where d.alert_id in (${page.map(() => '?').join(', ')}) order by d.id`,
          page.map((r) => r.id),
        );
  return {
    items: page.map((r) => ({
      id: r.id,
      scheduleId: r.schedule_id,
      taskId: r.task_id,
      confirmTaskId: r.confirm_task_id,
      rule: r.rule,
      value: r.value === null ? null : Number(r.value),
      url: r.url,
      region: r.region,
      previous: r.previous,
      current: r.current,
      createdAt: new Date(r.created_at).toISOString(),
      deliveries: deliveries
        .filter((d) => d.alert_id === r.id)
        .map((d) => ({
          channel: d.channel,
          status: d.channel === AlertChannel.Email && d.status in MAIL_TO_DELIVERY ? MAIL_TO_DELIVERY[d.status as MailStatus] : d.status,
          attempts: d.attempts,
          lastError: d.last_error,
          deliveredAt: d.delivered_at ? new Date(d.delivered_at).toISOString() : null,
        })),
    })),
    limit: query.limit,
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
  };
}
