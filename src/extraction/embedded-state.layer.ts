/**
 * Generic embedded-state layer: searches client state JSON for the object that
 * describes this page's product. State holds many products (recommendations,
 * cart, recently viewed), so an object is accepted only when its name matches
 * the page title or its id appears in the URL, and its price is confirmed by
 * the visible page (which also resolves prices stored in minor units).
 */
import { normaliseSchemaAvailability } from './availability.js';
import { normaliseCurrencyCode } from './currency-table.js';
import type { StateBlob } from './embedded-json.js';
import { canonicalFromMachine } from './number-format.js';
import { parsePrice } from './price-parser.js';
import type { LayerResult, PriceValue } from './types.js';

const NAME_KEYS = ['name', 'title', 'productName', 'product_name', 'displayName'];
const CURRENT_KEYS = ['finalPrice', 'salePrice', 'currentPrice', 'sellingPrice', 'specialPrice', 'actualPrice', 'discountPrice', 'priceWithDiscount', 'price', 'priceValue', 'price_amount', 'amount'];
const REGULAR_KEYS = ['oldPrice', 'originalPrice', 'regularPrice', 'listPrice', 'basePrice', 'priceBefore', 'crossedPrice', 'fullPrice', 'priceWithoutDiscount', 'wasPrice', 'compareAtPrice', 'compare_at_price', 'old_price'];
const CARD_KEYS = ['cardPrice', 'walletPrice', 'memberPrice', 'primePrice', 'loyaltyPrice', 'clubPrice'];
const ID_KEYS = ['id', 'sku', 'productId', 'product_id', 'itemId', 'article', 'code', 'nmId'];
const MINOR_UNIT_KEY = /(?:U|Cents|InCents|Minor|Kopecks)$/;
const MAX_NODES = 50_000;

type Obj = Record<string, unknown>;

function normalName(s: string): string {
  return s.toLowerCase().replace(/[\s\u00a0]+/g, ' ').replace(/[«»"'”“]/g, '').trim();
}

/** Reads a price-like value (number, numeric string, `{value|amount|price}` object). */
function priceOf(value: unknown, key: string, currency: string | null, visible: Set<string>): PriceValue | undefined {
  let v = value;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Obj;
    v = o['value'] ?? o['amount'] ?? o['price'] ?? o['current'];
    currency = normaliseCurrencyCode(typeof o['currency'] === 'string' ? o['currency'] : typeof o['currencyCode'] === 'string' ? o['currencyCode'] : null) ?? currency;
  }
  let amount = canonicalFromMachine(v, currency);
  if (amount === null && typeof v === 'string') amount = parsePrice(v, currency).amount;
  if (amount === null || Number(amount) <= 0) return undefined;
  const minor = canonicalFromMachine(Number(amount) / 100, currency);
  if (MINOR_UNIT_KEY.test(key) && minor) amount = minor;
  else if (visible.size > 0 && !visible.has(amount) && minor && visible.has(minor)) amount = minor;
  return { amount, currency, currencyRaw: null };
}

function firstString(o: Obj, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

function findPrice(o: Obj, keys: string[], currency: string | null, visible: Set<string>): PriceValue | undefined {
  for (const k of keys) {
    for (const key of [k, `${k}U`]) {
      if (o[key] !== undefined && o[key] !== null) {
        const p = priceOf(o[key], key, currency, visible);
        if (p) return p;
      }
    }
  }
  const nested = o['price'] ?? o['prices'] ?? o['priceInfo'] ?? o['offer'];
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const k of keys) {
      const v = (nested as Obj)[k];
      if (v !== undefined && v !== null && typeof v !== 'object') {
        const p = priceOf(v, k, currency, visible);
        if (p) return p;
      }
    }
  }
  return undefined;
}

interface Found { obj: Obj; score: number }

/** Finds this page's product in client state; null unless anchored to the title or URL. */
export function embeddedStateLayer(blobs: StateBlob[], pageUrl: string, title: string | null, visible: Set<string>, hint: string | null): LayerResult | null {
  const wanted = title ? normalName(title) : null;
  const urlDigits = new Set(pageUrl.match(/\d{4,}/g) ?? []);
  let best: Found | null = null;
  let visited = 0;
  const visit = (value: unknown, depth: number, inList: boolean): void => {
    if (visited++ > MAX_NODES || depth > 14 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1, value.length >= 3);
      return;
    }
    const o = value as Obj;
    const name = firstString(o, NAME_KEYS);
    if (name && CURRENT_KEYS.some((k) => o[k] !== undefined || o[`${k}U`] !== undefined)) {
      let score = 0;
      if (wanted && normalName(name) === wanted) score += 5;
      const id = ID_KEYS.map((k) => o[k]).find((v) => typeof v === 'string' || typeof v === 'number');
      if (id !== undefined && urlDigits.has(String(id))) score += 4;
      if (inList) score -= 2;
      if (score >= 4 && (!best || score > best.score)) best = { obj: o, score };
    }
    for (const v of Object.values(o)) visit(v, depth + 1, false);
  };
  for (const blob of blobs) visit(blob.data, 0, false);
  const found = best as Found | null;
  if (!found) return null;
  const o = found.obj;
  const currencyText = firstString(o, ['currency', 'currencyCode', 'priceCurrency']);
  const currency = normaliseCurrencyCode(currencyText) ?? hint;
  const result: LayerResult = { source: 'embedded-state' };
  const name = firstString(o, NAME_KEYS);
  if (name) result.name = name;
  const price = findPrice(o, CURRENT_KEYS, currency, visible);
  if (price && (visible.size === 0 || visible.has(price.amount))) {
    result.price = price;
    const regular = findPrice(o, REGULAR_KEYS, currency, visible);
    const shown = (p: PriceValue | undefined): boolean => p !== undefined && (visible.size === 0 || visible.has(p.amount));
    if (shown(regular) && Number(regular!.amount) > Number(price.amount)) result.regularPrice = regular;
    const card = findPrice(o, CARD_KEYS, currency, visible);
    if (shown(card) && card!.amount !== price.amount) result.cardPrice = card;
    if (price.currency) result.currency = price.currency;
  }
  const availability = ['availability', 'stockStatus', 'inStock', 'isAvailable', 'available'].map((k) => normaliseSchemaAvailability(o[k])).find(Boolean);
  if (availability) result.availability = availability;
  const sku = firstString(o, ['sku', 'article', 'vendorCode']);
  if (sku) result.sku = sku;
  const brand = o['brand'];
  if (typeof brand === 'string' && brand.trim()) result.brand = brand.trim();
  else if (brand && typeof brand === 'object' && typeof (brand as Obj)['name'] === 'string') result.brand = String((brand as Obj)['name']);
  const gtin = firstString(o, ['gtin', 'ean', 'barcode', 'gtin13']);
  if (gtin) result.gtin = gtin;
  return result;
}
