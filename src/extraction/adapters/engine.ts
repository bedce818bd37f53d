/**
 * Interprets declarative site adapters against a parsed page. An adapter
 * produces only the fields its rules find; whatever it misses falls through
 * to the generic layers, so a site redesign degrades instead of failing.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { availabilityFromText, normaliseSchemaAvailability } from '../availability.js';
import { isPropertyRow } from '../characteristics.js';
import { ancestors, elementText, isElement, isHiddenElement, nameSignature, type AnyNode, type Element } from '../dom-text.js';
import type { StateBlob } from '../embedded-json.js';
import { getPath } from '../embedded-json.js';
import { pageIndex } from '../page-index.js';
import { STOCK_EXCLUDED_CONTAINER } from '../dom-signals.js';
import { findTitleElement } from '../dom-title.js';
import { zoneOf } from '../dom-zones.js';
import { canonicalFromMachine } from '../number-format.js';
import { parsePrice } from '../price-parser.js';
import { parsePropertyValue } from '../units.js';
import type { LayerResult, PriceValue, ProductProperty } from '../types.js';
import type { CharacteristicsRule, SiteAdapter, ValueRule } from './adapter-types.js';
import { ADAPTERS } from './registry.js';

/** The adapter for a page URL, if its host is one we know. */
export function adapterFor(url: string): SiteAdapter | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return ADAPTERS.find((a) => a.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}

function applyPattern(value: string, pattern: string | undefined): string | undefined {
  if (!pattern) return value;
  const m = new RegExp(pattern, 'iu').exec(value);
  return m ? (m[1] ?? m[0]) : undefined;
}

/** Quick-view popups and modals show another product (a recommendation opened over the page). */
const OVERLAY = /(?:^|[\s_-])(?:quick-?view|popup|modal)(?:$|[\s_-])/i;

function inOverlay(el: Element): boolean {
  for (const a of ancestors(el)) if (a !== el && OVERLAY.test(nameSignature(a))) return true;
  return false;
}

/**
 * An element inside a zone about other products (accessories, related, carousels, under a "Похожие товары" heading,
 * header / footer / nav): a price selector matching there after a redesign reads another product's price.
 */
function inOtherProductZone($: CheerioAPI, el: Element): boolean {
  return zoneOf(el, findTitleElement($), '', STOCK_EXCLUDED_CONTAINER).excluded;
}

function readRule($: CheerioAPI, blobs: StateBlob[], rule: ValueRule, ownZoneOnly = false): unknown {
  if ('css' in rule) {
    let found = pageIndex($).select(rule.css);
    if (ownZoneOnly) found = found.filter((el) => !inOtherProductZone($, el));
    // The page's own elements first; an open quick view of another product only as a last resort.
    const ordered = found.length > 1 ? [...found.filter((el) => !inOverlay(el)), ...found.filter(inOverlay)] : found;
    for (const el of ordered) {
      if (!rule.attr && isHiddenElement(el)) continue;
      const raw = rule.attr ? el.attribs[rule.attr] : elementText(el, true, 2000);
      if (raw === undefined || raw === '') continue;
      const v = applyPattern(raw, rule.pattern);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  }
  for (const blob of blobs) {
    if (!blob.name.startsWith(rule.state)) continue;
    const v = getPath(blob.data, rule.path);
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') {
      const p = applyPattern(v, rule.pattern);
      if (p !== undefined) return p;
      continue;
    }
    return v;
  }
  return undefined;
}

function readFirst($: CheerioAPI, blobs: StateBlob[], rules: ValueRule[] | undefined, ownZoneOnly = false): unknown {
  for (const rule of rules ?? []) {
    const v = readRule($, blobs, rule, ownZoneOnly);
    if (v !== undefined) return v;
  }
  return undefined;
}

function toPrice(value: unknown, currency: string): PriceValue | undefined {
  if (value === undefined) return undefined;
  const machine = typeof value === 'number' || (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()))
    ? canonicalFromMachine(value, currency) : null;
  if (machine !== null) return Number(machine) > 0 ? { amount: machine, currency, currencyRaw: null } : undefined;
  if (typeof value !== 'string') return undefined;
  const p = parsePrice(value, currency);
  if (p.amount === null || Number(p.amount) <= 0) return undefined;
  return { amount: p.amount, currency: p.currency ?? currency, currencyRaw: p.currencyRaw, raw: value };
}

function readCharacteristics($: CheerioAPI, rules: CharacteristicsRule[]): ProductProperty[] {
  const out: ProductProperty[] = [];
  for (const rule of rules) {
    const index = pageIndex($);
    // `$(row).closest(section)` and `.find(title)` per row compiled both selectors again for every row: the sections
    // are selected once per page (an element matches a selector exactly when the page-wide selection holds it) and
    // each section's title is read once.
    const sections = rule.section && rule.title ? new Set(index.select(rule.section)) : null;
    const titles = new Map<Element, string | undefined>();
    for (const row of index.select(rule.row)) {
      const name = elementText(index.find(row, rule.name)[0] ?? row);
      const valueEl = index.find(row, rule.value)[0];
      if (!valueEl || !name) continue;
      const value = elementText(valueEl);
      if (!value || !isPropertyRow(name, value)) continue;
      let group: string | undefined;
      if (sections && rule.title) {
        let section: Element | undefined;
        for (let cur: AnyNode | null = row; cur && isElement(cur); cur = cur.parent) {
          if (sections.has(cur)) {
            section = cur;
            break;
          }
        }
        if (section) {
          if (!titles.has(section)) {
            const title = index.find(section, rule.title)[0];
            titles.set(section, title ? elementText(title) || undefined : undefined);
          }
          group = titles.get(section);
        }
      }
      out.push(parsePropertyValue(name, value, group));
    }
    if (out.length) break;
  }
  return out;
}

/** Runs one adapter; returns only the fields its rules found. */
export function runAdapter(adapter: SiteAdapter, $: CheerioAPI, blobs: StateBlob[], currencyHint: string | null): LayerResult {
  const result: LayerResult = { source: `adapter:${adapter.id}` };
  const currency = currencyHint ?? adapter.currency;
  const text = (rules: ValueRule[] | undefined): string | undefined => {
    const v = readFirst($, blobs, rules);
    return typeof v === 'string' || typeof v === 'number' ? String(v).replace(/\s+/g, ' ').trim() || undefined : undefined;
  };
  const name = text(adapter.name);
  if (name) result.name = name;
  const price = toPrice(readFirst($, blobs, adapter.price, true), currency);
  if (price) {
    result.price = price;
    result.currency = price.currency ?? currency;
    if (price.currencyRaw) result.currencyRaw = price.currencyRaw;
    const regular = toPrice(readFirst($, blobs, adapter.regularPrice, true), currency);
    if (regular && Number(regular.amount) > Number(price.amount)) result.regularPrice = regular;
    const card = toPrice(readFirst($, blobs, adapter.cardPrice, true), currency);
    if (card && card.amount !== price.amount) result.cardPrice = card;
  }
  const rawAvailability = readFirst($, blobs, adapter.availability);
  if (rawAvailability !== undefined) {
    // An adapter's availability rule reads a string or a number; an object finds no mapping and no text match.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const key = String(rawAvailability).trim();
    const byQuantity = typeof rawAvailability === 'number' ? (rawAvailability > 0 ? 'InStock' : 'OutOfStock') : undefined;
    const mapped = byQuantity ?? adapter.availabilityMap?.[key] ?? normaliseSchemaAvailability(rawAvailability) ?? availabilityFromText(key);
    if (mapped) result.availability = mapped;
  }
  if (!result.availability && adapter.outOfStock?.some((sel) => pageIndex($).select(sel).some((el) => !isHiddenElement(el)))) {
    result.availability = 'OutOfStock';
  }
  const sku = text(adapter.sku);
  if (sku) result.sku = sku;
  const brand = text(adapter.brand);
  if (brand) result.brand = brand;
  const props = adapter.characteristics ? readCharacteristics($, adapter.characteristics) : [];
  if (props.length) result.additionalProperties = props;
  return result;
}
