/**
 * Locates the main product title, the anchor of the DOM heuristics: prices
 * and stock labels closest to it belong to the product the page is about.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { ancestors, elementText, isElement, isHiddenElement, nameSignature, nextElement, withoutModifiers, type AnyNode, type Element } from './dom-text.js';
import { CODE_NAMED, cleanBrandText } from './dom-identifiers.js';
import { readMetaTags } from './meta.layer.js';
import { pageIndex } from './page-index.js';

/** Zones whose headings name other products. */
const NOT_TITLE_ZONE = /(?:^|[\s_-])(?:related|recommend|similar|carousel|slider|swiper|upsell|cross-?sell|mini-?cart|cart-?drawer|menu|breadcrumb|review|quick-?view)/i;

const TITLE_SELECTORS = [
  'h1',
  '[itemprop="name"]',
  '[class*="product-title"], [class*="product__title"], [class*="product-name"], [class*="product__name"], [class*="productTitle"], [class*="product_title"]',
  ['prod', 'item', 'goods', 'tovar', 'pdp', 'card', 'detail'].flatMap((k) => [`[class*="${k}"][class*="title"]`, `[class*="${k}"][class*="name"]`]).join(', '),
];

const PRODUCT_HEADING_CLASS = /product[-_]?(?:name|title)|page-heading|product-heading|^name\b|\bname$/i;

/** A heading that only links home, or sits in the site header, is the shop's logo, not the product. */
function namesProduct(el: Element): boolean {
  return PRODUCT_HEADING_CLASS.test(`${el.attribs['class'] ?? ''} ${el.attribs['itemprop'] ?? ''}`);
}

function isLogo(el: Element): boolean {
  const links = el.children.filter((c): c is Element => c.type === 'tag' && (c as Element).name === 'a');
  if (links.length === 1 && /^(?:\/|https?:\/\/[^/]+\/?)$/.test(links[0]!.attribs['href'] ?? '')) return true;
  // A heading that names itself the product's name or the page heading is not the logo, even inside a "page-header" block.
  const named = namesProduct(el);
  for (const a of ancestors(el)) {
    const cls = a.attribs['class'] ?? '';
    if (/(?:^|\s)(?:logo|site-logo|header__logo)(?:\s|$)/i.test(cls)) return true;
    if (named) continue;
    // A `<header class="product-header">` is the product block's own header, not the site's.
    if (a !== el && !/(?:^|\s)product[\w-]*header/i.test(cls) &&
      ((a.name === 'header' && !inSection(a)) || /(?:^|\s)(?:header|site-header|page-header|main-header|top-header)(?:\s|$)/i.test(cls))) return true;
  }
  return false;
}

/**
 * A `<header>` inside `<main>`, `<article>`, `<section>`, `<aside>` or `<nav>` is that section's own header (HTML gives
 * it no banner role), not the site's: `<section id="product"><header class="pv-header"><h1>`.
 */
function inSection(header: Element): boolean {
  for (let cur = header.parent; cur && isElement(cur); cur = cur.parent) {
    if (cur.name === 'main' || cur.name === 'article' || cur.name === 'section' || cur.name === 'aside' || cur.name === 'nav') return true;
  }
  return false;
}

/** `product--carousel` → `product`: a BEM modifier says how a block is laid out (its gallery is a carousel), not what it is. */
function withoutBemModifiers(signature: string): string {
  // `product-col__sticky-slider`: an element of the product's own block, however it moves on screen.
  const s = signature.includes('__') ? signature.replace(/(?:^|\s)product[\w-]*__[\w-]+/g, ' ') : signature;
  return s.includes('--') ? s.replace(/(\w)--[\w-]+/g, '$1') : s;
}

function usable(el: Element): boolean {
  const text = elementText(el, true, 700);
  if (text.length < 2 || text.length > 300 || !/\p{L}{2}/u.test(text) || isLogo(el)) return false;
  if (el.name !== 'h1' && (el.name === 'a' || [...ancestors(el)].some((a) => a.name === 'a'))) return false;
  for (const a of ancestors(el)) {
    if (isHiddenElement(a)) return false;
    if (a !== el && (a.name === 'nav' || a.name === 'footer' || NOT_TITLE_ZONE.test(withoutBemModifiers(withoutModifiers(nameSignature(a)))))) return false;
  }
  return true;
}

/** The element naming the page's product, or null when no credible title exists. */
export function findTitleElement($: CheerioAPI): Element | null {
  const index = pageIndex($);
  return index.remember('title element', () => {
    for (const selector of TITLE_SELECTORS) {
      const all = index.select(selector);
      let found = all.find(usable);
      // Several h1s, the first a site message ("Free shipping over $99" in `h1.global-message-headline`): the one that
      // names itself the product's name (`itemprop="name"`, `product-name`) is the title.
      if (found && selector === 'h1' && !namesProduct(found)) found = all.find((h) => h !== found && namesProduct(h) && usable(h)) ?? found;
      if (found) return headingAfterKicker($, found) ?? found;
    }
    return null;
  });
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** The page's `<title>` and `og:title`, lower-cased: what the shop itself calls the page. */
function documentTitles($: CheerioAPI): string[] {
  const index = pageIndex($);
  const out: string[] = [];
  const docTitle = index.byTag('title').find((t) => t.parent && isElement(t.parent) && t.parent.name === 'head');
  if (docTitle) out.push(squash(elementText(docTitle, false)));
  const og = readMetaTags($).get('og:title');
  if (og) out.push(squash(og));
  return out.filter((t) => t.length >= 3);
}

/**
 * An `<h1>` that only labels a collection or series ("Beyond") right above a smaller heading naming the product
 * ("Nhẫn cầu hôn Vàng 14K đá Moissanite"): when the page's `<title>` / `og:title` contains the next sibling
 * heading's text but not the h1's, that heading is the title.
 */
function headingAfterKicker($: CheerioAPI, h1: Element): Element | null {
  if (h1.name !== 'h1') return null;
  const titles = documentTitles($);
  const own = squash(elementText(h1));
  if (!titles.length || titles.some((t) => t.includes(own))) return null;
  const next = nextElement(h1);
  if (!next || !/^h[2-4]$/.test(next.name) || !usable(next)) return null;
  const text = squash(elementText(next));
  return text.length > own.length && titles.some((t) => t.includes(text)) ? next : null;
}

/**
 * Parts of a title element that are not the name: the product's code (`<span class="productId">(#445833337)</span>`)
 * and a subtitle line (named so, or a paragraph inside a heading).
 */
function notNamePart(el: Element): boolean {
  // A footnote mark after the name ("Parkside 4Ah Battery<sup>1</sup>", "…<sup>*</sup>"), not a unit's power ("1,44 m<sup>2</sup>").
  if (el.name === 'sup' && nextElement(el) === null && /^[\d*†‡]{1,2}$/.test(elementText(el, true, 10)) && !/\S/.test(textAfter(el)) &&
    !/(?:^|[\d\s])(?:[cmkd]?m|ft|in)\s*$/i.test(textBefore(el))) return true;
  if ((el.name === 'p' && /^h[1-6]$/.test((el.parent as Element | null)?.name ?? '')) || /(?:^|[^a-z])(?:sub-?title|subheading|tagline|strapline)/.test(nameSignature(el))) return true;
  return CODE_NAMED.test(nameSignature(el)) && /^\S+$/.test(elementText(el, true, 60)) && /\d/.test(elementText(el, true, 60));
}

/**
 * The product's name as the title element shows it, without the code and subtitle printed inside the same heading
 * ("Huawei Mate 20 Lite 64 GB Duos Cep Telefonu (#445833337) 2 YIL DELTA SERVİS GARANTİSİNDEDİR").
 */
/** The text of the sibling right before `el`. */
function textBefore(el: Element): string {
  const prev = el.prev;
  if (!prev) return '';
  return prev.type === 'text' ? (prev as unknown as { data: string }).data : isElement(prev) ? elementText(prev, true, 40) : '';
}

/** The text of the siblings after `el` (a few of them at most). */
function textAfter(el: Element): string {
  let out = '';
  for (let n = el.next, k = 0; n && k < 4; n = n.next, k++) if (n.type === 'text') out += (n as unknown as { data: string }).data;
  return out;
}

export function titleText(title: Element): string {
  const whole = elementText(title);
  if (!title.children.some((c) => isElement(c) && notNamePart(c))) return whole;
  const pieces: string[] = [];
  for (const c of title.children) {
    if (isElement(c)) {
      if (!notNamePart(c)) pieces.push(elementText(c));
    } else if (c.type === 'text') pieces.push((c as unknown as { data: string }).data);
  }
  const name = pieces.join('').replace(/\s+/g, ' ').trim();
  return /\p{L}{2}/u.test(name) ? name : whole;
}

const BRAND_CLASS = /brand/i;

/**
 * `[itemprop="brand"], [class*="brand" i], [data-auto*="brand"]`, tested directly: the compiled selector list was
 * tested on every element of every page (css-select's `*=` tests, same cases).
 */
function brandNamed(el: Element): boolean {
  const a = el.attribs;
  const cls = a['class'];
  return a['itemprop'] === 'brand' || (cls !== undefined && cls.length >= 5 && BRAND_CLASS.test(cls)) || a['data-auto']?.includes('brand') === true;
}

/**
 * The brand-named elements at most `reach` steps from `title` in the tree (up to the common ancestor and down), in
 * document order: a walk over the title's neighbourhood instead of testing every element of the page.
 */
function brandNamedNear(title: Element, reach: number): Element[] {
  // The title's ancestors up to `reach` levels (any node: the document root too), nearest first.
  const path: AnyNode[] = [title];
  for (let cur = title.parent; cur && path.length <= reach; cur = cur.parent) path.push(cur);
  const out: Element[] = [];
  // `budget`: how many more steps down from `node` stay within reach; the child on the title's path gets its own.
  const walk = (node: AnyNode, budget: number, level: number): void => {
    if (isElement(node) && brandNamed(node)) out.push(node);
    const children = (node as { children?: AnyNode[] }).children;
    if (!children) return;
    const onPath = level > 0 ? path[level - 1] : undefined;
    for (const child of children) {
      if (child === onPath) walk(child, reach - (level - 1), level - 1);
      else if (budget > 0) walk(child, budget - 1, -1);
    }
  };
  const top = path.length - 1;
  walk(path[top]!, reach - top, top);
  return out;
}

/** A short brand label near the title (`itemprop=brand`, `*brand*` classes), for pages without structured data. */
export function findBrandText($: CheerioAPI, title: Element | null, distance: (a: Element, b: Element) => number): string | null {
  if (!title) return null;
  // A link to the brand's page (`/brands/nescafe-dolce-gusto`) beside the title names the brand too (looked for in the title's block).
  const block = title.parent?.parent;
  const index = pageIndex($);
  const brandLinks = block && block.type === 'tag' ? index.find(block as Element, 'a').filter((a) => /\/brands?\//.test(a.attribs['href'] ?? '')) : [];
  for (const el of [...brandNamedNear(title, 6), ...brandLinks]) {
    if (el === title || distance(title, el) > 6) continue;
    const text = cleanBrandText(elementText(el, true, 100).replace(/^(?:бренд|brand|марка|marke|marka|marca|marque|merk|hersteller|производитель)\s*:?\s*/i, '')
      .replace(/\s*[-–—|:·•]+$/u, ''));
    if (text && text.length >= 2 && text.length <= 40 && /\p{L}/u.test(text) && !/\d{3}/.test(text) && text !== elementText(title)) return text;
  }
  return null;
}
