/**
 * Finds every visible price on the page and describes it with the features
 * the DOM layer scores: naming, crossed-out state, labels, exclusion zones,
 * links to other products, repeated tiles and distance to the title.
 */
import type { CheerioAPI } from 'cheerio/slim';
import {
  ancestors, collapse, elementText, fractionNamed, isElement, isHiddenElement, isSkippedTag, nameSignature,
  type AnyNode, type Element,
} from './dom-text.js';
import { containsNode, inRepeatedTile, treeDistance, zoneOf } from './dom-zones.js';
import {
  CARD_LABEL, CARD_SIGNATURE, CURRENT_SIGNATURE, EXCLUDED_CONTAINER, MAIN_LABEL, NON_CARD_LABEL,
  NON_MAIN_LABEL, NON_MAIN_SUFFIX, OLD_LABEL, PERCENT_OFF, PRICE_SIGNATURE, PRICE_WORD_LABEL, TAX_EXCLUDED, QUANTITY_TIER, STRUCK_SIGNATURE, WEAK_OLD_SIGNATURE,
} from './dom-signals.js';
import { memoOf } from './node-memo.js';
import { pageIndex } from './page-index.js';
import { euroDecimalAsComma, parsePriceDetailed, type DetailedPrice } from './price-parser.js';

export interface PriceCandidate {
  el: Element;
  text: string;
  parsed: DetailedPrice & { amount: string };
  order: number;
  struck: boolean;
  weakOld: boolean;
  current: boolean;
  priceNamed: boolean;
  itemprop: boolean;
  card: boolean;
  nonMain: boolean;
  excluded: boolean;
  otherLink: boolean;
  tile: boolean;
  fontSize: number | null;
  titleDistance: number | null;
  afterTitle: boolean;
  mainLabel: boolean;
  /** A discount badge sits right beside it: if higher than the main price, it is the crossed-out one. */
  besideDiscount: boolean;
  /** Words shown right before the amount (own prefix or neighbouring label). */
  label: string;
  /** Sits in the buy box, beside the main buy control (set by the DOM layer). */
  inBuyBox?: boolean;
  /** Labelled as the price without the card ("без карты Пэй", "Non-member price", "für Nicht-Mitglieder"). */
  nonCard?: boolean;
  /** Struck only because its label reads like a reference price ("Обычная цена", "Regular price"), not by style or class. */
  struckByLabel?: boolean;
}

const MAX_PRICE_TEXT = 48;
/**
 * At most this many elements holding digits are examined as prices, in document order: the bound on the DOM layer's
 * work for a page of 50,000 listing prices or a 30,000-row table. The saved real pages have at most 2,857 such text
 * nodes (a 2.4 MB Wildberries card) and at most 1,056 price candidates; the main product comes before such masses.
 */
export const MAX_PRICE_TEXTS = 20_000;

/** A reference-price label ending right before the amount ("… Was", "statt", "было", "RRP"). */
const OLD_RIGHT_BEFORE = /(?:^|[^\p{L}])(?:was|statt|vorher|было|вместо|antes|avant|rrp|uvp|msrp|list price|regular price|normalpreis)\s*:?$/iu;
/** A reward named right before the amount ("Кешбэк до 3 299 ₽ при оплате картой", "+1 350 бонусов"): never a price, card words or not. */
const REWARD_RIGHT_BEFORE = /(?:кешб[эе]к|cashback|бонус(?:ов|ы|ами)?|баллов|баллы|points|reward)\s*(?:до|up to|bis zu)?\s*:?$/iu;

function countNumbers(text: string): number {
  // "779€99" is one amount written the French way (the euro sign as the decimal comma).
  return euroDecimalAsComma(text).match(/\d[\d\s.,']*/g)?.length ?? 0;
}

const FOREIGN_CONTENT = new Set(['a', 'img', 'button', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'picture', 'input', 'select']);

/** True when `parent` holds, besides `child`, a link, image, heading or control (the price's card, not the price). */
function hasForeignSiblings(parent: Element, child: Element): boolean {
  for (const c of parent.children) if (c !== child && isElement(c) && holdsForeignContent(c)) return true;
  return false;
}

/** The element is, or holds, a link, image, heading or control (a walk without a stack array allocated per call). */
function holdsForeignContent(el: Element): boolean {
  if (FOREIGN_CONTENT.has(el.name)) return true;
  for (const c of el.children) if (isElement(c) && holdsForeignContent(c)) return true;
  return false;
}

/**
 * Whether the element's visible text read up to `limit` characters is longer than `max`, answered from the text
 * memo when it can be: each candidate asks its close ancestors with its own limit, so the cut memo rarely
 * matched. A walk cut at a smaller limit reads a prefix of a walk cut at a larger one, so a cut text already longer
 * than `max` at a limit no larger, or a text no longer than `max` at a limit no smaller (or the whole text), decides.
 */
function visibleTextLongerThan(el: Element, max: number, limit: number): boolean {
  const memo = memoOf(el);
  const whole = memo.visible;
  if (whole && (whole.read <= limit || whole.text.length <= max)) return whole.text.length > max;
  const cuts = memo.visibleCut;
  if (cuts) {
    for (const cut of cuts) {
      if (cut.limit <= limit && cut.text.length > max) return true;
      if (cut.limit >= limit && cut.text.length <= max) return false;
    }
  }
  return elementText(el, true, limit).length > max;
}

/** Grows from a text's parent to the largest element that still shows just this one price. */
function priceElementFor(start: Element): Element {
  let cur = start;
  // A heading's digits ("Produkt 1", "iPhone 15") never join the price printed below it.
  if (/^h[1-6]$/.test(start.name)) return start;
  for (let i = 0; i < 4; i++) {
    const parent = cur.parent;
    if (!parent || !isElement(parent) || parent.name === 'body') break;
    const text = elementText(parent, true, 120);
    if (text.length > MAX_PRICE_TEXT || countNumbers(text) !== 1 || hasForeignSiblings(parent, cur) || hasNumberLineBeside(parent, cur)) break;
    cur = parent;
  }
  return cur;
}

/**
 * True when `parent` shows, besides `child`, digits on a line of their own: "2 199" and "2 799 ₽" in two `<div>`s are
 * two prices, though their text joined by a (thin) space reads as one number. Inline parts (`12<sup>99</sup>`,
 * whole / fraction spans) stay one price.
 */
function hasNumberLineBeside(parent: Element, child: Element): boolean {
  const childBlock = !INLINE_TAGS.has(child.name);
  for (const c of parent.children) {
    if (c === child || !isElement(c) || isSkippedTag(c) || isHiddenElement(c)) continue;
    const text = elementText(c, true, 60);
    // A cents / fraction-named block of one or two digits ("<div class=pricelabel__decimal>99</div>") is the rest of this price.
    if (fractionNamed(c) && /^\d{1,2}$/.test(text)) continue;
    if ((childBlock || !INLINE_TAGS.has(c.name)) && /\d/.test(text)) return true;
  }
  return false;
}

function explicitlyUnstruck(el: Element): boolean {
  return /(?:^|\s)(?:text-decoration-none|no-line-through|no-strike)(?:\s|$)/.test(el.attribs['class'] ?? '') ||
    /text-decoration(?:-line)?\s*:\s*none/i.test(el.attribs['style'] ?? '');
}

function struckStyle(el: Element): boolean {
  return /line-through/i.test(el.attribs['style'] ?? '') || el.name === 'del' || el.name === 's' || el.name === 'strike';
}

/** Visible descendants only: a hidden sibling's "was" class or strike-through must not mark the shown price. */
function descendants(el: Element, out: Element[] = [], limit = 30): Element[] {
  for (const c of el.children) {
    if (out.length >= limit) break;
    if (isElement(c) && !isHiddenElement(c)) {
      out.push(c);
      descendants(c, out, limit);
    }
  }
  return out;
}

const INLINE_TAGS = new Set(['span', 'b', 'strong', 'i', 'em', 'small', 'sub', 'sup', 'bdi', 'ins', 'mark', 'label', 'abbr']);

/**
 * Label text next to `el` on one side: stops at another number; backwards it
 * may take one block element (a label line above), forwards only inline text
 * (a suffix such as "/мес"), since the next block line is something else.
 */
function siblingLabel(el: Element, forward: boolean): string {
  const parts: string[] = [];
  let length = 0;
  for (let n = forward ? el.next : el.prev; n && length < 40; n = forward ? n.next : n.prev) {
    let t = '';
    let block = false;
    if (n.type === 'text') t = (n as unknown as { data: string }).data;
    else if (isElement(n)) {
      if (isHiddenElement(n)) continue;
      const icon = iconName(n);
      if (icon !== null) t = icon;
      else {
        if (isSkippedTag(n)) continue;
        block = !INLINE_TAGS.has(n.name);
        if (block && forward) break;
        t = elementText(n, true, 120);
      }
    }
    if (/\d/.test(t)) {
      // A previous block line holding a number is another price: its suffix ("₽ с картой") is not our label.
      if (block && !forward) break;
      const cut = forward ? t.split(/\d/)[0]! : t.slice(t.search(/\d[^\d]*$/) + 1).replace(/^[\d\s.,]*/, '');
      parts.push(cut);
      break;
    }
    parts.push(t);
    // Indentation between elements is no label text: counted as read, 40 spaces of pretty-printed markup ended the look.
    length += t.trim().length;
    if (block) break;
  }
  const joined = (forward ? parts : parts.reverse()).join(' ').replace(/\s+/g, ' ').trim();
  return forward ? joined.slice(0, 40) : joined.slice(-40);
}

/**
 * An icon or logo beside a price (`<img alt="Яндекс Пэй">`, `<svg aria-label="WB Кошелёк">`) reads as its name, inline:
 * a payment or loyalty logo is the label of the price it follows. Null for other elements.
 */
function iconName(el: Element): string | null {
  if (el.name !== 'img' && el.name !== 'svg' && el.attribs['role'] !== 'img') return null;
  if (el.attribs['aria-hidden'] === 'true') return '';
  return el.attribs['alt'] ?? el.attribs['aria-label'] ?? el.attribs['title'] ?? '';
}

/**
 * Labels of a price: the words before its first digit inside it ("Цена за 1 кг:")
 * or next to it ("Было", "/мес", "с картой"), climbing while the price is
 * the only thing in its wrapper. Text of neighbouring prices is never included.
 */
function labelsAround(el: Element, text: string): { before: string; after: string } {
  const ownBefore = text.split(/\d/)[0]!.replace(/[^\p{L}:]+$/u, '').trim();
  const ownAfter = text.slice(text.search(/\d[^\d]*$/) + 1).replace(/^[\d\s.,]*/, '');
  let before = ownBefore;
  let after = ownAfter;
  let cur: Element = el;
  for (let level = 0; level < 3; level++) {
    before = `${siblingLabel(cur, false)} ${before}`.trim();
    after = `${after} ${siblingLabel(cur, true)}`.trim();
    const parent = cur.parent;
    if (!parent || !isElement(parent) || parent.name === 'body') break;
    const parentText = elementText(parent, true, 300);
    if (countNumbers(parentText) > 1 || parentText.length > text.length + before.length + after.length + 8) break;
    cur = parent;
  }
  return { before: before.replace(/[^\p{L}:]+$/u, '').slice(-40), after: after.slice(0, 40) };
}

function fontSizeOf(el: Element): number | null {
  for (const e of [el, ...descendants(el, [], 6)]) {
    const v = e.attribs['data-pc-font-size'];
    if (v !== undefined && Number.isFinite(parseFloat(v))) return parseFloat(v);
  }
  return null;
}

/** An accessible name or tooltip on the price or its wrapper saying it is a card price (`aria-label="Цена с картой Пэй"`). */
function namedAsCardPrice(el: Element): boolean {
  const name = el.attribs['aria-label'] ?? el.attribs['title'];
  return name !== undefined && name.length <= 60 && CARD_LABEL.test(name) && !NON_CARD_LABEL.test(name);
}

/** A badge of its own holding only a discount ("−50%", "-18 %"); the label reads cut it at its digits. */
const DISCOUNT_BADGE = /^\s*[-−–]\s?\d{1,2}\s?%\s*$/;

/** The element right before or after the price is a discount badge ("2 022,10 ₽" beside "−50%"). */
function discountBadgeBeside(el: Element): boolean {
  for (const forward of [false, true]) {
    for (let n = forward ? el.next : el.prev; n; n = forward ? n.next : n.prev) {
      if (!isElement(n)) {
        if (/\S/.test((n as unknown as { data?: string }).data ?? '')) break;
        continue;
      }
      if (!isHiddenElement(n) && DISCOUNT_BADGE.test(elementText(n, true, 20))) return true;
      break;
    }
  }
  return false;
}

/** Lists every visible price-looking element with the features used for scoring. */
export function findPriceCandidates($: CheerioAPI, title: Element | null, pageUrl: string, currencyHint: string | null): PriceCandidate[] {
  const body = pageIndex($).byTag('body')[0] ?? $.root()[0];
  if (!body) return [];
  const candidates: PriceCandidate[] = [];
  const seen = new Set<Element>();
  const shapes = new WeakMap<Element, Map<string, number>>();
  let order = 0;
  let titleSeen = title === null;
  let considered = 0;

  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      const parent = node.parent;
      const data = (node as unknown as { data: string }).data;
      if (parent && isElement(parent) && /\d/.test(data) && considered++ < MAX_PRICE_TEXTS) consider(parent);
      return;
    }
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) visit(child);
      return;
    }
    if (!isElement(node) || isSkippedTag(node) || isHiddenElement(node)) return;
    if (node === title) titleSeen = true;
    for (const child of node.children) visit(child);
  };

  // Several text nodes often share a parent (`$<!-- -->19<!-- -->.99`): grow each parent once.
  const grown = new Map<Element, Element>();
  const consider = (textParent: Element): void => {
    let el = grown.get(textParent);
    if (!el) {
      el = priceElementFor(textParent);
      grown.set(textParent, el);
    }
    if (seen.has(el)) return;
    seen.add(el);
    let text = elementText(el, true, 200);
    // "100.000 đ <span class=oldprice>439.000 đ</span> <span>- 77%</span>": the element's own text is one price and
    // its children are others; the own text is the candidate, and the children's classes do not describe it.
    let ownOnly = false;
    if (el === textParent && countNumbers(text) > 1) {
      const own = collapse(el.children.filter((c) => c.type === 'text').map((c) => (c as unknown as { data: string }).data).join(' '));
      if (countNumbers(own) === 1 && el.children.some((c) => isElement(c) && /\d/.test(elementText(c, true, 60)))) {
        text = own;
        ownOnly = true;
      }
    }
    if (text.length === 0 || text.length > 80) return;
    let parsed = parsePriceDetailed(text, currencyHint);
    if (parsed.amount === null || Number(parsed.amount) <= 0) return;
    const near = ownOnly ? [el] : [el, ...descendants(el)];
    const closeAncestors: Element[] = [];
    for (const a of ancestors(el)) {
      if (a === el) continue;
      if (closeAncestors.length >= 3 || visibleTextLongerThan(a, text.length + 30, text.length + 100)) break;
      closeAncestors.push(a);
    }
    // The price element, its visible descendants and its close ancestors: one list, read once per feature.
    const group = closeAncestors.length ? near.concat(closeAncestors) : near;
    let sig = '';
    let itemprop = false;
    for (let i = 0; i < group.length; i++) {
      const e = group[i]!;
      sig = i === 0 ? nameSignature(e) : `${sig} ${nameSignature(e)}`;
      if (e.attribs['itemprop'] === 'price') itemprop = true;
    }
    const priceNamed = itemprop || PRICE_SIGNATURE.test(sig) || near.some((e) => e.attribs['data-price'] !== undefined);
    const labels = labelsAround(el, text);
    if (!parsed.currencyRaw) {
      const widened = parsePriceDetailed(`${text} ${labels.after.split(' ').slice(0, 2).join(' ')}`, currencyHint);
      if (widened.amount === parsed.amount && widened.currencyRaw) parsed = { ...widened, noiseLength: parsed.noiseLength };
    }
    // "statt 1'449.–", "UVP 199,00": a reference price may show no currency of its own.
    if (!parsed.currencyRaw && !priceNamed && !(currencyHint && OLD_LABEL.test(labels.before))) return;
    // Digits in the product name ("Смартфон R10 Pro", "Galaxy S24") are a model, not a price.
    if (!priceNamed && title && (containsNode(title, el) || containsNode(el, title))) return;
    // A lone Latin letter ("R 1 299") is a currency only where the page says it is a price or uses that currency.
    if (parsed.currencyRaw && /^[A-Za-z]$/.test(parsed.currencyRaw) && parsed.currency !== currencyHint &&
      !priceNamed && !PRICE_WORD_LABEL.test(labels.before)) return;
    const zone = zoneOf(el, title, pageUrl);
    const excluded = zone.excluded || near.slice(1).some((d) => EXCLUDED_CONTAINER.test(nameSignature(d)));
    const otherLink = zone.otherLink;
    // An explicit "no strike-through" (`text-decoration-none`) outweighs an "old price" class name.
    const unstruck = group.some(explicitlyUnstruck);
    const struckByMarkup = group.some(struckStyle) || STRUCK_SIGNATURE.test(sig);
    const struck = !unstruck && (struckByMarkup || OLD_LABEL.test(labels.before));
    const cardLabel = (l: string): boolean => CARD_LABEL.test(l) && !NON_CARD_LABEL.test(l);
    const card = cardLabel(labels.before) || cardLabel(labels.after) || CARD_SIGNATURE.test(sig) || group.some(namedAsCardPrice);
    // "Free Shipping  Was $49": the words right before the amount say which price it is; a fee named further back does not.
    const oldRightBefore = OLD_RIGHT_BEFORE.test(labels.before);
    const nonMain = parsed.isInstalment || parsed.isUnitPrice || (!card && !oldRightBefore && NON_MAIN_LABEL.test(labels.before)) ||
      REWARD_RIGHT_BEFORE.test(labels.before) ||
      NON_MAIN_SUFFIX.test(labels.after) || TAX_EXCLUDED.test(`${text} ${labels.after.slice(0, 24)}`) || /^\s*\+/.test(text) || QUANTITY_TIER.test(text) || QUANTITY_TIER.test(labels.before);
    candidates.push({
      el, text, parsed: parsed as DetailedPrice & { amount: string }, order: order++, struck,
      weakOld: WEAK_OLD_SIGNATURE.test(sig), current: CURRENT_SIGNATURE.test(sig), priceNamed, itemprop, card, nonMain,
      excluded, otherLink, tile: !excluded && inRepeatedTile(el, title, shapes), fontSize: fontSizeOf(el),
      titleDistance: title ? treeDistance(title, el) : null, afterTitle: titleSeen,
      mainLabel: MAIN_LABEL.test(labels.before), label: labels.before,
      besideDiscount: PERCENT_OFF.test(labels.before) || PERCENT_OFF.test(labels.after) || discountBadgeBeside(el),
      ...(struck && !struckByMarkup ? { struckByLabel: true } : {}),
      ...(NON_CARD_LABEL.test(labels.before) || NON_CARD_LABEL.test(labels.after) ? { nonCard: true } : {}),
    });
  };

  visit(body);
  return candidates;
}
