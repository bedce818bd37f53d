import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { offerTaskWorkflowId } from '../entities/index.js';
import type { offerTaskWorkflow, OfferTaskProgress } from '../workflows/index.js';
import { OwnerIdAttr, TaskIdAttr, TaskTypeAttr } from './search-attributes.js';

export interface OfferTaskRunnerOptions {
  taskQueue: string;
  browserTaskQueue: string;
  concurrency: number;
  /** Products one workflow run handles before continuing as new. */
  productsPerRun?: number;
}

/** Starts, cancels and queries offer-task workflows. The workflow id comes from the task, so starts are idempotent. */
export class OfferTaskRunner {
  constructor(
    private readonly client: Client,
    private readonly options: OfferTaskRunnerOptions,
  ) {}

  async start(taskId: number, ownerId: number): Promise<void> {
    try {
      await this.client.workflow.start<typeof offerTaskWorkflow>('offerTaskWorkflow', {
        workflowId: offerTaskWorkflowId(taskId),
        taskQueue: this.options.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [
          {
            taskId,
            browserTaskQueue: this.options.browserTaskQueue,
            concurrency: this.options.concurrency,
            maxProductsPerRun: this.options.productsPerRun,
          },
        ],
        typedSearchAttributes: [
          { key: TaskTypeAttr, value: 'offer' },
          { key: TaskIdAttr, value: String(taskId) },
          { key: OwnerIdAttr, value: String(ownerId) },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** Requests cancellation; the workflow marks the task and its unfinished products cancelled. */
  async cancel(taskId: number): Promise<void> {
    try {
      await this.client.workflow.getHandle(offerTaskWorkflowId(taskId)).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  /** Live progress from the running workflow; null when no worker answers quickly or the run is gone. */
  async progress(taskId: number): Promise<OfferTaskProgress | null> {
    const handle = this.client.workflow.getHandle(offerTaskWorkflowId(taskId));
    // Aborting (not just racing a timer) stops the client's retries, which would otherwise outlive the request.
    return this.client
      .withAbortSignal(AbortSignal.timeout(1000), () => handle.query<OfferTaskProgress>('progress'))
      .catch(() => null);
  }
}
