import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ProductStatus } from './statuses.js';
import { Task } from './task.entity.js';

/**
 * One product URL of a task (a ProductOffer of a price task, a ProductSpec of a characteristics task), with its own
 * status and what was read from its page. What a kind collects lives in its own rows (prices, characteristics).
 */
export const TaskProduct = defineEntity({
  name: 'TaskProduct',
  tableName: 'task_products',
  uniques: [{ properties: ['task', 'position'] }],
  indexes: [{ properties: ['task', 'status'] }, { properties: ['finishedAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    task: () => p.manyToOne(Task).deleteRule('cascade'),
    /** Index of the URL in the submitted list (0-based); keeps results in the user's order. */
    position: p.integer(),
    url: p.text(),
    domain: p.string().length(255).index(),
    region: p.string().length(64).nullable(),
    status: p.enum(Object.values(ProductStatus)).default(ProductStatus.Pending),
    /** Machine-readable failure kind (`http-404`, `blocked`, `no-price-found`, ...). */
    errorCode: p.string().length(64).nullable(),
    /** What went wrong and what to do, for people. */
    error: p.text().nullable(),
    name: p.text().nullable(),
    /** schema.org availability term: InStock, OutOfStock, PreOrder, ... (price tasks) */
    availability: p.string().length(32).nullable(),
    /** Everything else the extractor found (identifiers, brand, images, provenance), as returned by it. */
    details: p.json<Record<string, unknown>>().nullable().lazy(),
    attempts: p.integer().default(0),
    /** How the page was read: `http` (plain GET, the data was in the HTML) or `browser` (rendered in Chromium). */
    fetchedWith: p.string().length(16).nullable(),
    /** Time of the successful scrape attempt, for the per-site duration figures. */
    durationMs: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    collectedAt: p.datetime().nullable(),
    /** When the product reached its terminal status (succeeded, failed or cancelled). */
    finishedAt: p.datetime().nullable(),
  },
});
export type ITaskProduct = InferEntity<typeof TaskProduct>;
