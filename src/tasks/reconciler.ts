import type { EntityManager } from '@mikro-orm/postgresql';
import { Task, TaskStatus, TERMINAL_TASK_STATUSES } from '../entities/index.js';
import { parseTaskWorkflowId, taskWorkflowId } from './contract.js';
import type { TaskRef } from './task-runner.js';
import { TaskTransitions } from './task-transitions.js';

/** What Temporal says about a workflow, reduced to what the reconciler needs. */
export type WorkflowState = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW' | 'NOT_FOUND' | 'UNKNOWN';

export interface WorkflowStateSource {
  describe(workflowId: string): Promise<WorkflowState>;
  /** Ids of task workflows running now. */
  listRunning(): Promise<Set<string>>;
  /** Starts the workflow of a task whose start was lost (API crash between commit and start). */
  start(task: TaskRef, ownerId: number): Promise<void>;
}

export interface ReconcileSummary {
  checked: number;
  repaired: { taskId: number; kind: string; from: string; to: string; why: string }[];
}

export interface ReconcileOptions {
  /** Tasks touched more recently than this are left alone (their workflow may simply be starting). @default 15 */
  graceSecs?: number;
  /** Most tasks examined per pass. @default 500 */
  batchSize?: number;
}

/**
 * Repairs stored task status from the workflows' real state, for every kind. Terminate and Reset (Web UI, CLI) run
 * no workflow code, and an API crash can lose a start; this pass, run periodically, brings PostgreSQL back in step.
 */
export async function reconcileTasks(em: EntityManager, source: WorkflowStateSource, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const cutoff = new Date(Date.now() - (options.graceSecs ?? 15) * 1000);
  const transitions = new TaskTransitions(em);
  const summary: ReconcileSummary = { checked: 0, repaired: [] };

  const open = await em.find(
    Task,
    { status: { $in: [TaskStatus.Pending, TaskStatus.Running] }, updatedAt: { $lt: cutoff } },
    { orderBy: { id: 'asc' }, limit: options.batchSize ?? 500 },
  );
  for (const task of open) {
    summary.checked++;
    const note = (to: string, why: string) => summary.repaired.push({ taskId: task.id, kind: task.kind, from: task.status, to, why });
    const state = await source.describe(taskWorkflowId(task.kind, task.id));
    switch (state) {
      case 'RUNNING':
      case 'CONTINUED_AS_NEW':
      case 'UNKNOWN':
        break;
      case 'NOT_FOUND':
        if (task.status === TaskStatus.Pending) {
          await source.start({ kind: task.kind, id: task.id }, task.owner.id);
          note('pending', 'workflow was never started; started it');
        } else {
          await transitions.failTask(task.id, 'the workflow of this task no longer exists');
          note('failed', 'workflow not found');
        }
        break;
      case 'COMPLETED': {
        const outcome = await transitions.finishTask(task.id);
        note(outcome.status, 'workflow completed without recording it');
        break;
      }
      case 'CANCELLED':
        await transitions.cancelTask(task.id);
        note('cancelled', 'workflow was cancelled');
        break;
      case 'TERMINATED':
        await transitions.cancelTask(task.id, 'terminated by an operator');
        note('cancelled', 'workflow was terminated');
        break;
      case 'FAILED':
      case 'TIMED_OUT':
        await transitions.cancelTask(task.id);
        await transitions.failTask(task.id, `the workflow ${state === 'FAILED' ? 'failed' : 'timed out'}`, true);
        note('failed', `workflow ${state.toLowerCase()}`);
        break;
    }
  }

  // A Reset of a closed workflow starts a new run: its task must read as running again.
  const running = [...(await source.listRunning())].map(parseTaskWorkflowId).filter((r) => r !== null);
  for (const ref of running) {
    const task = await em.findOne(Task, { id: ref.taskId, kind: ref.kind, status: { $in: TERMINAL_TASK_STATUSES as TaskStatus[] }, updatedAt: { $lt: cutoff } });
    if (!task) continue;
    await transitions.reopenTask(task.id);
    summary.repaired.push({ taskId: task.id, kind: task.kind, from: task.status, to: 'running', why: 'workflow is running again (reset)' });
  }
  return summary;
}
