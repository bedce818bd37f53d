import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { OwnerIdAttr, TaskIdAttr, TaskTypeAttr } from '../temporal/search-attributes.js';
import { PROGRESS_QUERY, TASK_WORKFLOW_TYPE, taskWorkflowId, type TaskKind, type TaskProgress, type TaskWorkflowInput } from './contract.js';

export interface TaskRunnerOptions {
  taskQueue: string;
  browserTaskQueue: string;
  /** Scrape activities one task keeps in flight. */
  concurrency: number;
  /** Products one workflow run handles before continuing as new. */
  productsPerRun?: number;
}

/** The task a runner acts on. */
export interface TaskRef {
  kind: TaskKind;
  id: number;
}

/** Starts, cancels and queries task workflows through the contract. The workflow id comes from the task, so starts are idempotent. */
export class TaskRunner {
  constructor(
    private readonly client: Client,
    private readonly options: TaskRunnerOptions,
  ) {}

  /** The input of a task's workflow, from this deployment's queues and limits. */
  workflowInput(task: TaskRef): TaskWorkflowInput {
    return {
      kind: task.kind,
      taskId: task.id,
      browserTaskQueue: this.options.browserTaskQueue,
      concurrency: this.options.concurrency,
      ...(this.options.productsPerRun ? { maxProductsPerRun: this.options.productsPerRun } : {}),
    };
  }

  async start(task: TaskRef, ownerId: number): Promise<void> {
    const input = this.workflowInput(task);
    try {
      await this.client.workflow.start(TASK_WORKFLOW_TYPE, {
        workflowId: taskWorkflowId(task.kind, task.id),
        taskQueue: this.options.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [input],
        typedSearchAttributes: [
          { key: TaskTypeAttr, value: task.kind },
          { key: TaskIdAttr, value: String(task.id) },
          { key: OwnerIdAttr, value: String(ownerId) },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** Requests cancellation; the workflow marks the task and its unfinished products cancelled. */
  async cancel(task: TaskRef): Promise<void> {
    try {
      await this.client.workflow.getHandle(taskWorkflowId(task.kind, task.id)).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  /** Live progress from the running workflow; null when no worker answers within `timeoutMs` or the run is gone. */
  async progress(task: TaskRef, timeoutMs = 1000): Promise<TaskProgress | null> {
    const handle = this.client.workflow.getHandle(taskWorkflowId(task.kind, task.id));
    // Aborting (not just racing a timer) stops the client's retries, which would otherwise outlive the request.
    return this.client.withAbortSignal(AbortSignal.timeout(timeoutMs), () => handle.query<TaskProgress>(PROGRESS_QUERY)).catch(() => null);
  }
}
