/**
 * Declarative site adapters: data describing where a marketplace keeps each
 * field (CSS selectors, state JSON paths), interpreted by `engine.ts`. Adding
 * or fixing a site means editing data, not code.
 */
import type { Availability } from '../types.js';

/** One way to read a value; rules of a field are tried in order. */
export type ValueRule =
  | { css: string; attr?: string; pattern?: string }
  | { state: string; path: string; pattern?: string };

export interface CharacteristicsRule {
  /** Element holding one name/value pair. */
  row: string;
  name: string;
  value: string;
  /** Optional grouping: closest ancestor matching `section`, titled by `title` inside it. */
  section?: string;
  title?: string;
}

export interface SiteAdapter {
  id: string;
  /** Host names or suffixes (`ozon.ru` matches `www.ozon.ru`). */
  hosts: string[];
  /** Currency assumed when a price text shows none. */
  currency: string;
  name?: ValueRule[];
  price?: ValueRule[];
  regularPrice?: ValueRule[];
  /** Card / wallet / member price (Ozon Card, WB Wallet, Yandex Pay, Prime, club price...). */
  cardPrice?: ValueRule[];
  availability?: ValueRule[];
  /** Selectors whose presence means the product cannot be bought now. */
  outOfStock?: string[];
  sku?: ValueRule[];
  brand?: ValueRule[];
  characteristics?: CharacteristicsRule[];
  /** Explicit mapping of raw availability values (state flags, labels). */
  availabilityMap?: Record<string, Availability>;
}
