/**
 * Locates the main product title, the anchor of the DOM heuristics: prices
 * and stock labels closest to it belong to the product the page is about.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { ancestors, elementText, isHiddenElement, nameSignature, withoutModifiers, type Element } from './dom-text.js';
import { cleanBrandText } from './dom-identifiers.js';
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
function isLogo(el: Element): boolean {
  const links = el.children.filter((c): c is Element => c.type === 'tag' && (c as Element).name === 'a');
  if (links.length === 1 && /^(?:\/|https?:\/\/[^/]+\/?)$/.test(links[0]!.attribs['href'] ?? '')) return true;
  // A heading that names itself the product's name or the page heading is not the logo, even inside a "page-header" block.
  const namesProduct = PRODUCT_HEADING_CLASS.test(`${el.attribs['class'] ?? ''} ${el.attribs['itemprop'] ?? ''}`);
  for (const a of ancestors(el)) {
    const cls = a.attribs['class'] ?? '';
    if (/(?:^|\s)(?:logo|site-logo|header__logo)(?:\s|$)/i.test(cls)) return true;
    if (namesProduct) continue;
    // A `<header class="product-header">` is the product block's own header, not the site's.
    if (a !== el && !/(?:^|\s)product[\w-]*header/i.test(cls) &&
      (a.name === 'header' || /(?:^|\s)(?:header|site-header|page-header|main-header|top-header)(?:\s|$)/i.test(cls))) return true;
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
      const found = index.select(selector).find(usable);
      if (found) return found;
    }
    return null;
  });
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

/** A short brand label near the title (`itemprop=brand`, `*brand*` classes), for pages without structured data. */
export function findBrandText($: CheerioAPI, title: Element | null, distance: (a: Element, b: Element) => number): string | null {
  if (!title) return null;
  // A link to the brand's page (`/brands/nescafe-dolce-gusto`) beside the title names the brand too (looked for in the title's block).
  const block = title.parent?.parent;
  const index = pageIndex($);
  const brandLinks = block && block.type === 'tag' ? index.find(block as Element, 'a').filter((a) => /\/brands?\//.test(a.attribs['href'] ?? '')) : [];
  for (const el of [...index.remember('brand elements', () => index.elements.filter(brandNamed)), ...brandLinks]) {
    if (el === title || distance(title, el) > 6) continue;
    const text = cleanBrandText(elementText(el, true, 100).replace(/^(?:бренд|brand|марка|marke|marka|marca|marque|merk|hersteller|производитель)\s*:?\s*/i, '')
      .replace(/\s*[-–—|:·•]+$/u, ''));
    if (text && text.length >= 2 && text.length <= 40 && /\p{L}/u.test(text) && !/\d{3}/.test(text) && text !== elementText(title)) return text;
  }
  return null;
}
