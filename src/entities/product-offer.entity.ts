import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ProductStatus } from './statuses.js';
import { OfferTask } from './offer-task.entity.js';

/** One product URL of an offer task, with its own status and what was read from its page. */
export const ProductOffer = defineEntity({
  name: 'ProductOffer',
  tableName: 'product_offers',
  uniques: [{ properties: ['task', 'position'] }],
  indexes: [{ properties: ['task', 'status'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    task: () => p.manyToOne(OfferTask).deleteRule('cascade'),
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
    /** schema.org availability term: InStock, OutOfStock, PreOrder, ... */
    availability: p.string().length(32).nullable(),
    /** Everything else the extractor found (identifiers, brand, images, provenance), as returned by it. */
    details: p.json<Record<string, unknown>>().nullable().lazy(),
    attempts: p.integer().default(0),
    /** How the page was read: `http` (plain GET, the data was in the HTML) or `browser` (rendered in Chromium). */
    fetchedWith: p.string().length(16).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    collectedAt: p.datetime().nullable(),
  },
});
export type IProductOffer = InferEntity<typeof ProductOffer>;
