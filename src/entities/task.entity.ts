import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TaskStatus } from './statuses.js';
import { User } from './user.entity.js';
import { Schedule } from './schedule.entity.js';

/**
 * A user's request to collect data for a list of product URLs: prices (`kind = 'offer'`, an OfferTask) or
 * characteristics (`kind = 'spec'`, a SpecTask). Run by the workflow `<kind>-task-<id>`.
 */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  uniques: [{ properties: ['owner', 'kind', 'idempotencyKey'] }],
  indexes: [{ properties: ['owner', 'kind', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.string().length(16),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
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
    /** The schedule whose run created this task; null for tasks submitted directly (and once the schedule is deleted). */
    schedule: () => p.manyToOne(Schedule).nullable().deleteRule('set null').index(),
  },
});
export type ITask = InferEntity<typeof Task>;
