import type { EntityManager } from '@mikro-orm/postgresql';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import { Schedule, Task, type ISchedule } from '../entities/index.js';
import { assertSafeUrl, UnsafeUrlError, type UrlPolicy } from '../security/index.js';
import { SCHEDULED_CHECK_WORKFLOW_TYPE, SCHEDULED_TASK_KIND, priceScheduleId, type ScheduledCheckInput } from '../tasks/contract.js';
import { validateTargets } from '../tasks/target-validation.js';
import { OwnerIdAttr, TaskTypeAttr } from '../temporal/search-attributes.js';
import { ConflictError, NotFoundError, TooManyRequestsError, UnavailableError, UnprocessableError } from '../util/domain-errors.js';
import type { ErrorReporter } from '../util/error-ref.js';
import type { SecretBox } from '../security/secret-box.js';
import { cronMinGapSecs, durationSecs } from './schedule-spec.js';
import type { ScheduleCreateInput, SchedulePatchInput, ScheduleView } from './schedule.schemas.js';

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
    /** Webhook secrets are stored sealed (the API never returns them; the sender opens them to sign). */
    private readonly secretBox: SecretBox,
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
      webhookSecret: input.webhook ? this.secretBox.seal(input.webhook.secret) : null,
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
    // At most MAX_SCHEDULES_PER_USER describes, in parallel: the list shows a pause made in the Web UI as well.
    await this.describeAllAndSync(schedules);
    return { items: await Promise.all(schedules.map((s) => this.view(s))), total: schedules.length };
  }

  async get(id: number, ownerId: number): Promise<ScheduleView> {
    const schedule = await this.findOwn(id, ownerId);
    const described = await this.describeAndSync(schedule);
    const next = described?.info.nextActionTimes[0]?.toISOString() ?? null;
    return { ...(await this.view(schedule)), nextRunAt: schedule.paused ? null : next };
  }

  /**
   * Temporal's view of the schedule, with the row's `paused` brought in line with it: an operator may pause or
   * unpause a schedule in the Web UI, and the API must then answer what Temporal will do. Null when Temporal cannot
   * be asked just now (the row is answered as stored).
   */
  private async describeAndSync(schedule: ISchedule): Promise<ScheduleDescription | null> {
    return (await this.describeAllAndSync([schedule]))[0] ?? null;
  }

  /** {@link describeAndSync} for several schedules: the describes run in parallel, the changed rows flush once. */
  private async describeAllAndSync(schedules: ISchedule[]): Promise<(ScheduleDescription | null)[]> {
    const described = await Promise.all(schedules.map((s) => this.handle(s).describe().catch(() => null)));
    let changed = false;
    described.forEach((d, i) => {
      const schedule = schedules[i]!;
      if (d && d.state.paused !== schedule.paused) {
        schedule.paused = d.state.paused;
        changed = true;
      }
    });
    if (changed) await this.em.flush();
    return described;
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
      schedule.webhookSecret = input.webhook ? this.secretBox.seal(input.webhook.secret) : null;
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
    await this.describeAndSync(schedule);
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
      refusedRun: schedule.refusedRunAt ? { at: schedule.refusedRunAt.toISOString(), reason: schedule.refusedRunReason ?? '' } : null,
    };
  }
}
