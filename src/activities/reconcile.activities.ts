import type { Client } from '@temporalio/client';
import type { Database } from '../db/orm.js';
import { reconcileOfferTasks, type ReconcileSummary } from '../services/offer-task-reconciler.js';
import { OfferTaskRunner, type OfferTaskRunnerOptions } from '../temporal/offer-task-runner.js';
import { TemporalWorkflowStateSource } from '../temporal/workflow-state-source.js';

export interface ReconcileActivityDeps {
  db: Database;
  client: Client;
  runner: OfferTaskRunnerOptions;
  graceSecs: number;
}

/** The reconciler's one activity: compare PostgreSQL with Temporal and repair task status. */
export function createReconcileActivities(deps: ReconcileActivityDeps) {
  const source = new TemporalWorkflowStateSource(deps.client, new OfferTaskRunner(deps.client, deps.runner));
  return {
    async reconcileOfferTasks(): Promise<ReconcileSummary> {
      return reconcileOfferTasks(deps.db.em.fork(), source, { graceSecs: deps.graceSecs });
    },
  };
}

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
