import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

/** One alert rule of a schedule (validated by `alertRuleSchema`). */
export interface AlertRule {
  rule: 'any_change' | 'price_at_or_below' | 'drop_percent' | 'back_in_stock' | 'out_of_stock';
  value?: number;
}

/**
 * A recurring price check: the URLs to check and when (`every` an ISO 8601 duration, or `cron` with `timezone`).
 * Its timing lives in the Temporal schedule `price-schedule-<id>`; this row is what the API lists and what each run
 * reads its URLs from, so a run never works from a stale copy.
 */
export const Schedule = defineEntity({
  name: 'Schedule',
  tableName: 'schedules',
  indexes: [{ properties: ['owner', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
    name: p.string().length(200).nullable(),
    urls: p.json<string[]>(),
    region: p.string().length(64).nullable(),
    every: p.string().length(64).nullable(),
    cron: p.string().length(200).nullable(),
    timezone: p.string().length(64).nullable(),
    paused: p.boolean().default(false),
    /** Alert rules evaluated after every run (see `monitoring/alert-rules.ts`). */
    alerts: p.json<AlertRule[]>().default('[]'),
    /** Where alerts are POSTed; null: no webhook. */
    webhookUrl: p.text().nullable(),
    /**
     * Key of the webhook's HMAC signature. Kept as given (signing needs it; a hash cannot sign) and never returned
     * by the API, which shows only `hasSecret`.
     */
    webhookSecret: p.text().nullable().lazy(),
    /** Alerts also go by email to the owner's confirmed address. */
    emailAlerts: p.boolean().default(false),
    /** When the latest run could not start; null once a run starts again. */
    refusedRunAt: p.datetime().nullable(),
    /** Why it could not start (URLs no longer allowed, too many active tasks), as the task service said it. */
    refusedRunReason: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ISchedule = InferEntity<typeof Schedule>;
