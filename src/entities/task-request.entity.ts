import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Task } from './task.entity.js';

/** What the user asked for, exactly as submitted (URLs in their order, region): OfferTaskRequest / SpecTaskRequest. */
export const TaskRequest = defineEntity({
  name: 'TaskRequest',
  tableName: 'task_requests',
  properties: {
    id: p.integer().primary().autoincrement(),
    task: () => p.oneToOne(Task).owner().unique().deleteRule('cascade'),
    urls: p.json<string[]>(),
    region: p.string().length(64).nullable(),
    /** `json` or `csv` (a file upload); kept to tell users how a task arrived. */
    source: p.string().length(16).default('json'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ITaskRequest = InferEntity<typeof TaskRequest>;
