/**
 * schema.org JSON-LD layer: finds the main Product (or ProductGroup) among all
 * `application/ld+json` blocks, `@graph`s, arrays and `mainEntity` wrappers,
 * resolving `@id` references, and ignores BreadcrumbList, Organization,
 * ItemList and the like.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { textContent } from 'domutils';
import { parseLenientJson } from './json-parse.js';
import { pageIndex } from './page-index.js';
import { isNode, productFromSchema, textOf, typesOf, type SchemaNode } from './schema-product.js';
import type { LayerResult } from './types.js';

const PRODUCT_TYPES = new Set(['Product', 'ProductGroup', 'IndividualProduct', 'ProductModel', 'SomeProducts', 'Vehicle', 'Car', 'Book']);
const CONTAINER_KEYS = ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemOffered', 'about'];

/** Parses every JSON-LD block on the page (invalid blocks are skipped). */
export function readJsonLdBlocks($: CheerioAPI): unknown[] {
  return pageIndex($).remember('json-ld blocks', () => {
    const blocks: unknown[] = [];
    for (const el of pageIndex($).byTag('script')) {
      const type = (el.attribs['type'] ?? '').toLowerCase();
      if (!type.startsWith('application/ld+json')) continue;
      const data = parseLenientJson(textContent(el));
      if (data !== undefined) blocks.push(data);
    }
    return blocks;
  });
}

function collect(value: unknown, ids: Map<string, SchemaNode>, products: SchemaNode[], depth: number): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, ids, products, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  const id = textOf(value['@id']);
  if (id && Object.keys(value).length > 1) ids.set(id, value);
  if (typesOf(value).some((t) => PRODUCT_TYPES.has(t))) products.push(value);
  for (const key of CONTAINER_KEYS) if (value[key] !== undefined) collect(value[key], ids, products, depth + 1);
}

function resolveRefs(value: unknown, ids: Map<string, SchemaNode>, depth = 0): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids, depth + 1));
  if (!isNode(value)) return value;
  const id = textOf(value['@id']);
  const target = id && Object.keys(value).length === 1 ? ids.get(id) : undefined;
  const base = target ?? value;
  const out: SchemaNode = {};
  for (const [k, v] of Object.entries(base)) out[k] = resolveRefs(v, ids, depth + 1);
  return out;
}

function samePath(a: string | undefined, pageUrl: string): boolean {
  if (!a) return false;
  try {
    return new URL(a, pageUrl).pathname.replace(/\/$/, '') === new URL(pageUrl).pathname.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Chooses the page's own product: URL match, then one with offers, then a group, then the first. */
function pickMain(products: SchemaNode[], pageUrl: string): SchemaNode | undefined {
  const nested = new Set<SchemaNode>();
  for (const p of products) for (const v of [p['hasVariant'], p['isVariantOf']].flat()) if (isNode(v)) nested.add(v);
  const top = products.filter((p) => !nested.has(p) || typesOf(p).includes('ProductGroup'));
  const pool = top.length > 0 ? top : products;
  return pool.find((p) => samePath(textOf(p['url']), pageUrl))
    ?? pool.find((p) => typesOf(p).includes('ProductGroup'))
    ?? pool.find((p) => p['offers'] !== undefined)
    ?? pool[0];
}

/** Extracts the main product from JSON-LD, or null when the page has none. */
export function jsonLdLayer($: CheerioAPI, pageUrl: string): LayerResult | null {
  const ids = new Map<string, SchemaNode>();
  const products: SchemaNode[] = [];
  for (const block of readJsonLdBlocks($)) collect(block, ids, products, 0);
  if (products.length === 0) return null;
  let main = pickMain(products, pageUrl);
  if (!main) return null;
  const group = main['isVariantOf'];
  if (isNode(group) && !typesOf(main).includes('ProductGroup') && main['offers'] === undefined) main = group;
  return productFromSchema(resolveRefs(main, ids) as SchemaNode, 'json-ld', pageUrl);
}
