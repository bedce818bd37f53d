/** schema.org availability terms under which a buyer cannot order the product. */
const UNAVAILABLE: ReadonlySet<string> = new Set(['OutOfStock', 'SoldOut', 'Discontinued']);
/** Terms under which a buyer can order it now. */
const AVAILABLE: ReadonlySet<string> = new Set(['InStock', 'LimitedAvailability', 'InStoreOnly', 'OnlineOnly']);

/** Whether the page said the product cannot be ordered (out of stock, sold out, discontinued). */
export function isUnavailable(term: string | null | undefined): boolean {
  return UNAVAILABLE.has(term ?? '');
}

/** Whether the page said the product can be ordered now. */
export function isAvailable(term: string | null | undefined): boolean {
  return AVAILABLE.has(term ?? '');
}
