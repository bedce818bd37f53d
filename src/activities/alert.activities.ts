import type { Database } from '../db/orm.js';
import { findAlertCandidates, raiseAlerts } from '../monitoring/alert-evaluation.js';
import type { AlertActivities } from '../tasks/contract.js';

/** Alert evaluation of scheduled runs (light activities on the workflow task queue). */
export function createAlertActivities(deps: { db: Database }) {
  return {
    findAlertCandidates: ({ scheduleId, taskId }) => findAlertCandidates(deps.db.em.fork(), scheduleId, taskId),
    raiseAlerts: (input) => raiseAlerts(deps.db.em.fork(), input),
  } satisfies AlertActivities;
}
