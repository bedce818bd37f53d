import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PriceKind } from './statuses.js';
import { User } from './user.entity.js';

/**
 * One point of a product URL's price history, per owner, region and price kind: what collections saw from
 * `firstSeen` to `lastSeen`. Consecutive equal observations extend the point instead of adding one, so an hourly
 * check for a year stays a handful of rows. Rows are only ever appended or extended, never rewritten by later
 * collections of other values; they do not reference task products, whose offers are overwritten per product.
 */
export const PriceObservation = defineEntity({
  name: 'PriceObservation',
  tableName: 'price_observations',
  indexes: [{ properties: ['owner', 'url', 'region', 'kind', 'lastSeen'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
    /** Normalised product URL (`normaliseProductUrl`), as stored on task products. */
    url: p.text(),
    /** Region of the collection; '' when none, so the lookup index covers the "no region" history too. */
    region: p.string().length(64).default(''),
    kind: p.enum(Object.values(PriceKind)),
    /** Null for a page that said the product is unavailable and showed no price (kind `current` only). */
    amount: p.decimal('string').columnType('numeric').nullable(),
    currency: p.string().length(3).nullable(),
    /** schema.org availability term when the page gave one. */
    availability: p.string().length(32).nullable(),
    firstSeen: p.datetime(),
    lastSeen: p.datetime(),
    /**
     * The task product whose collection last extended this point. Product ids grow with every collection, so a
     * retried activity (same or older id) is recognised and recorded once.
     */
    lastProductId: p.integer(),
    /** The task product whose collection started this point (alerts attribute a change to the run that saw it first). */
    firstProductId: p.integer().nullable(),
  },
});
export type IPriceObservation = InferEntity<typeof PriceObservation>;
