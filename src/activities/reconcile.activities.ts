import type { Client } from '@temporalio/client';
import type { Database } from '../db/orm.js';
import type { ReconcileActivities } from '../tasks/contract.js';
import { reconcileTasks, type ReconcileSummary } from '../tasks/reconciler.js';
import { TaskRunner, type TaskRunnerOptions } from '../tasks/task-runner.js';
import { TemporalWorkflowStateSource } from '../temporal/workflow-state-source.js';

export interface ReconcileActivityDeps {
  db: Database;
  client: Client;
  runner: TaskRunnerOptions;
  graceSecs: number;
}

/** The reconciler's one activity: compare PostgreSQL with Temporal and repair task status. */
export function createReconcileActivities(deps: ReconcileActivityDeps) {
  const source = new TemporalWorkflowStateSource(deps.client, new TaskRunner(deps.client, deps.runner));
  return {
    async reconcileTasks(): Promise<ReconcileSummary> {
      return reconcileTasks(deps.db.em.fork(), source, { graceSecs: deps.graceSecs });
    },
  } satisfies ReconcileActivities;
}
