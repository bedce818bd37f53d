import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/orm.js';
import { Schedule } from '../entities/index.js';
import type { UrlPolicy } from '../security/index.js';
import { SCHEDULED_TASK_KIND, type ScheduleActivities, type ScheduledRun } from '../tasks/contract.js';
import { kindDefinition } from '../tasks/registry.js';
import { TaskRunner, type TaskRunnerOptions } from '../tasks/task-runner.js';
import { TaskService, type SubmittedTarget } from '../tasks/task.service.js';
import { DomainError } from '../util/domain-errors.js';

export interface ScheduleActivityDeps {
  db: Database;
  client: Client;
  runner: TaskRunnerOptions;
  policy: UrlPolicy;
  maxActiveTasksPerUser: number;
}

/**
 * The light activities of a schedule's run: they store the run's price task, and the confirmation task that
 * re-fetches changed pages, through the task service (both are ordinary price tasks with the schedule's id).
 */
export function createScheduleActivities(deps: ScheduleActivityDeps) {
  const runner = new TaskRunner(deps.client, deps.runner);

  /** Stores a task of the schedule; `null` when the schedule was deleted. `keySuffix` tells a run's tasks apart. */
  async function storeRun(scheduleId: number, targets: (schedule: { urls: string[]; region: string | null }) => SubmittedTarget[], keySuffix: string): Promise<ScheduledRun | null> {
    const em = deps.db.em.fork();
    const schedule = await em.findOne(Schedule, scheduleId);
    if (!schedule) return null;
    const service = new TaskService(em, kindDefinition(SCHEDULED_TASK_KIND), runner, deps.policy, { maxActiveTasksPerUser: deps.maxActiveTasksPerUser }, (err) => {
      Context.current().log.error('scheduled task', { error: String(err) });
      return 'activity';
    });
    try {
      const { task } = await service.store({
        ownerId: schedule.owner.id,
        targets: targets({ urls: schedule.urls, region: schedule.region ?? null }),
        region: schedule.region ?? undefined,
        scheduleId,
        // The run's own key: a retried activity finds the task its first attempt stored instead of adding one.
        idempotencyKey: runKey(scheduleId, keySuffix),
      });
      if (schedule.refusedRunAt) await em.nativeUpdate(Schedule, { id: scheduleId }, { refusedRunAt: null, refusedRunReason: null });
      return { taskId: task.id, ownerId: schedule.owner.id, workflow: runner.workflowInput({ kind: task.kind, id: task.id }) };
    } catch (err) {
      // URLs the policy refuses now, or too many active tasks: retrying cannot help, so this run fails at once. The
      // schedule keeps why, so its owner sees it through the API and not only operators in the Web UI.
      if (err instanceof DomainError) {
        await deps.db.em.fork().nativeUpdate(Schedule, { id: scheduleId }, { refusedRunAt: new Date(), refusedRunReason: refusalText(err) });
        throw ApplicationFailure.nonRetryable(err.message, 'ScheduledRunRefused');
      }
      throw err;
    }
  }

  return {
    createScheduledTask: ({ scheduleId }) => storeRun(scheduleId, (s) => s.urls.map((url) => ({ url })), ''),
    createConfirmationTask: ({ scheduleId, taskId, targets }) =>
      storeRun(scheduleId, () => targets.map((t) => ({ url: t.url, region: t.region ?? undefined })), `-confirm-${taskId}`),
  } satisfies ScheduleActivities;
}

/** The service's message plus its details (which URLs, which limit), as one line a person can act on. */
function refusalText(err: DomainError): string {
  const errors = Array.isArray(err.extra['errors']) ? (err.extra['errors'] as { message?: unknown }[]) : [];
  const reasons = errors.slice(0, 5).map((e) => String(e.message)).join('; ');
  const more = errors.length > 5 ? `; and ${errors.length - 5} more` : '';
  return (reasons ? `${err.detail}: ${reasons}${more}` : err.detail).slice(0, 2000);
}

/**
 * The run's workflow id and run id, plus `suffix`. Temporal appends the fire time to the workflow id only to the
 * second, so two triggers within one second share it; the run id tells them apart (and stays the same when an
 * activity is retried).
 */
function runKey(scheduleId: number, suffix: string): string {
  const info = Context.current().info;
  const run = info.workflowExecution;
  const base = run ? `${run.workflowId}/${run.runId}` : `schedule-${scheduleId}-${info.activityId}`;
  return base.slice(0, 128 - suffix.length) + suffix;
}
