/**
 * DOM heuristics layer: the fallback when a page carries no structured data
 * (prices inserted by client-side JS, hand-made shops) and the referee that
 * tells whether structured data still matches what the buyer sees.
 *
 * The main price is the best-scored visible price: price-named, near the
 * title, inside the title's container, not crossed out, not in related /
 * carousel / cart / footer zones, not an instalment, fee, bonus or unit price,
 * not inside a link to another product or a repeated listing tile.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { domAvailability } from './dom-availability.js';
import { buyBoxMembers, findMainBuyControls } from './dom-buy-box.js';
import { brandLeadingTitle, findLabelledIds } from './dom-identifiers.js';
import { findPriceCandidates, type PriceCandidate } from './dom-price-candidates.js';
import { treeDistance } from './dom-zones.js';
import { findBrandText, findTitleElement, titleText } from './dom-title.js';
import { ancestors, elementText, isElement, nextElement, type Element } from './dom-text.js';
import { CARD_LABEL, NON_CARD_LABEL } from './dom-signals.js';
import { pageIndex } from './page-index.js';
import type { LayerResult, PriceValue } from './types.js';

export interface DomLayerResult extends LayerResult {
  /** Score of the chosen main price; >= CONFIDENT_SCORE means the DOM may overrule structured data. */
  priceScore: number;
  /** Amounts visibly shown as prices outside excluded zones. */
  visibleAmounts: Set<string>;
  /** Amounts shown crossed out outside excluded zones. */
  struckAmounts: Set<string>;
  /** For each visible current-looking amount, the crossed-out and card prices shown beside it. */
  companions: Map<string, { regular?: PriceValue; card?: PriceValue }>;
  /** The chosen main price sits in the buy box, beside the main buy control. */
  priceInBuyBox?: boolean;
  /** Amounts shown in the buy box. */
  buyBoxAmounts?: Set<string>;
  /** How the DOM's availability was read: `strong` ones may overrule structured data. */
  availabilityEvidence?: { strong: boolean; contested: boolean; reason: string };
  /**
   * The page's body, whose visible text (`elementText`, memoised) tells whether a structured value is shown at all.
   * An element, not a closure reading it: a closure stored in a result's property kept each page's whole tree alive
   * through the young-generation collections that followed it (see page-index.ts, "Garbage").
   */
  pageBody?: Element;
  /** `brand` is the title's own leading part (confirmed by the breadcrumb). */
  brandFromTitle?: boolean;
}

export const CONFIDENT_SCORE = 6;
const MIN_SCORE = 2;

/** Scores a candidate as the main (current) price; -Infinity when it can never be one. */
export function mainScore(c: PriceCandidate, maxFont: number | null): number {
  if (c.excluded || c.nonMain) return Number.NEGATIVE_INFINITY;
  let s = 0;
  if (c.itemprop) s += 3;
  if (c.priceNamed) s += 2;
  if (c.current) s += 1.5;
  if (c.mainLabel) s += 1.5;
  s += c.parsed.currencyRaw ? 1 : -1;
  if (c.struck) s -= 8;
  else if (c.weakOld) s -= 1.5;
  if (c.card) s -= 3;
  if (c.otherLink) s -= 4;
  if (c.tile) s -= 4;
  if (c.parsed.isFrom) s -= 1.5;
  if (c.parsed.noiseLength > 12) s -= 1.5;
  if (c.parsed.numberCount > 1) s -= 1;
  if (c.titleDistance !== null) {
    s += Math.max(0, 5 - c.titleDistance * 0.5);
    if (c.afterTitle) s += 0.5;
  }
  if (c.fontSize !== null && maxFont !== null && maxFont > 0) s += 2 * (c.fontSize / maxFont) - 1;
  // In the buy box, beside the main add-to-cart button.
  if (c.inBuyBox) s += 3;
  return s;
}

function toValue(c: PriceCandidate): PriceValue {
  return { amount: c.parsed.amount, currency: c.parsed.currency, currencyRaw: c.parsed.currencyRaw, raw: c.text };
}

/**
 * The crossed-out price of the main offer: a struck or old-named price near
 * the main one and higher than it. Failing that, a lone unlabelled higher
 * price right beside the main one (same wrapper) is read the way a shopper
 * reads "14 499 / 11 999": as the price before discount.
 */
function pickRegular(candidates: PriceCandidate[], main: PriceCandidate): PriceCandidate | undefined {
  const marked = pickMarkedRegular(candidates, main);
  if (marked) return marked;
  const beside = candidates.filter((c) => c !== main && !c.excluded && !c.nonMain && !c.card && !c.nonCard && !c.tile && !/\p{L}{2}/u.test(c.label) &&
    Number(c.parsed.amount) > Number(main.parsed.amount) && c.parsed.currency === main.parsed.currency &&
    c.el.parent === main.el.parent);
  return beside.length === 1 ? beside[0] : undefined;
}

function pickMarkedRegular(candidates: PriceCandidate[], main: PriceCandidate): PriceCandidate | undefined {
  return candidates
    .filter((c) => !c.excluded && !c.nonMain && !c.card && (c.struck || c.weakOld || c.besideDiscount) && c !== main)
    .filter((c) => Number(c.parsed.amount) > Number(main.parsed.amount))
    .filter((c) => !c.parsed.currency || !main.parsed.currency || c.parsed.currency === main.parsed.currency)
    .map((c) => ({ c, d: treeDistance(c.el, main.el) }))
    .filter((x) => x.d <= 8)
    .sort((a, b) => a.d - b.d || (b.c.struck ? 1 : 0) - (a.c.struck ? 1 : 0))[0]?.c;
}

/**
 * An unmarked price with a higher unmarked twin beside it is the discounted one of the pair. `highest`: per parent
 * element, per currency, the highest unmarked amount (built once, so 50,000 sibling prices stay linear).
 */
function hasHigherTwin(c: PriceCandidate, highest: Map<unknown, Map<unknown, number>>): boolean {
  if (c.struck || c.weakOld || c.card) return false;
  return (highest.get(c.el.parent)?.get(c.parsed.currency) ?? Number.NaN) > Number(c.parsed.amount);
}

function pickCard(candidates: PriceCandidate[], main: PriceCandidate): PriceCandidate | undefined {
  return candidates
    .filter((c) => c.card && !c.excluded && !c.struck && c !== main && c.parsed.amount !== main.parsed.amount)
    .filter((c) => Number(c.parsed.amount) < Number(main.parsed.amount))
    .map((c) => ({ c, d: treeDistance(c.el, main.el) }))
    .filter((x) => x.d <= 10)
    .sort((a, b) => a.d - b.d)[0]?.c;
}

/**
 * A card label on a line of its own above a price group ("С Картой №1" over
 * "79,99 ₽ / 84,20 ₽") names the group's first price: that one is the card
 * price. Looked for in the two elements before each of the first price's
 * ancestors, up to five levels, while the ancestor holds few prices.
 */
function markGroupCardLabels(candidates: PriceCandidate[]): void {
  const pool = candidates.filter((c) => !c.excluded && !c.nonMain);
  // The first four pool prices inside each element, gathered once climbing from each price until a list is full
  // (every list above a full one is full): linear, where scanning the pool per price and level was quadratic.
  const firstInside = new Map<Element, PriceCandidate[]>();
  for (const o of pool) {
    for (const a of ancestors(o.el)) {
      const list = firstInside.get(a);
      if (!list) firstInside.set(a, [o]);
      else if (list.length > 3) break;
      else list.push(o);
    }
  }
  const isCardLine = (el: Element): boolean => {
    const text = elementText(el, true, 80);
    return text.length > 0 && text.length <= 30 && CARD_LABEL.test(text) && !NON_CARD_LABEL.test(text) && !/\d{2}/.test(text);
  };
  for (const c of pool) {
    if (c.card || c.struck || c.tile || c.otherLink || /\p{L}{2}/u.test(c.label)) continue;
    let cur: Element = c.el;
    for (let level = 0; level < 5 && cur.parent && isElement(cur.parent); level++) {
      cur = cur.parent;
      const inside = firstInside.get(cur) ?? [];
      if (inside.length > 3 || inside[0] !== c) break;
      let seen = 0;
      for (let s = cur.prev; s && seen < 2; s = s.prev) {
        if (!isElement(s)) continue;
        seen++;
        if (isCardLine(s)) {
          c.card = true;
          return;
        }
      }
      // The label on the line right after the group ("2 790 ₽ 2 876 ₽ 5 999 ₽" over "c WB Кошельком", "6 329 ₽" over
      // "c Ozon Картой"), when no price line follows it (else it is the label above the next price).
      const next = nextElement(cur);
      if (next && isCardLine(next) && !(next.next && followingHoldsPrice(next, firstInside))) {
        c.card = true;
        return;
      }
    }
  }
}

/** The element right after `el` holds a price of the pool. */
function followingHoldsPrice(el: Element, firstInside: Map<Element, PriceCandidate[]>): boolean {
  const after = nextElement(el);
  return !!after && firstInside.has(after);
}

/** "Обычная цена" / "Regular price" beside a card or member price names the price without the card, not a struck one. */
const ORDINARY_LABEL = /обычн\p{L}* цен|regular price|normal price|normalpreis|prix normal|precio normal|prezzo normale/iu;

/**
 * A price struck only by an "ordinary / regular price" label, next to a card price and with no other
 * current price beside them, is what anyone pays ("Цена по карте 1 099 ₽ · Обычная цена 1 199 ₽").
 */
function ordinaryBesideCard(candidates: PriceCandidate[]): void {
  const pool = candidates.filter((c) => !c.excluded && !c.nonMain && !c.tile);
  for (const c of pool) {
    if (!c.struckByLabel || !ORDINARY_LABEL.test(c.label)) continue;
    const near = pool.filter((o) => o !== c && treeDistance(o.el, c.el) <= 6);
    const cardBeside = near.some((o) => o.card && !o.struck && Number(o.parsed.amount) < Number(c.parsed.amount));
    const otherCurrent = near.some((o) => !o.card && !o.struck);
    if (cardBeside && !otherCurrent) {
      c.struck = false;
      c.struckByLabel = false;
    }
  }
}

/**
 * The price anyone pays, not the card / wallet / Pay / club price, even when the card price is printed larger and
 * first: a card-labelled best candidate yields to the best unlabelled current price beside it (same price block,
 * higher amount, same currency) that is not the card price's own price before discount (struck, old-named, beside a
 * discount badge, or the one `pickRegular` reads as such). A card price with no ordinary price beside it stays.
 */
function ordinaryOverCard<T extends { c: PriceCandidate; s: number }>(scored: T[], pool: PriceCandidate[]): T | undefined {
  const best = scored[0];
  if (!best?.c.card) return best;
  const amount = Number(best.c.parsed.amount);
  const reference = pickRegular(pool, best.c);
  return scored.find((x) => !x.c.card && !x.c.struck && !x.c.weakOld && !x.c.besideDiscount && !x.c.tile && !x.c.otherLink &&
    x.c !== reference && Number(x.c.parsed.amount) > amount && x.c.parsed.currency === best.c.parsed.currency &&
    treeDistance(x.c.el, best.c.el) <= 10) ?? best;
}

/** Extracts name, prices and availability from the rendered DOM alone. */
/**
 * `skuElsewhere`: another layer (adapter, JSON-LD, microdata …) already has the SKU, so the page-wide look for an
 * article number below the buy box is skipped (the title block and tab panels are still read, for the merge's checks).
 */
export function domLayer($: CheerioAPI, pageUrl: string, currencyHint: string | null, skuElsewhere = false): DomLayerResult {
  const title = findTitleElement($);
  const candidates = findPriceCandidates($, title, pageUrl, currencyHint);
  const buyControls = findMainBuyControls($, title, pageUrl);
  markGroupCardLabels(candidates);
  ordinaryBesideCard(candidates);
  const boxed = buyBoxMembers(buyControls, candidates.filter((x) => !x.excluded && !x.nonMain));
  for (const c of boxed) c.inBuyBox = true;
  const fonts = candidates.map((c) => c.fontSize).filter((f): f is number => f !== null);
  const maxFont = fonts.length ? Math.max(...fonts) : null;
  const result: DomLayerResult = {
    source: 'dom', priceScore: Number.NEGATIVE_INFINITY, visibleAmounts: new Set(), struckAmounts: new Set(), companions: new Map(),
  };
  for (const c of candidates) {
    if (c.excluded || c.nonMain) continue;
    result.visibleAmounts.add(c.parsed.amount);
    if (c.struck) result.struckAmounts.add(c.parsed.amount);
  }
  if (title) result.name = titleText(title);
  const brand = findBrandText($, title, treeDistance);
  if (brand) result.brand = brand;
  const highest = new Map<unknown, Map<unknown, number>>();
  for (const o of candidates) {
    if (o.excluded || o.struck || o.card || o.nonMain || /\p{L}{2}/u.test(o.label)) continue;
    const byCurrency = highest.get(o.el.parent) ?? new Map<unknown, number>();
    highest.set(o.el.parent, byCurrency);
    if (Number(o.parsed.amount) > (byCurrency.get(o.parsed.currency) ?? Number.NEGATIVE_INFINITY)) byCurrency.set(o.parsed.currency, Number(o.parsed.amount));
  }
  const ranked = candidates.map((c) => ({ c, s: mainScore(c, maxFont) }))
    .map(({ c, s }) => ({ c, s: s + (s > Number.NEGATIVE_INFINITY && hasHigherTwin(c, highest) ? 0.5 : 0) }))
    .filter((x) => x.s > Number.NEGATIVE_INFINITY)
    .sort((a, b) => b.s - a.s || a.c.order - b.c.order);
  const scored = ranked.filter((x) => x.s >= MIN_SCORE);
  const best = ordinaryOverCard(scored, candidates.filter((c) => !c.excluded && !c.nonMain && !c.tile));
  result.buyBoxAmounts = new Set([...boxed].map((c) => c.parsed.amount));
  if (best) {
    if (best.c.inBuyBox) result.priceInBuyBox = true;
    result.price = toValue(best.c);
    result.priceScore = best.s;
    if (best.c.parsed.isFrom) result.priceIsLowerBound = true;
    if (best.c.parsed.currency) result.currency = best.c.parsed.currency;
    if (best.c.parsed.currencyRaw) result.currencyRaw = best.c.parsed.currencyRaw;
    const pool = candidates.filter((c) => !c.excluded && !c.nonMain && !c.tile);
    const regular = pickRegular(pool, best.c);
    if (regular) result.regularPrice = toValue(regular);
    const card = pickCard(pool, best.c);
    if (card) result.cardPrice = toValue(card);
  }
  const companionPool = candidates.filter((c) => !c.excluded && !c.nonMain && !c.tile);
  // Too weak to be the DOM's own answer, a shown price still tells what stands beside a structured amount.
  for (const { c } of ranked.slice(0, 8)) {
    if (result.companions.has(c.parsed.amount)) continue;
    const regular = pickRegular(companionPool, c);
    const card = pickCard(companionPool, c);
    result.companions.set(c.parsed.amount, { ...(regular ? { regular: toValue(regular) } : {}), ...(card ? { card: toValue(card) } : {}) });
  }
  const body = pageIndex($).byTag('body')[0];
  if (body) result.pageBody = body;
  const ids = findLabelledIds(title, best?.c.el ?? null, () => pageIndex($).select('[role="tabpanel"]'),
    () => (skuElsewhere ? [] : pageIndex($).elements));
  if (ids.sku) result.sku = ids.sku;
  if (ids.gtin) result.gtin = ids.gtin;
  if (ids.brand && !result.brand) result.brand = ids.brand;
  if (!result.brand) {
    const crumbs = (): string[] => pageIndex($).select('[class*="breadcrumb" i] a, [class*="breadcrumb" i] li').map((el) => elementText(el, true, 100));
    const lead = brandLeadingTitle(title, crumbs);
    if (lead) {
      result.brand = lead;
      result.brandFromTitle = true;
    }
  }
  const availability = domAvailability($, title, best?.c.el ?? null, pageUrl, buyControls);
  if (availability) {
    result.availability = availability.value;
    result.availabilityEvidence = { strong: availability.strong, contested: availability.contested, reason: availability.reason };
  }
  return result;
}
