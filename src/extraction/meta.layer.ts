/**
 * OpenGraph / product meta tags (`product:price:amount`, `og:price:amount`,
 * `product:sale_price:*`, `product:availability`, twitter label/data pairs).
 * Titles from meta are left to the final fallback in `extract.ts` because
 * `og:title` usually carries the shop's name and slogans.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { availabilityFromText, normaliseSchemaAvailability } from './availability.js';
import { normaliseCurrencyCode } from './currency-table.js';
import { canonicalFromMachine } from './number-format.js';
import { pageIndex } from './page-index.js';
import { parsePrice } from './price-parser.js';
import type { LayerResult, PriceValue } from './types.js';

/** All `<meta property|name|itemprop=... content=...>` pairs, first occurrence wins. Read once per page; do not modify. */
export function readMetaTags($: CheerioAPI): ReadonlyMap<string, string> {
  const index = pageIndex($);
  return index.remember('meta tags', () => {
    const out = new Map<string, string>();
    for (const el of index.byTag('meta')) {
      const key = (el.attribs['property'] ?? el.attribs['name'] ?? '').trim().toLowerCase();
      const content = el.attribs['content'];
      if (key && content !== undefined && content.trim() && !out.has(key)) out.set(key, content.trim());
    }
    return out;
  });
}

function amount(meta: ReadonlyMap<string, string>, keys: string[], currency: string | null): PriceValue | undefined {
  for (const key of keys) {
    const v = meta.get(key);
    if (!v) continue;
    const machine = canonicalFromMachine(v, currency);
    if (machine !== null) return { amount: machine, currency, currencyRaw: null };
    const parsed = parsePrice(v, currency);
    if (parsed.amount !== null) return { amount: parsed.amount, currency: parsed.currency, currencyRaw: parsed.currencyRaw };
  }
  return undefined;
}

export function metaLayer($: CheerioAPI, pageUrl: string): LayerResult | null {
  const meta = readMetaTags($);
  const result: LayerResult = { source: 'meta' };
  const currencyText = meta.get('product:price:currency') ?? meta.get('og:price:currency') ?? meta.get('product:sale_price:currency');
  const currency = normaliseCurrencyCode(currencyText);
  const listed = amount(meta, ['product:price:amount', 'og:price:amount', 'product:price'], currency);
  const sale = amount(meta, ['product:sale_price:amount', 'og:sale_price:amount'], currency);
  const original = amount(meta, ['product:original_price:amount', 'og:original_price:amount', 'og:price:standard_amount', 'product:price:standard_amount'], currency);
  const current = sale ?? listed;
  if (current) result.price = current;
  const regular = sale && listed ? listed : original;
  if (regular && current && Number(regular.amount) > Number(current.amount)) result.regularPrice = regular;
  if (currency) {
    result.currency = currency;
    if (currencyText) result.currencyRaw = currencyText;
  }
  if (!result.price) {
    for (let i = 1; i <= 4; i++) {
      if (/^(?:price|цена|preis|prix)$/i.test(meta.get(`twitter:label${i}`) ?? '')) {
        const p = parsePrice(meta.get(`twitter:data${i}`) ?? '', currency);
        if (p.amount) result.price = { amount: p.amount, currency: p.currency, currencyRaw: p.currencyRaw };
      }
    }
  }
  const availabilityText = meta.get('product:availability') ?? meta.get('og:availability');
  if (availabilityText) {
    const a = normaliseSchemaAvailability(availabilityText) ?? (availabilityText.toLowerCase() === 'oos' ? 'OutOfStock' : availabilityFromText(availabilityText));
    if (a) result.availability = a;
  }
  const brand = meta.get('product:brand') ?? meta.get('og:brand');
  if (brand) result.brand = brand;
  const sku = meta.get('product:retailer_item_id') ?? meta.get('product:sku');
  if (sku) result.sku = sku;
  const gtin = meta.get('product:gtin') ?? meta.get('product:ean');
  if (gtin) result.gtin = gtin;
  const image = meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image');
  if (image) {
    try { result.images = [new URL(image, pageUrl).href]; } catch { /* unusable image URL */ }
  }
  return Object.keys(result).length > 1 ? result : null;
}
