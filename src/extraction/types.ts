/**
 * Public and internal types of the extraction engine.
 *
 * Amount normalisation (applies to every `amount`, `price`, `regularPrice`):
 * a canonical decimal string with `.` as decimal separator and no thousands
 * separators; whole amounts carry no fraction (`1 299 ₽`, `1 299,00 ₽` and
 * JSON-LD `"1299.00"` all become `"1299"`); non-zero fractions keep at least
 * two digits (`1690,5` → `"1690.50"`, `"1690.54"` stays) and drop further
 * trailing zeros (`19.990` → `"19.99"`). Equal values therefore give equal
 * strings whichever layer produced them, so day-to-day comparisons of a
 * monitored price never see a spurious change.
 */

export type PriceKind = 'current' | 'regular' | 'card';

export interface PriceEntry {
  kind: PriceKind;
  /** Canonical decimal string, see the module note on normalisation. */
  amount: string;
  /** ISO 4217 code. */
  currency: string | null;
  /** Text as written on the page, when the value came from visible text. */
  raw?: string;
}

export type Availability =
  | 'InStock'
  | 'OutOfStock'
  | 'PreOrder'
  | 'BackOrder'
  | 'Discontinued'
  | 'LimitedAvailability'
  | 'SoldOut'
  | 'InStoreOnly'
  | 'OnlineOnly';

export type Source =
  | 'embedded-state'
  | 'json-ld'
  | 'microdata'
  | 'rdfa'
  | 'meta'
  | 'dom'
  | `adapter:${string}`;

export interface ProductProperty {
  name: string;
  value: string;
  number?: number;
  unit?: string;
  group?: string;
}

export type ProvenanceField =
  | 'name'
  | 'price'
  | 'regularPrice'
  | 'currency'
  | 'availability'
  | 'sku'
  | 'mpn'
  | 'gtin'
  | 'brand'
  | 'images'
  | 'rating'
  | 'additionalProperties'
  | 'cardPrice';

export interface ExtractedProduct {
  url: string;
  name: string | null;
  /** Current price (Zyte field name). */
  price: string | null;
  /** Crossed-out price before discount; only set when greater than `price`. */
  regularPrice: string | null;
  /** ISO 4217. */
  currency: string | null;
  /** Currency as written on the page. */
  currencyRaw: string | null;
  availability: Availability | null;
  sku: string | null;
  mpn: string | null;
  gtin: string | null;
  brand: string | null;
  images: string[];
  rating: { value: number; count: number | null } | null;
  additionalProperties: ProductProperty[];
  /** current (always first when known), regular, card. */
  prices: PriceEntry[];
  provenance: Partial<Record<ProvenanceField, Source>>;
  /**
   * Where layers disagreed on a field: which value won, from which layer, and why
   * (e.g. `json-ld 1499 lost to dom 1299: structured amount shown only outside the main product block`).
   */
  decisions?: Partial<Record<'price' | 'availability' | 'name' | 'currency' | 'sku', string>>;
}

export interface ParsedPrice {
  amount: string | null;
  currency: string | null;
  currencyRaw: string | null;
}

/** A price value produced by a layer, before merging. */
export interface PriceValue {
  amount: string;
  currency: string | null;
  currencyRaw: string | null;
  raw?: string;
}

/** What one layer found; every field optional, merged by `merge.ts`. */
export interface LayerResult {
  source: Source;
  name?: string;
  price?: PriceValue;
  /** Other amounts the layer considers valid for this product (variants, sellers). */
  priceAlternatives?: string[];
  /** True when `price` is only a lower bound (AggregateOffer range, "from" price). */
  priceIsLowerBound?: boolean;
  regularPrice?: PriceValue;
  cardPrice?: PriceValue;
  currency?: string;
  currencyRaw?: string;
  availability?: Availability;
  sku?: string;
  /** The `sku` came from schema.org `productID` (a shop's internal code, weaker than a shown article number). */
  skuIsProductId?: boolean;
  mpn?: string;
  gtin?: string;
  brand?: string;
  images?: string[];
  rating?: { value: number; count: number | null };
  additionalProperties?: ProductProperty[];
}
