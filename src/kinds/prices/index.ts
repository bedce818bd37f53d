export { priceKind, priceViewSchema, type PriceView } from './price.kind.js';
