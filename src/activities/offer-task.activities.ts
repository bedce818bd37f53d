import type { Database } from '../db/orm.js';
import { OfferProgressService, type PendingProduct, type TaskOutcome } from '../services/offer-progress.service.js';

export interface OfferTaskActivityDeps {
  db: Database;
}

/**
 * Light activities of the offer-task workflow: status writes and paging through the task's products. They run on
 * the workflow task queue, not on the browser queue, so status writes never wait behind page loads.
 */
export function createOfferTaskActivities({ db }: OfferTaskActivityDeps) {
  const progress = () => new OfferProgressService(db.em.fork());
  return {
    async startOfferTask(input: { taskId: number }): Promise<void> {
      await progress().markTaskRunning(input.taskId);
    },
    async listPendingProducts(input: { taskId: number; afterId: number; limit: number }): Promise<PendingProduct[]> {
      return progress().listPendingProducts(input.taskId, input.afterId, input.limit);
    },
    async recordProductFailure(input: { productId: number; code: string; message: string }): Promise<void> {
      await progress().markProductFailed(input.productId, input.code, input.message);
    },
    async finishOfferTask(input: { taskId: number }): Promise<TaskOutcome> {
      return progress().finishTask(input.taskId);
    },
    async cancelOfferTask(input: { taskId: number }): Promise<TaskOutcome> {
      return progress().cancelTask(input.taskId);
    },
  };
}

export type OfferTaskActivities = ReturnType<typeof createOfferTaskActivities>;
