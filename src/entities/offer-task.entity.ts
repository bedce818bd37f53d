import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TaskStatus } from './statuses.js';
import { User } from './user.entity.js';

/** A user's request to collect prices for a list of product URLs; run by the workflow `offer-task-<id>`. */
export const OfferTask = defineEntity({
  name: 'OfferTask',
  tableName: 'offer_tasks',
  uniques: [{ properties: ['owner', 'idempotencyKey'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    owner: () => p.manyToOne(User).index().deleteRule('cascade'),
    status: p.enum(Object.values(TaskStatus)).default(TaskStatus.Pending).index(),
    region: p.string().length(64).nullable(),
    /** Client-supplied key that makes a retried submission return the same task. */
    idempotencyKey: p.string().length(128).nullable(),
    /** Why the task as a whole failed (not per product). */
    error: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type IOfferTask = InferEntity<typeof OfferTask>;

/** Workflow id of a task: deterministic, so a repeated start can never create a second run. */
export function offerTaskWorkflowId(taskId: number): string {
  return `offer-task-${taskId}`;
}
