/**
 * Product-page extraction engine: rendered HTML in, product fields out.
 * See `types.ts` for the amount normalisation and `merge.ts` for which layer
 * wins when structured data and the visible page disagree.
 */
export type {
  Availability, ExtractedProduct, ParsedPrice, PriceEntry, PriceKind, ProductProperty, Source,
} from './types.js';
export { extractProduct } from './extract.js';
export { parsePrice } from './price-parser.js';
export { normalisePropertyKey } from './units.js';
