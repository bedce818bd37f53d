import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TASK_WORKFLOW_TYPE } from '../tasks/contract.js';
import type { WorkflowState, WorkflowStateSource } from '../tasks/reconciler.js';
import type { TaskRef, TaskRunner } from '../tasks/task-runner.js';

const KNOWN: WorkflowState[] = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW'];

/** Reads workflow state from Temporal for the reconciler (describe the latest run; list running ones). */
export class TemporalWorkflowStateSource implements WorkflowStateSource {
  constructor(
    private readonly client: Client,
    private readonly runner: TaskRunner,
  ) {}

  async describe(workflowId: string): Promise<WorkflowState> {
    try {
      const description = await this.client.workflow.getHandle(workflowId).describe();
      const name = description.status.name as WorkflowState;
      return KNOWN.includes(name) ? name : 'UNKNOWN';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
      throw err;
    }
  }

  async listRunning(): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const wf of this.client.workflow.list({ query: `WorkflowType = '${TASK_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'` })) {
      ids.add(wf.workflowId);
      if (ids.size >= 10_000) break;
    }
    return ids;
  }

  start(task: TaskRef, ownerId: number): Promise<void> {
    return this.runner.start(task, ownerId);
  }
}
