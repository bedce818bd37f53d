/**
 * Reads schema.org items written into HTML attributes (microdata
 * itemscope/itemprop, RDFa typeof/property) into the same plain-object shape
 * JSON-LD has, so one mapping (`schema-product.ts`) serves all syntaxes.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { ancestors, elementText, isElement, nameSignature, type AnyNode, type Element } from './dom-text.js';
import { titleText } from './dom-title.js';
import { EXCLUDED_CONTAINER } from './dom-signals.js';
import { pageIndex } from './page-index.js';
import type { SchemaNode } from './schema-product.js';

export interface AttributeSyntax {
  /** Attribute opening an item (`itemscope`, `typeof`). */
  scope: string;
  /** Attribute naming the item's type (`itemtype`, `typeof`). */
  type: string;
  /** Attribute naming a property (`itemprop`, `property`). */
  prop: string;
}

export const MICRODATA: AttributeSyntax = { scope: 'itemscope', type: 'itemtype', prop: 'itemprop' };
export const RDFA: AttributeSyntax = { scope: 'typeof', type: 'typeof', prop: 'property' };

const URL_VALUED: Record<string, string> = { a: 'href', link: 'href', area: 'href', img: 'src', source: 'src', video: 'src', audio: 'src', iframe: 'src', embed: 'src', object: 'data' };

function localName(name: string): string {
  return name.replace(/^https?:\/\/schema\.org\//i, '').replace(/^(?:schema|s|sdo):/i, '');
}

/** Properties whose value is a name or code a person reads, never a URL: `<a itemprop="brand" href="/marca/durex/122">Durex</a>` is "Durex". */
const TEXT_VALUED = new Set(['brand', 'manufacturer', 'name', 'sku', 'mpn', 'productID', 'gtin', 'gtin8', 'gtin12', 'gtin13', 'gtin14']);

function propertyValue(el: Element, prop?: string): string {
  const a = el.attribs;
  if (a['content'] !== undefined) return a['content'];
  if (el.name === 'meta') return a['content'] ?? '';
  if (prop && TEXT_VALUED.has(prop) && el.name === 'a') {
    const text = elementText(el, true, 200);
    if (text) return text;
  }
  const urlAttr = URL_VALUED[el.name];
  if (urlAttr && a[urlAttr] !== undefined) return a[urlAttr]!;
  if (a['resource'] !== undefined && !a['typeof']) return a['resource'];
  if ((el.name === 'data' || el.name === 'meter') && a['value'] !== undefined) return a['value'];
  if (el.name === 'time' && a['datetime'] !== undefined) return a['datetime'];
  // A name read as the title shows it: without a footnote mark, the code or the subtitle printed inside it.
  if (prop === 'name') return titleText(el);
  return elementText(el, true, 2000);
}

function addValue(node: SchemaNode, key: string, value: unknown): void {
  const existing = node[key];
  if (existing === undefined) node[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[key] = [existing, value];
}

/** Builds the item rooted at `el` (which carries the scope attribute). */
export function readItem(el: Element, syntax: AttributeSyntax): SchemaNode {
  const node: SchemaNode = {};
  const types = (el.attribs[syntax.type] ?? '').split(/\s+/).filter(Boolean).map(localName);
  if (types.length) node['@type'] = types;
  const walk = (parent: Element): void => {
    for (const child of parent.children) {
      if (!isElement(child)) continue;
      const props = (child.attribs[syntax.prop] ?? '').split(/\s+/).filter(Boolean).map(localName);
      const opensItem = child.attribs[syntax.scope] !== undefined;
      if (props.length) {
        for (const p of props) addValue(node, p, opensItem ? readItem(child, syntax) : propertyValue(child, p));
      }
      if (!opensItem) walk(child);
    }
  };
  walk(el);
  return node;
}

function isTopLevel(el: Element, syntax: AttributeSyntax): boolean {
  return el.attribs[syntax.prop] === undefined;
}

function inExcludedZone(el: Element): boolean {
  for (const a of ancestors(el)) if (a !== el && (a.name === 'footer' || a.name === 'nav' || a.name === 'aside' || EXCLUDED_CONTAINER.test(nameSignature(a)))) return true;
  return false;
}

/**
 * Top-level Product items of the page, main-product candidates first: items
 * holding the page's h1, then items outside related/carousel zones.
 */
export function productItems($: CheerioAPI, syntax: AttributeSyntax): Array<{ el: Element; item: SchemaNode }> {
  const index = pageIndex($);
  const scopes = index.select(`[${syntax.scope}]`);
  const products = scopes.filter((el) => isTopLevel(el, syntax) &&
    /(?:^|[\s/:])(?:Product|ProductGroup|IndividualProduct|ProductModel|SomeProducts)(?:\s|$)/.test(el.attribs[syntax.type] ?? ''));
  const h1 = index.byTag('h1')[0] as AnyNode | undefined;
  const holdsH1 = (el: Element): boolean => {
    for (let cur: AnyNode | null | undefined = h1; cur; cur = cur.parent) if (cur === el) return true;
    return false;
  };
  const rank = (el: Element): number => (holdsH1(el) ? 0 : inExcludedZone(el) ? 2 : 1);
  return products
    .map((el, i) => ({ el, i, r: rank(el) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .filter((x) => x.r < 2)
    .map(({ el }) => ({ el, item: readItem(el, syntax) }));
}
