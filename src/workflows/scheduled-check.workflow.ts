import { executeChild, ParentClosePolicy, patched, proxyActivities } from '@temporalio/workflow';
import {
  SEARCH_ATTRIBUTES,
  TASK_WORKFLOW_TYPE,
  taskWorkflowId,
  type AlertActivities,
  type ScheduleActivities,
  type ScheduledCheckInput,
  type ScheduledRun,
  type TaskProgress,
  type TaskWorkflowInput,
} from '../tasks/contract.js';

const light = proxyActivities<ScheduleActivities & AlertActivities>({
  startToCloseTimeout: '1 minute',
  // Refusals (URLs no longer allowed, too many active tasks) are non-retryable and fail this run; the rest retries.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

// @temporalio/workflow does not export defineSearchAttributeKey; a key is just its name and type.
const keyword = (name: string) => ({ name, type: 'KEYWORD' as const });

/** Marks the alert step, so runs started before it existed replay as they ran. */
const ALERTS_PATCH = 'price-alerts';

/**
 * One run of a schedule: stores an ordinary price task (so it reads like any other task) and runs it as a child.
 * The run stays open until the task ends, which is what makes the schedule's overlap policy SKIP mean "never two
 * checks of one schedule at once". Then the schedule's alert rules are evaluated against the price history; pages
 * whose change matches a rule are fetched once more by a confirmation task (a second child, also an ordinary price
 * task of the schedule), and only the changes that re-fetch agrees with raise alerts.
 */
export async function scheduledCheckWorkflow(input: ScheduledCheckInput): Promise<TaskProgress | null> {
  const run = await light.createScheduledTask(input);
  if (!run) return null; // the schedule was deleted between the action firing and this run
  let progress: TaskProgress;
  try {
    progress = await runTask(run);
  } catch (err) {
    // The reconciler may have started a pending task's workflow first; the task runs either way.
    // (@temporalio/workflow does not export that error class, so it is recognised by name.)
    if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return null;
    throw err;
  }
  if (patched(ALERTS_PATCH)) await checkAlerts(input.scheduleId, run.taskId);
  return progress;
}

async function checkAlerts(scheduleId: number, taskId: number): Promise<void> {
  const candidates = await light.findAlertCandidates({ scheduleId, taskId });
  if (candidates.length === 0) return;
  const confirmation = await light.createConfirmationTask({ scheduleId, taskId, targets: candidates.map((c) => ({ url: c.url, region: c.region })) });
  if (!confirmation) return;
  await runTask(confirmation);
  await light.raiseAlerts({ scheduleId, taskId, confirmTaskId: confirmation.taskId, candidates });
}

function runTask(run: ScheduledRun): Promise<TaskProgress> {
  return executeChild<(arg: TaskWorkflowInput) => Promise<TaskProgress>>(TASK_WORKFLOW_TYPE, {
    workflowId: taskWorkflowId(run.workflow.kind, run.taskId),
    args: [run.workflow],
    // The task must finish even if this run is terminated (the reconciler still watches it by its own id).
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: keyword(SEARCH_ATTRIBUTES.taskType), value: run.workflow.kind },
      { key: keyword(SEARCH_ATTRIBUTES.taskId), value: String(run.taskId) },
      { key: keyword(SEARCH_ATTRIBUTES.ownerId), value: String(run.ownerId) },
    ],
  });
}
