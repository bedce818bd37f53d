import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PriceKind } from './statuses.js';
import { ProductOffer } from './product-offer.entity.js';

/** One price of a product (current, regular, card). Unique per product and kind so a retried scrape upserts. */
export const Offer = defineEntity({
  name: 'Offer',
  tableName: 'offers',
  uniques: [{ properties: ['product', 'kind'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(ProductOffer).deleteRule('cascade'),
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
export type IOffer = InferEntity<typeof Offer>;
