import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfferTask } from './offer-task.entity.js';

/** What the user asked for, exactly as submitted (URLs in their order, region). */
export const OfferTaskRequest = defineEntity({
  name: 'OfferTaskRequest',
  tableName: 'offer_task_requests',
  properties: {
    id: p.integer().primary().autoincrement(),
    task: () => p.oneToOne(OfferTask).owner().unique().deleteRule('cascade'),
    urls: p.json<string[]>(),
    region: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IOfferTaskRequest = InferEntity<typeof OfferTaskRequest>;
