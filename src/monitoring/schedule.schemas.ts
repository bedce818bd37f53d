import { z } from 'zod';
import { regionSchema, submittedUrlSchema } from '../api/schemas.js';
import { UnprocessableError } from '../util/domain-errors.js';
import { alertRuleSchema, alertSettingsSchema, alertSettingsShape, webhookInputSchema, webhookViewSchema } from './alert-rules.js';
import { cronMinGapSecs, durationSecs, isTimeZone } from './schedule-spec.js';

/** Request and response shapes of `/api/schedules` (the same schemas feed the OpenAPI document). */

/** The fields a schedule is made of; `POST` takes them (URLs and timing required), `PATCH` any of them. */
function scheduleFields(maxUrls: number) {
  return {
      name: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').optional().meta({ description: 'A label for people.', example: 'Morning prices' }),
      urls: z.array(submittedUrlSchema).min(1, 'give at least one URL').max(maxUrls, `at most ${maxUrls} URLs per schedule`).meta({
        description: 'Product page URLs, checked by every run (validated now and again at each run).',
        example: ['https://www.ozon.ru/product/123/'],
      }),
      region: regionSchema.optional().meta({ description: 'Region the prices are collected for.', example: 'Москва' }),
      every: z
        .string()
        .max(64)
        .optional()
        .meta({ description: 'Interval as an ISO 8601 duration of weeks, days, hours, minutes and seconds (`PT6H`, `P1D`). Exactly one of `every` and `cron`.', example: 'PT6H' }),
      cron: z.string().max(200).optional().meta({ description: 'Five-field cron expression (minute hour day-of-month month day-of-week; numbers, `*`, ranges, lists, steps).', example: '0 9 * * 1-5' }),
      timezone: z.string().max(64).optional().meta({ description: 'IANA time zone of `cron` (default UTC); only with `cron`.', example: 'Europe/Moscow' }),
      ...alertSettingsShape,
  };
}

/** Checks of the timing fields shared by `POST` and `PATCH`; `exactlyOne` when the body must name one of `every` and `cron`. */
function checkTiming(v: { every?: string | undefined; cron?: string | undefined; timezone?: string | undefined }, ctx: z.RefinementCtx, exactlyOne: boolean): void {
  if (exactlyOne ? (v.every === undefined) === (v.cron === undefined) : v.every !== undefined && v.cron !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['every'], message: 'give exactly one of `every` and `cron`' });
  }
  if (v.every !== undefined && !durationSecs(v.every)) ctx.addIssue({ code: 'custom', path: ['every'], message: 'not an ISO 8601 duration such as PT6H or P1D (years and months are not accepted)' });
  if (v.cron !== undefined && cronMinGapSecs(v.cron) === null) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'not a five-field cron expression (minute hour day-of-month month day-of-week)' });
  if (v.timezone !== undefined && v.every !== undefined) ctx.addIssue({ code: 'custom', path: ['timezone'], message: '`timezone` applies to `cron` only' });
  if (exactlyOne && v.timezone !== undefined && v.cron === undefined) ctx.addIssue({ code: 'custom', path: ['timezone'], message: '`timezone` applies to `cron` only' });
  if (v.timezone !== undefined && !isTimeZone(v.timezone)) ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'not an IANA time zone such as Europe/Moscow' });
}

/** Body of `POST /api/schedules`: the URLs and exactly one of `every` or `cron`, optionally alert rules and channels. */
export function scheduleCreateSchema(maxUrls: number) {
  return z.strictObject(scheduleFields(maxUrls)).superRefine((v, ctx) => checkTiming(v, ctx, true));
}
export type ScheduleCreateInput = z.infer<ReturnType<typeof scheduleCreateSchema>>;

/**
 * Body of `PATCH /api/schedules/{id}`: any of the fields. `every` or `cron` switches the timing to that kind;
 * `webhook: null` removes the webhook, `name: null` the name.
 */
export function schedulePatchSchema(maxUrls: number) {
  const f = scheduleFields(maxUrls);
  return z
    .strictObject({
      ...f,
      urls: f.urls.optional(),
      name: f.name.unwrap().nullable().optional(),
      region: f.region.unwrap().nullable().optional(),
      webhook: webhookInputSchema.nullable().optional().meta({ description: 'A new webhook (URL and secret), or null to remove it.' }),
    })
    .superRefine((v, ctx) => checkTiming(v, ctx, false));
}
export type SchedulePatchInput = z.infer<ReturnType<typeof schedulePatchSchema>>;

/**
 * Checks only the alert settings of a request body (rules, webhook, email), so that their problems are answered as
 * 422 with field paths before the rest of the body is read.
 */
export function assertAlertSettings(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as Record<string, unknown>;
  const parsed = alertSettingsSchema.safeParse({ alerts: b.alerts, webhook: b.webhook, email: b.email });
  if (parsed.success) return;
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new UnprocessableError('Invalid alert settings', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

export const scheduleViewSchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullable(),
    urls: z.array(z.string()),
    region: z.string().nullable(),
    every: z.string().nullable(),
    cron: z.string().nullable(),
    timezone: z.string().nullable(),
    paused: z.boolean(),
    createdAt: z.iso.datetime(),
    temporalScheduleId: z.string().meta({ description: 'Id of the schedule in Temporal (Web UI → Schedules).', example: 'price-schedule-7' }),
    lastTaskId: z.number().int().nullable().meta({ description: 'The price task of the latest run (`/api/offer-tasks/{id}`); null before the first run.' }),
    nextRunAt: z.iso.datetime().nullable().optional().meta({ description: 'When the next run is due (single-schedule reads only; null while paused or unknown).' }),
    alerts: z.array(alertRuleSchema).meta({ description: 'Alert rules evaluated after every run.' }),
    webhook: webhookViewSchema.nullable().meta({ description: 'Where alerts are POSTed; the secret is never shown.' }),
    email: z.boolean().meta({ description: "Alerts also go to the owner's confirmed email address." }),
    refusedRun: z
      .object({ at: z.iso.datetime(), reason: z.string() })
      .nullable()
      .meta({ description: 'Set when the latest run could not start (its URLs are no longer allowed, or you have too many active tasks), with why; null once a run starts again.' }),
  })
  .meta({ id: 'Schedule' });
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const scheduleListSchema = z.object({ items: z.array(scheduleViewSchema), total: z.number().int() }).meta({ id: 'ScheduleList' });
