/**
 * Maps a schema.org Product (as a plain object, whatever syntax carried it:
 * JSON-LD, microdata or RDFa) to a layer result. Shared so the three
 * syntaxes agree on offers, price specifications, variants and properties.
 */
import { normaliseSchemaAvailability } from './availability.js';
import { normaliseCurrencyCode } from './currency-table.js';
import { canonicalFromMachine } from './number-format.js';
import { parsePrice } from './price-parser.js';
import { parsePropertyValue } from './units.js';
import type { LayerResult, PriceValue, ProductProperty, Source } from './types.js';

export type SchemaNode = Record<string, unknown>;

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function typesOf(node: SchemaNode): string[] {
  return asArray(node['@type'] ?? node['type']).filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^https?:\/\/schema\.org\//i, '').replace(/^schema:/i, ''));
}

export function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First usable string of a property (strings, numbers, `{name}`/`{@value}` objects). */
/** Character references a shop left encoded inside structured data ("Navy &amp; White", "De&#039;Longhi"). */
const ENCODED = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the character references that double-encoded structured data carries; other text is returned as is. */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENCODED, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

export function textOf(value: unknown): string | undefined {
  for (const v of asArray(value)) {
    if (typeof v === 'string' && v.trim()) return decodeReferences(v).replace(/\s+/g, ' ').trim();
    if (typeof v === 'number') return String(v);
    if (isNode(v)) {
      const inner = textOf(v['@value'] ?? v['name'] ?? v['value']);
      if (inner) return inner;
    }
  }
  return undefined;
}

function amountOf(value: unknown, currency: string | null): PriceValue | undefined {
  const v = asArray(value)[0];
  if (v === undefined || v === null || v === '') return undefined;
  const machine = canonicalFromMachine(isNode(v) ? v['@value'] : v, currency);
  if (machine !== null) return { amount: machine, currency, currencyRaw: null };
  if (typeof v !== 'string') return undefined;
  const parsed = parsePrice(v, currency);
  if (parsed.amount === null) return undefined;
  return { amount: parsed.amount, currency: parsed.currency, currencyRaw: parsed.currencyRaw };
}

interface OfferPrices {
  price?: PriceValue;
  regular?: PriceValue;
  low?: PriceValue;
  high?: PriceValue;
  availability?: ReturnType<typeof normaliseSchemaAvailability>;
  url?: string;
}

const STRIKE_TYPES = /strikethrough|listprice|regularprice|msrp|srp|originalprice/i;

function readOffer(offer: SchemaNode): OfferPrices {
  const currency = normaliseCurrencyCode(textOf(offer['priceCurrency']));
  const out: OfferPrices = {};
  out.price = amountOf(offer['price'], currency);
  for (const spec of asArray(offer['priceSpecification'])) {
    if (!isNode(spec)) continue;
    const specCurrency = normaliseCurrencyCode(textOf(spec['priceCurrency'])) ?? currency;
    const value = amountOf(spec['price'], specCurrency);
    if (!value) continue;
    const priceType = textOf(spec['priceType']) ?? '';
    if (STRIKE_TYPES.test(priceType)) out.regular ??= value;
    else if (spec['referenceQuantity'] === undefined || textOf(spec['referenceQuantity']) === '1') out.price ??= value;
  }
  out.low = amountOf(offer['lowPrice'], currency);
  out.high = amountOf(offer['highPrice'], currency);
  const availability = normaliseSchemaAvailability(textOf(offer['availability']));
  if (availability) out.availability = availability;
  const url = textOf(offer['url']);
  if (url) out.url = url;
  return out;
}

function flattenOffers(value: unknown): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const o of asArray(value)) {
    if (!isNode(o)) continue;
    out.push(o);
    if (o['offers'] !== undefined) out.push(...flattenOffers(o['offers']));
  }
  return out;
}

function sameUrl(a: string, b: string): boolean {
  try {
    const ua = new URL(a, b);
    const ub = new URL(b);
    return ua.pathname.replace(/\/$/, '') === ub.pathname.replace(/\/$/, '') && ua.search === ub.search;
  } catch {
    return false;
  }
}

function applyOffers(result: LayerResult, offersValue: unknown, pageUrl: string): void {
  const offers = flattenOffers(offersValue).map(readOffer);
  if (offers.length === 0) return;
  const priced = offers.filter((o) => o.price);
  const byUrl = priced.find((o) => o.url && sameUrl(o.url, pageUrl) && new URL(o.url, pageUrl).search !== '');
  const main = byUrl ?? priced[0];
  if (main?.price) {
    result.price = main.price;
    const amounts = new Set(priced.map((o) => o.price!.amount));
    if (amounts.size > 1 && !byUrl) result.priceAlternatives = [...amounts];
    if (main.regular) result.regularPrice = main.regular;
    if (main.availability) result.availability = main.availability;
    // Offers of several variants, none picked by the URL: the page opens on one that can be bought, if any can.
    if (!byUrl && priced.length > 1 && priced.some((o) => o.availability === 'InStock')) result.availability = 'InStock';
  } else {
    const range = offers.find((o) => o.low);
    if (range?.low) {
      result.price = range.low;
      if (range.high && range.high.amount !== range.low.amount) {
        result.priceIsLowerBound = true;
        result.priceAlternatives = [range.low.amount, range.high.amount];
      }
    }
  }
  result.availability ??= offers.find((o) => o.availability)?.availability ?? undefined;
  const currency = result.price?.currency;
  if (currency) result.currency = currency;
}

function imagesOf(value: unknown, pageUrl: string): string[] {
  const out: string[] = [];
  for (const v of asArray(value)) {
    const src = typeof v === 'string' ? v : isNode(v) ? textOf(v['contentUrl'] ?? v['url']) : undefined;
    if (!src) continue;
    try {
      out.push(new URL(src, pageUrl).href);
    } catch {
      continue;
    }
  }
  return [...new Set(out)];
}

function propertiesOf(value: unknown): ProductProperty[] {
  const out: ProductProperty[] = [];
  for (const p of asArray(value)) {
    if (!isNode(p)) continue;
    const name = textOf(p['name']);
    let raw = textOf(p['value']);
    if (!name || raw === undefined) continue;
    const unit = textOf(p['unitText']);
    if (unit && !raw.includes(unit)) raw = `${raw} ${unit}`;
    out.push(parsePropertyValue(name, raw));
  }
  return out;
}

/** Picks the variant of a ProductGroup the page URL points to, if any. */
function selectVariant(group: SchemaNode, pageUrl: string): SchemaNode | undefined {
  const variants = asArray(group['hasVariant']).filter(isNode);
  if (variants.length === 0) return undefined;
  const search = (() => { try { return new URL(pageUrl).search; } catch { return ''; } })();
  const byUrl = variants.find((v) => {
    const url = textOf(v['url']) ?? flattenOffers(v['offers']).map((o) => textOf(o['url'])).find(Boolean);
    return url !== undefined && search !== '' && sameUrl(url, pageUrl);
  });
  if (byUrl) return byUrl;
  const bySku = variants.find((v) => {
    const sku = textOf(v['sku']);
    return sku !== undefined && search !== '' && new RegExp(`[=/]${sku.replace(/[^\w-]/g, '')}(?:&|$)`).test(search);
  });
  return bySku ?? (variants.length === 1 ? variants[0] : undefined);
}

/** Converts a schema.org Product or ProductGroup node into a layer result. */
export function productFromSchema(node: SchemaNode, source: Source, pageUrl: string): LayerResult {
  const result: LayerResult = { source };
  const isGroup = typesOf(node).includes('ProductGroup') || node['hasVariant'] !== undefined;
  const variant = isGroup ? selectVariant(node, pageUrl) : undefined;
  const item = variant ?? node;
  const name = textOf(node['name']) ?? textOf(item['name']);
  if (name) result.name = name;
  applyOffers(result, item['offers'], pageUrl);
  if (isGroup && !variant) {
    const prices = asArray(node['hasVariant']).filter(isNode).flatMap((v) => {
      const partial: LayerResult = { source };
      applyOffers(partial, v['offers'], pageUrl);
      return partial.price ? [partial.price] : [];
    });
    const amounts = [...new Set(prices.map((p) => p.amount))];
    if (!result.price && prices.length > 0) {
      const sorted = [...prices].sort((a, b) => Number(a.amount) - Number(b.amount));
      result.price = sorted[0];
      result.currency = sorted[0]!.currency ?? undefined;
      if (amounts.length > 1) result.priceIsLowerBound = true;
    }
    if (amounts.length > 1) result.priceAlternatives = amounts;
  }
  if (!result.currency) delete result.currency;
  // The product's identifiers, else those its only offer carries (Apple: `offers: [{ sku: "HJ162ZM/A" }]`).
  const offers = flattenOffers(item['offers']);
  const offer = offers.length === 1 ? offers[0]! : {};
  for (const key of ['sku', 'mpn'] as const) {
    // Some shops write the kind into the value ("mpn:A 668178"); the identifier is what follows.
    const v = (textOf(item[key]) ?? textOf(node[key]) ?? textOf(offer[key]))?.replace(/^(?:sku|mpn|gtin\d*|ean|upc|isbn)\s*:\s*/i, '');
    if (v) result[key] = v;
  }
  // `productID` is the shop's own identifier where no `sku` is given (an ISBN or GTIN written there is not).
  const productId = textOf(item['productID']) ?? textOf(node['productID']);
  if (!result.sku && productId && !/^(?:isbn|gtin|ean|upc)\s*:/i.test(productId)) {
    result.sku = productId.replace(/^sku\s*:\s*/i, '');
    result.skuIsProductId = true;
  }
  const gtin = ['gtin', 'gtin13', 'gtin12', 'gtin14', 'gtin8', 'isbn'].map((k) => textOf(item[k]) ?? textOf(node[k]) ?? textOf(offer[k])).find(Boolean);
  if (gtin) result.gtin = gtin.replace(/\s/g, '');
  // A brand given only as a link (`<link itemprop="brand" href="/marca/durex/122">`) names no brand.
  const brand = [node['brand'], item['brand'], node['manufacturer']].map(textOf).find((b) => b !== undefined && !/^(?:https?:)?\/|^www\./i.test(b));
  if (brand) result.brand = brand;
  const images = imagesOf(item['image'] ?? node['image'], pageUrl);
  if (images.length) result.images = images;
  const rating = asArray(node['aggregateRating'] ?? item['aggregateRating']).find(isNode);
  if (rating) {
    const value = Number(String(textOf(rating['ratingValue']) ?? '').replace(',', '.'));
    const countText = textOf(rating['reviewCount'] ?? rating['ratingCount']);
    if (Number.isFinite(value) && value > 0) {
      result.rating = { value, count: countText !== undefined && /^\d+$/.test(countText) ? Number(countText) : null };
    }
  }
  const props = [...propertiesOf(node['additionalProperty']), ...(variant ? propertiesOf(variant['additionalProperty']) : [])];
  if (props.length) result.additionalProperties = props;
  return result;
}
