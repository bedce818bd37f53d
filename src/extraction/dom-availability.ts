/**
 * Stock status from visible text: explicit phrases ("Нет в наличии",
 * "Only 2 left") nearest the main price or title win; an enabled buy button
 * is the weakest in-stock signal. Phrases in related/cart/footer zones are
 * ignored so a recommendation's "В корзину" does not mark the product in stock.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { availabilityFromText, isBuyButtonText } from './availability.js';
import { treeDistance, zoneOf } from './dom-zones.js';
import { elementText, isElement, isHiddenElement, isSkippedTag, nameSignature, type AnyNode, type Element } from './dom-text.js';
import { pageIndex } from './page-index.js';
import type { Availability } from './types.js';

const MAX_DISTANCE = 14;
/** Cheap pre-filter: text nodes without any of these stems cannot carry a stock phrase or a buy button. */
const STOCK_WORDS = /налич|наявн|закінч|розпрод|在庫|売り切れ|品切れ|skladě|sklad|voorraad|uitverkocht|склад|заказ|корзин|купить|закончил|распрод|осталось|мало|продаж|поступлен|уведом|производ|магазин|stock|sold|order|available|unavailable|cart|bag|basket|buy|left|notify|discontinued|lager|lieferbar|verfügbar|warenkorb|ausverkauft|vorbestell|épuisé|panier|disponible|agotado|carrito|esaurito|carrello|dostęp|koszyk|skladem|koupit|voorraad|winkelwagen/i;

/** Size / colour / variant pickers: a badge there describes one option, not the product. */
const VARIANT_ZONE = /(?:^|[\s_-])(?:variants?|variant-?(?:picker|selector|options?|list)|swatch(?:es)?|options?|option-?(?:values?|list)|sizes?|size-?(?:list|picker|selector|grid|item|box)|sizes-?list|selector|picker|razmer[a-z]*|sku-?(?:list|item|props?)|offers?-?(?:props|tree)|radio)(?:$|[\s_-])/i;

/** True when the element sits inside a variant option (picker item, size list, `<label for>` of a radio). */
function inVariantOption(el: Element): boolean {
  let depth = 0;
  for (let cur: AnyNode | null = el; cur && isElement(cur) && depth < 6; cur = cur.parent, depth++) {
    if (cur.name === 'option' || cur.name === 'fieldset' || (cur.name === 'label' && cur.attribs['for'])) return true;
    const role = cur.attribs['role'];
    if (role === 'radio' || role === 'option' || role === 'radiogroup' || role === 'listbox') return true;
    if (VARIANT_ZONE.test(nameSignature(cur))) return true;
  }
  return false;
}

function disabled(el: Element): boolean {
  return el.attribs['disabled'] !== undefined || el.attribs['aria-disabled'] === 'true' || /(?:^|\s)disabled(?:\s|$)/.test(el.attribs['class'] ?? '');
}

/** Best availability signal near the product's title or price. */
export function domAvailability($: CheerioAPI, title: Element | null, price: Element | null, pageUrl: string): Availability | null {
  const anchor = price ?? title;
  const body = pageIndex($).byTag('body')[0] ?? $.root()[0];
  if (!body) return null;
  let best: { value: Availability; d: number } | null = null;
  let button: { d: number } | null = null;
  const seen = new Set<Element>();

  const consider = (el: Element): void => {
    if (seen.has(el)) return;
    seen.add(el);
    const text = elementText(el, true, 200);
    if (text.length === 0 || text.length > 60) return;
    const d = anchor ? treeDistance(anchor, el) : 0;
    if (d > MAX_DISTANCE) return;
    const zone = zoneOf(el, title, pageUrl);
    if (zone.excluded) return;
    const clickable = [el, el.parent, el.parent?.parent].find((e): e is Element => !!e && isElement(e) && (e.name === 'a' || e.name === 'button'));
    if (clickable && clickable !== el && isBuyButtonText(text)) {
      if (!disabled(clickable) && (!button || d < button.d)) button = { d };
      return;
    }
    const isButton = el.name === 'button' || (el.name === 'input' && /submit|button/.test(el.attribs['type'] ?? '')) || el.attribs['role'] === 'button';
    if (isButton || (el.name === 'a' && isBuyButtonText(text))) {
      if (isBuyButtonText(text) && !disabled(el) && (!button || d < button.d)) button = { d };
      if (isBuyButtonText(text)) return;
    }
    const value = availabilityFromText(text);
    if (value && value !== 'InStock' && value !== 'LimitedAvailability' && inVariantOption(el)) return;
    if (value && (!best || d < best.d)) best = { value, d };
  };

  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      const parent = node.parent;
      if (parent && isElement(parent) && STOCK_WORDS.test((node as unknown as { data: string }).data)) consider(parent);
      return;
    }
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) visit(child);
      return;
    }
    if (!isElement(node) || isSkippedTag(node) || isHiddenElement(node)) return;
    if (node.name === 'input' && node.attribs['value']) {
      if (isBuyButtonText(node.attribs['value']) && !disabled(node)) {
        const d = anchor ? treeDistance(anchor, node) : 0;
        if (d <= MAX_DISTANCE && !zoneOf(node, title, pageUrl).excluded && (!button || d < button.d)) button = { d };
      }
    }
    for (const child of node.children) visit(child);
  };
  visit(body);
  const found = best as { value: Availability; d: number } | null;
  if (found) return found.value;
  return button ? 'InStock' : null;
}
