import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PriceKind } from './statuses.js';
import { TaskProduct } from './task-product.entity.js';

/**
 * One price a product page showed (current, regular, card): the seed's `Offer`. Unique per product and kind, so a
 * retried scrape upserts instead of adding a row.
 */
export const ObservedPrice = defineEntity({
  name: 'ObservedPrice',
  tableName: 'offers',
  uniques: [{ properties: ['product', 'kind'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(TaskProduct).deleteRule('cascade'),
    kind: p.enum(Object.values(PriceKind)),
    /** Exact decimal as read from the page (PostgreSQL numeric without scale keeps it as written). */
    amount: p.decimal('string').columnType('numeric'),
    /** ISO 4217 code; null when the page shows no recognisable currency. */
    currency: p.string().length(3).nullable(),
    /** The price text as the page wrote it. */
    raw: p.text().nullable(),
    collectedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IObservedPrice = InferEntity<typeof ObservedPrice>;
