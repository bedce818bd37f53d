import type { EntityManager } from '@mikro-orm/postgresql';
import { OfferTask, TaskStatus, TERMINAL_TASK_STATUSES, offerTaskWorkflowId } from '../entities/index.js';
import { OfferProgressService } from './offer-progress.service.js';

/** What Temporal says about a workflow, reduced to what the reconciler needs. */
export type WorkflowState = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW' | 'NOT_FOUND' | 'UNKNOWN';

export interface WorkflowStateSource {
  describe(workflowId: string): Promise<WorkflowState>;
  /** Ids of offer-task workflows running now. */
  listRunning(): Promise<Set<string>>;
  /** Starts the workflow of a task whose start was lost (API crash between commit and start). */
  start(taskId: number, ownerId: number): Promise<void>;
}

export interface ReconcileSummary {
  checked: number;
  repaired: { taskId: number; from: string; to: string; why: string }[];
}

export interface ReconcileOptions {
  /** Tasks touched more recently than this are left alone (their workflow may simply be starting). @default 15 */
  graceSecs?: number;
  /** Most tasks examined per pass. @default 500 */
  batchSize?: number;
}

/**
 * Repairs stored task status from the workflows' real state. Terminate and Reset (Web UI, CLI) run no workflow
 * code, and an API crash can lose a start; this pass, run periodically, brings PostgreSQL back in step.
 */
export async function reconcileOfferTasks(em: EntityManager, source: WorkflowStateSource, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const graceMs = (options.graceSecs ?? 15) * 1000;
  const cutoff = new Date(Date.now() - graceMs);
  const progress = new OfferProgressService(em);
  const summary: ReconcileSummary = { checked: 0, repaired: [] };
  const note = (taskId: number, from: string, to: string, why: string) => summary.repaired.push({ taskId, from, to, why });

  const open = await em.find(
    OfferTask,
    { status: { $in: [TaskStatus.Pending, TaskStatus.Running] }, updatedAt: { $lt: cutoff } },
    { orderBy: { id: 'asc' }, limit: options.batchSize ?? 500 },
  );
  for (const task of open) {
    summary.checked++;
    const state = await source.describe(offerTaskWorkflowId(task.id));
    switch (state) {
      case 'RUNNING':
      case 'CONTINUED_AS_NEW':
      case 'UNKNOWN':
        break;
      case 'NOT_FOUND':
        if (task.status === TaskStatus.Pending) {
          await source.start(task.id, task.owner.id);
          note(task.id, task.status, 'pending', 'workflow was never started; started it');
        } else {
          await progress.failTask(task.id, 'the workflow of this task no longer exists');
          note(task.id, task.status, 'failed', 'workflow not found');
        }
        break;
      case 'COMPLETED': {
        const outcome = await progress.finishTask(task.id);
        note(task.id, task.status, outcome.status, 'workflow completed without recording it');
        break;
      }
      case 'CANCELLED':
        await progress.cancelTask(task.id);
        note(task.id, task.status, 'cancelled', 'workflow was cancelled');
        break;
      case 'TERMINATED':
        await progress.cancelTask(task.id, 'terminated by an operator');
        note(task.id, task.status, 'cancelled', 'workflow was terminated');
        break;
      case 'FAILED':
      case 'TIMED_OUT':
        await progress.cancelTask(task.id);
        await progress.failTask(task.id, `the workflow ${state === 'FAILED' ? 'failed' : 'timed out'}`, true);
        note(task.id, task.status, 'failed', `workflow ${state.toLowerCase()}`);
        break;
    }
  }

  // A Reset of a closed workflow starts a new run: its task must read as running again.
  const running = await source.listRunning();
  const ids = [...running].map((id) => Number(/^offer-task-(\d+)$/.exec(id)?.[1])).filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length > 0) {
    const reopened = await em.find(OfferTask, { id: { $in: ids }, status: { $in: TERMINAL_TASK_STATUSES as TaskStatus[] }, updatedAt: { $lt: cutoff } });
    for (const task of reopened) {
      await em.nativeUpdate(OfferTask, { id: task.id }, { status: TaskStatus.Running, finishedAt: null, error: null, updatedAt: new Date() });
      note(task.id, task.status, 'running', 'workflow is running again (reset)');
    }
  }
  return summary;
}
