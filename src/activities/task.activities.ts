import type { Database } from '../db/orm.js';
import type { TaskActivities } from '../tasks/contract.js';
import { TaskTransitions } from '../tasks/task-transitions.js';

export interface TaskActivityDeps {
  db: Database;
}

/** Light activities of every task workflow: status writes and paging through the task's products. */
export function createTaskActivities({ db }: TaskActivityDeps) {
  const transitions = () => new TaskTransitions(db.em.fork());
  return {
    async startTask({ taskId }) {
      await transitions().markTaskRunning(taskId);
    },
    async listPendingProducts({ taskId, afterId, limit }) {
      return transitions().listPendingProducts(taskId, afterId, limit);
    },
    async recordProductFailure({ productId, code, message }) {
      await transitions().markProductFailed(productId, code, message);
    },
    async finishTask({ taskId }) {
      return transitions().finishTask(taskId);
    },
    async cancelTask({ taskId }) {
      return transitions().cancelTask(taskId);
    },
  } satisfies TaskActivities;
}
