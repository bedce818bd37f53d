/**
 * Where on the page an element sits: inside a zone about other things
 * (related products, cart, footer, delivery...), under a "related products"
 * heading, in a repeated listing tile, inside a link to another page, and how
 * far it is from the product title in the tree.
 */
import { EXCLUDED_CONTAINER, EXCLUDED_TAGS, RELATED_HEADING, STOCK_EXCLUDED_CONTAINER } from './dom-signals.js';
import { ancestors, depthOf, elementText, isElement, nameSignature, withoutModifiers, type AnyNode, type Element } from './dom-text.js';
import { memoOf } from './node-memo.js';
import { spanContains } from './page-index.js';

/**
 * Host + path of links already resolved, by base, then href: every price and stock label asks about the same few
 * (two levels, so that no key string is built per question).
 */
const paths = new Map<string, Map<string, string | null>>();
let pathCount = 0;

function pathOf(href: string, base: string): string | null {
  let byHref = paths.get(base);
  if (!byHref) {
    byHref = new Map<string, string | null>();
    paths.set(base, byHref);
  }
  let path = byHref.get(href);
  if (path === undefined) {
    if (pathCount >= 10_000) {
      paths.clear();
      pathCount = 0;
      byHref = new Map<string, string | null>();
      paths.set(base, byHref);
    }
    try {
      const u = new URL(href, base);
      path = u.host + u.pathname.replace(/\/$/, '');
    } catch {
      path = null;
    }
    byHref.set(href, path);
    pathCount++;
  }
  return path;
}

export function containsNode(outer: Element, inner: AnyNode): boolean {
  // Indexed elements answer from their document positions; text nodes and unindexed trees climb.
  if (isElement(inner)) {
    const known = spanContains(outer, inner);
    if (known !== undefined) return known;
  }
  for (let cur: AnyNode | null = inner; cur; cur = cur.parent) if (cur === outer) return true;
  return false;
}

/** Tree distance between two elements (edges through their lowest common ancestor). */
export function treeDistance(a: Element, b: Element): number {
  // Climb the deeper one to the other's depth, then both together until they meet: no allocation.
  let x: AnyNode | null = a;
  let y: AnyNode | null = b;
  let dx = depthOf(a);
  let dy = depthOf(b);
  let steps = 0;
  for (; dx > dy; dx--, steps++) x = x!.parent;
  for (; dy > dx; dy--, steps++) y = y!.parent;
  for (; x && y; x = x.parent, y = y.parent, steps += 2) if (x === y) return steps;
  return Number.POSITIVE_INFINITY;
}

function holdsLinkOrImage(el: Element): boolean {
  if (el.name === 'a' || el.name === 'img') return true;
  return el.children.some((c) => isElement(c) && holdsLinkOrImage(c));
}

/**
 * The shape of a listing tile: tag and class. Class-less elements with an id (`<div id="apex_desktop">`,
 * `<div id="title_feature_div">`) name distinct regions of the page, never copies of one tile. With `byIdLetters`,
 * so do elements whose ids differ in more than digits (`<div class="celwidget" id="addToCart_feature_div">` beside
 * `id="buyNow_feature_div"`); copies of a tile differ in a number at most (`id="product-1041"`, `id="product-1042"`).
 */
function tileShape(el: Element, byIdLetters: boolean): string {
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  if (!cls && id) return `${el.name}#${id}`;
  return byIdLetters && id ? `${el.name}|${cls ?? ''}#${id.replace(/\d+/g, '')}` : `${el.name}|${cls ?? ''}`;
}

/** True when an ancestor repeats as one of several same-shaped sibling cards (a listing tile). */
export function inRepeatedTile(el: Element, title: Element | null, shapes: WeakMap<Element, Map<string, number>>, byIdLetters = false): boolean {
  let depth = 0;
  for (const a of ancestors(el)) {
    if (depth++ > 7) break;
    if (title && containsNode(a, title)) return false;
    const parent = a.parent;
    if (!parent || !isElement(parent) || a.name === 'tr' || a.name === 'td') continue;
    // Bare `<div>`s (no class, no id) are layout wrappers: six of them in a column are no listing (a `<li>` still is).
    if (a.name === 'div' && !a.attribs['class'] && !a.attribs['id']) continue;
    let counts = shapes.get(parent);
    if (!counts) {
      counts = new Map();
      for (const s of parent.children) {
        // An empty sibling (`<div class="cfx"></div>`, a clearfix spacer) is no card: three layout blocks sharing a
        // utility class with one empty are not a listing.
        if (!isElement(s) || !s.children.some(isElement)) continue;
        const k = tileShape(s, byIdLetters);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      shapes.set(parent, counts);
    }
    if ((counts.get(tileShape(a, byIdLetters)) ?? 0) >= 3 && holdsLinkOrImage(a)) return true;
  }
  return false;
}

/** True when one of the few elements before `el` is a heading announcing other products (judged once per element). */
function afterRelatedHeading(el: Element): boolean {
  const memo = memoOf(el);
  return (memo.afterRelatedHeading ??= followsRelatedHeading(el));
}

function followsRelatedHeading(el: Element): boolean {
  // A block whose first line announces other products ("<section><div>Часто покупают вместе</div>…</section>").
  const first = firstElementChild(el);
  if (first && first !== el.children[el.children.length - 1] && relatedHeadingLine(first, true)) return true;
  let seen = 0;
  for (let s = el.prev; s && seen < 3; s = s.prev) {
    if (!isElement(s)) continue;
    seen++;
    if (relatedHeadingLine(s, seen === 1)) return true;
  }
  return false;
}

/**
 * A heading announcing other products: a heading, an element named as one, or (when `bare` is allowed: right before
 * the block, or its first line) a bare line of text, since hashed class names (`tsHeadline550Medium`, `_2W5Nl`)
 * often name nothing.
 */
function relatedHeadingLine(s: Element, bare: boolean): boolean {
  if (!(/^h[2-6]$/.test(s.name) || /title|heading|header|headline|caption/i.test(s.attribs['class'] ?? '') || (bare && textLine(s)))) return false;
  const t = elementText(s, true, 150);
  return t.length <= 60 && RELATED_HEADING.test(t);
}

function firstElementChild(el: Element): Element | null {
  for (const c of el.children) if (isElement(c)) return c;
  return null;
}

/** An element holding only text and inline elements, no digits: a caption line. */
function textLine(el: Element): boolean {
  for (const c of el.children) if (isElement(c) && !TEXT_LINE_TAGS.has(c.name)) return false;
  return !/\d/.test(elementText(el, true, 80));
}
const TEXT_LINE_TAGS = new Set(['span', 'b', 'strong', 'i', 'em', 'small', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** A price with its currency mark ("3 990 ₽", "$12.99", "49,99 zł"). */
const SHOWN_PRICE = /\d\s*(?:₽|руб|р\.|\p{Sc}|zł|kč|kn|lei|ft)|\p{Sc}\s*\d/iu;

/**
 * True when `el` (a buy button) belongs to the card of another product: within three levels, below the container
 * it shares with the title, a block holds a link to another page that shows a price (a recommendation tile whose
 * "В корзину" is not the page product's). Links to colour variants show no price and do not count.
 */
export function inOtherProductCard(el: Element, title: Element | null, pageUrl: string): boolean {
  const pagePath = pathOf(pageUrl, pageUrl);
  if (!pagePath) return false;
  let depth = 0;
  for (const a of ancestors(el)) {
    if (a === el) continue;
    if (depth++ >= 3 || a.name === 'body' || (title && containsNode(a, title))) return false;
    const budget = { left: 300 };
    for (const link of linksBelow(a, [], budget)) {
      const href = link.attribs['href']!;
      if (href.startsWith('#') || href.startsWith('javascript:') || pathOf(href, pageUrl) === pagePath) continue;
      if (SHOWN_PRICE.test(elementText(link, true, 120))) return true;
    }
  }
  return false;
}

/** Links (`<a href>`) below `el`, visiting at most `budget.left` elements. */
function linksBelow(el: Element, out: Element[], budget: { left: number }): Element[] {
  for (const c of el.children) {
    if (!isElement(c) || budget.left-- <= 0) continue;
    if (c.name === 'a' && c.attribs['href']) out.push(c);
    else linksBelow(c, out, budget);
  }
  return out;
}

/** `EXCLUDED_CONTAINER` on the element's naming, judged once per element: every price and label below asks. */
function excludedByName(el: Element, container: RegExp): boolean {
  const memo = memoOf(el);
  if (container === EXCLUDED_CONTAINER) return (memo.excludedName ??= namedAs(el, container));
  if (container === STOCK_EXCLUDED_CONTAINER) return (memo.excludedStockName ??= namedAs(el, container));
  return namedAs(el, container);
}

function namedAs(el: Element, container: RegExp): boolean {
  return container.test(withoutModifiers(nameSignature(el)));
}

/**
 * Whether an element sits in a zone about other things (related products,
 * footer, cart drawer, delivery, instalments...) or inside a link to another
 * page. Only ancestors below the container shared with the title count, so a
 * page-wide wrapper class cannot exclude the main product.
 */
export function zoneOf(el: Element, title: Element | null, pageUrl: string, container: RegExp = EXCLUDED_CONTAINER): { excluded: boolean; otherLink: boolean } {
  const pagePath = pathOf(pageUrl, pageUrl);
  let excluded = false;
  let otherLink = false;
  for (const a of ancestors(el)) {
    if (a.name === 'body' || a.name === 'html' || (title && a !== el && containsNode(a, title))) break;
    if (EXCLUDED_TAGS.has(a.name) || a.name === 'header' || excludedByName(a, container) || afterRelatedHeading(a)) excluded = true;
    const href = a.name === 'a' ? a.attribs['href'] : undefined;
    if (href && pagePath && !href.startsWith('#') && !href.startsWith('javascript:') && pathOf(href, pageUrl) !== pagePath) otherLink = true;
  }
  return { excluded, otherLink };
}

