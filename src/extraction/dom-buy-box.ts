/**
 * The buy box: the main product's add-to-cart / buy control and the block
 * around it. A price sitting beside the main buy button is what the buyer
 * pays for this product, wherever the theme puts the title (Etsy, Amazon and
 * many marketplaces place the price and button in a column of their own).
 */
import type { CheerioAPI } from 'cheerio/slim';
import { BUY_SIGNATURE, CART_FORM, isBuyButtonText } from './availability.js';
import { elementText, isHiddenElement, nameSignature, ancestors, type Element } from './dom-text.js';
import { inOtherProductCard, inRepeatedTile, treeDistance, zoneOf } from './dom-zones.js';
import { pageIndex } from './page-index.js';

const MAX_CLIMB = 10;
/** Naming of a link styled as a button or pointing at the cart. */
export const LINK_BUTTON = /btn|button|cart|basket|buy|bag|korzin|order/i;
const MAX_BOX_PRICES = 6;

/** The submit button of a form that adds to the cart. */
export function submitsCartForm(el: Element): boolean {
  if (!(el.name === 'button' && (el.attribs['type'] ?? 'submit') === 'submit') && !(el.name === 'input' && el.attribs['type'] === 'submit')) return false;
  for (const a of ancestors(el)) {
    if (a.name !== 'form') continue;
    return CART_FORM.test(`${a.attribs['action'] ?? ''} ${nameSignature(a)}`);
  }
  return false;
}

function controlText(el: Element): string {
  if (el.name === 'input') return el.attribs['value'] ?? '';
  return elementText(el, true, 80) || el.attribs['aria-label'] || '';
}

/**
 * The main product's buy controls: visible buttons, submit inputs and links
 * named or labelled as add-to-cart / buy, outside zones about other products
 * and repeated listing tiles, nearest the title when there is one.
 */
export function findMainBuyControls($: CheerioAPI, title: Element | null, pageUrl: string): Element[] {
  const controls: Element[] = [];
  const shapes = new WeakMap<Element, Map<string, number>>();
  const index = pageIndex($);
  const inputs = index.byTag('input').filter((el) => el.attribs['type'] === 'submit' || el.attribs['type'] === 'button');
  for (const el of [...index.byTag('button'), ...inputs, ...index.byTag('a')]) {
    // Most links are navigation: only those styled as buttons or named for the cart are looked at further.
    if (el.name === 'a' && !LINK_BUTTON.test(nameSignature(el))) continue;
    const sig = `${nameSignature(el)} ${el.attribs['name'] ?? ''}`;
    const byName = BUY_SIGNATURE.test(sig) || submitsCartForm(el);
    const text = controlText(el);
    if (text.length > 60 || !(byName || isBuyButtonText(text))) continue;
    if ([...ancestors(el)].some((a) => isHiddenElement(a))) continue;
    const zone = zoneOf(el, title, pageUrl);
    // Feature blocks of one buy box (Amazon's `celwidget` siblings with their own ids) are not a listing of tiles.
    if (zone.excluded || zone.otherLink || inRepeatedTile(el, title, shapes, true) || inOtherProductCard(el, title, pageUrl)) continue;
    controls.push(el);
  }
  if (!title || controls.length <= 1) return controls;
  const distances = controls.map((c) => treeDistance(title, c));
  const nearest = Math.min(...distances);
  return controls.filter((_, i) => distances[i]! <= nearest + 2);
}

/**
 * The buy box: for each main buy control, the smallest ancestor (at most
 * MAX_CLIMB levels up) holding a price at all. Prices inside it are the
 * ones beside the button; a box holding many prices is a listing, not a box.
 */
export function buyBoxMembers<T extends { el: Element }>(controls: Element[], prices: T[]): Set<T> {
  const members = new Set<T>();
  // The prices inside each ancestor a control may climb to, gathered in one pass over the prices' ancestors (not one
  // pass over every price per ancestor: 20,000 cart forms would be quadratic).
  const within = new Map<Element, T[]>();
  for (const control of controls) {
    let depth = 0;
    for (const a of ancestors(control)) {
      if (a.name === 'body' || depth++ > MAX_CLIMB) break;
      within.set(a, []);
    }
  }
  for (const p of prices) for (const a of ancestors(p.el)) within.get(a)?.push(p);
  for (const control of controls) {
    let depth = 0;
    for (const a of ancestors(control)) {
      if (a.name === 'body' || depth++ > MAX_CLIMB) break;
      const inside = within.get(a)!;
      if (inside.length === 0) continue;
      if (inside.length <= MAX_BOX_PRICES) for (const p of inside) members.add(p);
      break;
    }
  }
  return members;
}
