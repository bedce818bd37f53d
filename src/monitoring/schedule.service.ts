import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { Schedule, Task, type ISchedule } from '../entities/index.js';
import type { UrlPolicy } from '../security/index.js';
import { SCHEDULED_CHECK_WORKFLOW_TYPE, SCHEDULED_TASK_KIND, priceScheduleId, type ScheduledCheckInput } from '../tasks/contract.js';
import { validateTargets } from '../tasks/target-validation.js';
import { OwnerIdAttr, TaskTypeAttr } from '../temporal/search-attributes.js';
import { ConflictError, NotFoundError, TooManyRequestsError, UnavailableError, UnprocessableError } from '../util/domain-errors.js';
import { regionSchema, submittedUrlSchema } from '../api/schemas.js';
import type { ErrorReporter } from '../util/error-ref.js';
import { cronMinGapSecs, durationSecs, isTimeZone } from './schedule-spec.js';
import { alertRuleSchema, alertSettingsSchema, alertSettingsShape, webhookInputSchema, webhookViewSchema } from './alert-rules.js';
import { assertSafeUrl, UnsafeUrlError } from '../security/index.js';

export interface ScheduleLimits {
  /** Shortest interval between two runs (MIN_SCHEDULE_INTERVAL_SECS). */
  minIntervalSecs: number;
  /** Schedules one user may have (MAX_SCHEDULES_PER_USER). */
  maxPerUser: number;
  /** How late a missed run may still start (SCHEDULE_CATCHUP_WINDOW_SECS). */
  catchupWindowSecs: number;
  /** URLs of one schedule (MAX_URLS_PER_TASK: each run is one task). */
  maxUrls: number;
}

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
  })
  .meta({ id: 'Schedule' });
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const scheduleListSchema = z.object({ items: z.array(scheduleViewSchema), total: z.number().int() }).meta({ id: 'ScheduleList' });

/**
 * Recurring price checks on Temporal Schedules: the row keeps what to check, the Temporal schedule
 * `price-schedule-<id>` keeps when. Every schedule is visible to its owner only (others get 404).
 */
export class ScheduleService {
  constructor(
    private readonly em: EntityManager,
    private readonly client: Client,
    private readonly policy: UrlPolicy,
    private readonly limits: ScheduleLimits,
    private readonly taskQueue: string,
    private readonly reportError: ErrorReporter,
  ) {}

  async create(ownerId: number, input: ScheduleCreateInput): Promise<ScheduleView> {
    const interval = this.checkInterval(input.every ?? null, input.cron ?? null);
    await this.checkUrls(input.urls);
    const webhookUrl = input.webhook ? await this.checkWebhookUrl(input.webhook.url) : null;
    const count = await this.em.count(Schedule, { owner: ownerId });
    if (count >= this.limits.maxPerUser) {
      throw new TooManyRequestsError(`you already have ${count} schedules (the limit is ${this.limits.maxPerUser}); delete one first`, {
        schedules: count,
        limit: this.limits.maxPerUser,
      });
    }
    const schedule = this.em.create(Schedule, {
      owner: ownerId,
      name: input.name ?? null,
      urls: input.urls,
      region: input.region ?? null,
      every: input.every ?? null,
      cron: input.cron ?? null,
      timezone: input.cron !== undefined ? (input.timezone ?? 'UTC') : null,
      paused: false,
      alerts: input.alerts ?? [],
      webhookUrl,
      webhookSecret: input.webhook?.secret ?? null,
      emailAlerts: input.email ?? false,
    });
    await this.em.flush();
    try {
      await this.createInTemporal(schedule, interval);
    } catch (err) {
      // Without its Temporal schedule the row would never run: remove it so the user can simply try again.
      await this.em.nativeDelete(Schedule, { id: schedule.id });
      const ref = this.reportError(err, `creating Temporal schedule ${priceScheduleId(schedule.id)} failed`);
      throw new UnavailableError(`the schedule could not be created (the workflow service did not accept it; reference ${ref}); retry in a moment`);
    }
    return this.view(schedule);
  }

  async list(ownerId: number): Promise<{ items: ScheduleView[]; total: number }> {
    const schedules = await this.em.find(Schedule, { owner: ownerId }, { orderBy: { id: 'desc' } });
    return { items: await Promise.all(schedules.map((s) => this.view(s))), total: schedules.length };
  }

  async get(id: number, ownerId: number): Promise<ScheduleView> {
    const schedule = await this.findOwn(id, ownerId);
    const next = await this.handle(schedule)
      .describe()
      .then((d) => d.info.nextActionTimes[0]?.toISOString() ?? null)
      .catch(() => null);
    return { ...(await this.view(schedule)), nextRunAt: schedule.paused ? null : next };
  }

  /**
   * Changes any of a schedule's fields. A change of timing updates the Temporal schedule first (`handle.update`),
   * then the row, so the row never claims a timing Temporal refused; URLs and the webhook URL are checked again.
   */
  async update(id: number, ownerId: number, input: SchedulePatchInput): Promise<ScheduleView> {
    const schedule = await this.findOwn(id, ownerId);
    if (input.urls !== undefined) await this.checkUrls(input.urls);
    const webhookUrl = input.webhook ? await this.checkWebhookUrl(input.webhook.url) : null;
    const every = input.every ?? (input.cron !== undefined ? null : (schedule.every ?? null));
    const cron = input.cron ?? (input.every !== undefined ? null : (schedule.cron ?? null));
    if (input.timezone !== undefined && cron === null) {
      throw new UnprocessableError('Invalid timing', '`timezone` applies to `cron` only, and this schedule runs `every` interval', {
        errors: [{ path: 'timezone', message: '`timezone` applies to `cron` only' }],
      });
    }
    const timezone = cron === null ? null : (input.timezone ?? (input.cron !== undefined ? 'UTC' : (schedule.timezone ?? 'UTC')));
    if (every !== schedule.every || cron !== schedule.cron || timezone !== schedule.timezone) {
      const interval = this.checkInterval(every, cron);
      const spec = this.temporalSpec({ cron, timezone }, interval);
      await this.handle(schedule).update((previous) => ({ ...previous, spec }));
      Object.assign(schedule, { every, cron, timezone });
    }
    if (input.name !== undefined) schedule.name = input.name;
    if (input.urls !== undefined) schedule.urls = input.urls;
    if (input.region !== undefined) schedule.region = input.region;
    if (input.alerts !== undefined) schedule.alerts = input.alerts;
    if (input.email !== undefined) schedule.emailAlerts = input.email;
    if (input.webhook !== undefined) {
      schedule.webhookUrl = webhookUrl;
      schedule.webhookSecret = input.webhook?.secret ?? null;
    }
    await this.em.flush();
    return this.view(schedule);
  }

  /** Seconds between the closest two runs of the timing; 422 below the minimum. */
  private checkInterval(every: string | null, cron: string | null): number {
    const interval = every !== null ? durationSecs(every)! : cronMinGapSecs(cron!)!;
    if (interval < this.limits.minIntervalSecs) {
      throw new UnprocessableError('Interval too short', `runs would be ${interval} s apart; the minimum is ${this.limits.minIntervalSecs} s`, {
        intervalSecs: interval,
        minIntervalSecs: this.limits.minIntervalSecs,
      });
    }
    return interval;
  }

  private async checkUrls(urls: string[]): Promise<void> {
    const { problems } = await validateTargets(urls, this.policy);
    if (problems.length > 0) {
      throw new UnprocessableError('Unprocessable URLs', `${problems.length} URL(s) cannot be scraped; fix or remove them and submit again`, { errors: problems });
    }
  }

  /** The webhook URL through the URL gate (like product URLs): its canonical form, or 422 naming `webhook.url`. */
  private async checkWebhookUrl(url: string): Promise<string> {
    try {
      return (await assertSafeUrl(url, this.policy)).url.href;
    } catch (err) {
      if (!(err instanceof UnsafeUrlError)) throw err;
      throw new UnprocessableError('Invalid alert settings', `webhook.url: ${err.message}`, { errors: [{ path: 'webhook.url', message: err.message }] });
    }
  }

  /** Deletes the Temporal schedule, then the row; the runs' tasks stay (their `scheduleId` becomes null). */
  async delete(id: number, ownerId: number): Promise<void> {
    const schedule = await this.findOwn(id, ownerId);
    await this.handle(schedule)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
    await this.em.nativeDelete(Schedule, { id: schedule.id });
  }

  pause(id: number, ownerId: number): Promise<ScheduleView> {
    return this.setPaused(id, ownerId, true);
  }

  resume(id: number, ownerId: number): Promise<ScheduleView> {
    return this.setPaused(id, ownerId, false);
  }

  /** Pauses or resumes the Temporal schedule first, then records it, so the row never claims what Temporal refused. */
  private async setPaused(id: number, ownerId: number, paused: boolean): Promise<ScheduleView> {
    const schedule = await this.findOwn(id, ownerId);
    const handle = this.handle(schedule);
    await (paused ? handle.pause('paused through the API') : handle.unpause('resumed through the API'));
    schedule.paused = paused;
    await this.em.flush();
    return this.view(schedule);
  }

  /**
   * Starts a run now. A paused schedule refuses (409): pausing means "no checks" until it is resumed. While a run is
   * still going, the overlap policy (skip) drops the trigger, like a scheduled time that comes too early.
   */
  async trigger(id: number, ownerId: number): Promise<ScheduleView> {
    const schedule = await this.findOwn(id, ownerId);
    if (schedule.paused) throw new ConflictError(`schedule ${id} is paused; resume it before triggering a run`);
    await this.handle(schedule).trigger(ScheduleOverlapPolicy.SKIP);
    return this.view(schedule);
  }

  /** 404 unless the schedule exists and is the caller's (checked before a body is read, so others learn nothing from it). */
  async assertOwned(id: number, ownerId: number): Promise<void> {
    await this.findOwn(id, ownerId);
  }

  private async findOwn(id: number, ownerId: number): Promise<ISchedule> {
    const schedule = await this.em.findOne(Schedule, { id, owner: ownerId });
    if (!schedule) throw new NotFoundError(`schedule ${id} not found`);
    return schedule;
  }

  private handle(schedule: ISchedule) {
    return this.client.schedule.getHandle(priceScheduleId(schedule.id));
  }

  private async createInTemporal(schedule: ISchedule, intervalSecs: number): Promise<void> {
    const input: ScheduledCheckInput = { scheduleId: schedule.id };
    const ownerId = String(schedule.owner.id);
    const attributes = [
      { key: TaskTypeAttr, value: SCHEDULED_TASK_KIND },
      { key: OwnerIdAttr, value: ownerId },
    ];
    await this.client.schedule.create({
      scheduleId: priceScheduleId(schedule.id),
      spec: this.temporalSpec({ cron: schedule.cron ?? null, timezone: schedule.timezone ?? null }, intervalSecs),
      action: {
        type: 'startWorkflow',
        workflowType: SCHEDULED_CHECK_WORKFLOW_TYPE,
        // Temporal appends the fire time, so every run has its own id with the schedule's as prefix.
        workflowId: `${priceScheduleId(schedule.id)}-run`,
        taskQueue: this.taskQueue,
        args: [input],
        typedSearchAttributes: attributes,
      },
      policies: {
        // A check still running when the next is due makes that one pointless: skip it rather than queue it.
        overlap: ScheduleOverlapPolicy.SKIP,
        // After an outage, only runs missed in the last window start; older ones are dropped, never replayed.
        catchupWindow: this.limits.catchupWindowSecs * 1000,
        pauseOnFailure: false,
      },
      typedSearchAttributes: attributes,
      ...(schedule.name ? { memo: { name: schedule.name } } : {}),
      state: { note: schedule.name ?? `price check ${schedule.id}` },
    });
  }

  private temporalSpec(timing: { cron: string | null; timezone: string | null }, intervalSecs: number) {
    return timing.cron ? { cronExpressions: [timing.cron], timezone: timing.timezone ?? 'UTC' } : { intervals: [{ every: intervalSecs * 1000 }] };
  }

  private async view(schedule: ISchedule): Promise<ScheduleView> {
    const last = await this.em.findOne(Task, { schedule: schedule.id }, { orderBy: { id: 'desc' }, fields: ['id'] });
    return {
      id: schedule.id,
      name: schedule.name ?? null,
      urls: schedule.urls,
      region: schedule.region ?? null,
      every: schedule.every ?? null,
      cron: schedule.cron ?? null,
      timezone: schedule.timezone ?? null,
      paused: schedule.paused,
      createdAt: schedule.createdAt.toISOString(),
      temporalScheduleId: priceScheduleId(schedule.id),
      lastTaskId: last?.id ?? null,
      alerts: schedule.alerts,
      // The secret column is lazy and never read for a view; a webhook is only ever stored with its secret.
      webhook: schedule.webhookUrl ? { url: schedule.webhookUrl, hasSecret: true } : null,
      email: schedule.emailAlerts,
    };
  }
}
