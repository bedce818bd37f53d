/**
 * Locates the main product title, the anchor of the DOM heuristics: prices
 * and stock labels closest to it belong to the product the page is about.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { ancestors, elementText, isHiddenElement, nameSignature, type Element } from './dom-text.js';

/** Zones whose headings name other products. */
const NOT_TITLE_ZONE = /(?:^|[\s_-])(?:related|recommend|similar|carousel|slider|swiper|upsell|cross-?sell|mini-?cart|cart-?drawer|menu|breadcrumb|review|modal|popup|quick-?view)/i;

const TITLE_SELECTORS = [
  'h1',
  '[itemprop="name"]',
  '[class*="product-title"], [class*="product__title"], [class*="product-name"], [class*="product__name"], [class*="productTitle"], [class*="product_title"]',
];

function usable(el: Element): boolean {
  const text = elementText(el);
  if (text.length < 2 || text.length > 300) return false;
  for (const a of ancestors(el)) {
    if (isHiddenElement(a)) return false;
    if (a !== el && (a.name === 'nav' || a.name === 'footer' || NOT_TITLE_ZONE.test(nameSignature(a)))) return false;
  }
  return true;
}

/** The element naming the page's product, or null when no credible title exists. */
export function findTitleElement($: CheerioAPI): Element | null {
  for (const selector of TITLE_SELECTORS) {
    const found = $(selector).toArray().find((el) => usable(el as Element));
    if (found) return found as Element;
  }
  return null;
}
