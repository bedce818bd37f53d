/**
 * Stock status from what a buyer sees: stock phrases, the buy button and its
 * state, "notify me" buttons. The main buy button wins: an enabled add-to-cart
 * beside the product outweighs an out-of-stock word elsewhere, because such
 * words also sit in size pickers, recommendation tiles, hidden templates,
 * popups and state badges that every page carries (a theme prints "Sold out"
 * and "Sale" badges and lets CSS show one). Phrases in related / cart /
 * footer / dialog zones are ignored.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { availabilityFromText, BUY_SIGNATURE, isBuyButtonText, NOTIFY_TEXT } from './availability.js';
import { LINK_BUTTON, submitsCartForm } from './dom-buy-box.js';
import { STOCK_EXCLUDED_CONTAINER } from './dom-signals.js';
import { containsNode, inOtherProductCard, inRepeatedTile, treeDistance, zoneOf } from './dom-zones.js';
import { ancestors, elementText, isElement, isHiddenElement, isSkippedTag, nameSignature, type AnyNode, type Element } from './dom-text.js';
import { pageIndex } from './page-index.js';
import type { Availability } from './types.js';

const MAX_DISTANCE = 14;
/** Any character but whitespace: every stock stem has one. */
const NOT_BLANK = /\S/;
/** Stems of every stock phrase in `availability.ts`; a text node without one cannot carry a phrase. */
const STOCK_STEM = /налич|раскуп|появлен|недоступ|наявн|склад|закінч|закончил|распрод|розпрод|отсутств|продаж|заказ|поступлен|производ|магазин|осталось|мало|stock|sold|avail|order|left|notify|email me|ship|discontinu|lager|lieferbar|verfügbar|verfügung|vorrätig|ausverkauft|vergriffen|derzeit|bestell|benachricht|erhältlich|épuis|epuis|rupture|disponib|disponív|commande|avertir|agotad|existencia|pedido|avís|esaurit|magazzin|ordinazion|produzion|avvis|esgotad|estoque|encomenda|avise|dostęp|magazyn|towar|wyprzedan|powiadom|zamówien|przedsprzeda|sztuk|sklad|vyprod|dostupn|uvědom|objednáv|vypredan|voorraad|uitverkocht|leverbaar|beschikbaar|bestelling|tüken|stok|haber|sipariş|품절|재고|재입고|구매|예약|在庫|品切|売り切|入荷|販売|予約|缺|售|货|貨|預購|slutsåld|lager|udsolgt|utsolgt|loppu|varasto|elfogyott|raktár|stoc|indisponibil|διαθέσιμο|εξαντλ|hàng|สินค้า|habis|tersedia|limited|few|only|nur noch|plus que|últim|solo|ostatni|dispatch|versandfertig/i;
/** An out-of-stock phrase this close to the main price or title counts even against structured data. */
const STRONG_DISTANCE = 6;

/** Size / colour / variant pickers: a badge there describes one option, not the product. */
const VARIANT_ZONE = /(?:^|[\s_-])(?:variants?|variant-?(?:picker|selector|options?|list)|swatch(?:es)?|options?|option-?(?:values?|list)|sizes?|size-?(?:list|picker|selector|grid|item|box)|sizes-?list|selector|picker|razmer[a-z]*|sku-?(?:list|item|props?)|offers?-?(?:props|tree)|radio)(?:$|[\s_-])/i;

/** Closed dialogs and popups (notify-me forms, quick views, cart drawers) that exist on every page. */
const DIALOG_ZONE = /(?:^|[\s_-])(?:modal|popup|pop-?up|dialog|lightbox|overlay|drawer|flyout|tooltip|toast|back-?in-?stock|restock)(?:$|\s|-(?!-))/i;

/** Class words of a sold-out state: on a badge they only show when an ancestor carries the state. */
const SOLD_OUT_CLASS = /sold-?out|out-?of-?stock|outofstock|unavailable|no-?stock|not-?available/i;

/** "Unavailable" said of one way to get the product (delivery, store pickup), not of the product. */
const FULFILMENT_ONLY = /unavailable|not available|nicht verfügbar|indisponible|no disponible|non disponibile|недоступ/i;
const FULFILMENT_ZONE = /delivery|shipping|pick-?up|fulfil|collect|in-?store|store-?(?:stock|availability)|доставк|самовывоз|lieferung|abholung|retrait|livraison|envío|recogida/i;

/**
 * An unavailability the sentence itself limits to a physical store, pickup or delivery ("Non-food products are not
 * available in this store", "Nicht in Ihrer Filiale verfügbar", "Недоступно для самовывоза"): one channel, not the
 * product. "Out of stock online" is not limited so: online is where the page sells.
 */
const CHANNEL_LIMITED = /(?:in|at|from) (?:this|your|the|selected|my|a) (?:store|shop|branch)|in-?store|for (?:delivery|pick-?up|collection|click (?:&|and) collect)|(?:in|aus) (?:der|dieser|ihrer|deiner) filiale|im markt|en (?:magasin|tienda|boutique)|dans (?:ce|votre) magasin|in negozio|nel (?:tuo )?punto vendita|в (?:этом |вашем |выбранном )?магазин|для (?:самовывоза|доставки)|w (?:tym |twoim )?sklepie|v (?:této |vaší )?prodejně|in (?:de|deze|jouw) winkel|mağazada/i;

function inFulfilmentOption(el: Element, title: Element | null): boolean {
  let depth = 0;
  for (const a of ancestors(el)) {
    if (depth++ > 6 || a.name === 'body' || (title && containsNode(a, title))) break;
    if (FULFILMENT_ZONE.test(nameSignature(a))) return true;
  }
  return false;
}

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
  return el.attribs['disabled'] !== undefined || el.attribs['aria-disabled'] === 'true' ||
    /(?:^|[\s_-])(?:disabled|is-disabled|btn-disabled|inactive)(?:\s|$)/.test(el.attribs['class'] ?? '');
}

/**
 * Inside a dialog or an `aria-hidden` container. Only
 * ancestors below the one holding the title count: a product shown as a
 * popup (Tilda) is the page itself.
 */
function concealed(el: Element, title: Element | null): boolean {
  for (const a of ancestors(el)) {
    if (a.name === 'body' || (title && containsNode(a, title))) break;
    if (a.attribs['aria-hidden'] === 'true' || a.attribs['aria-modal'] !== undefined) return true;
    if (a.attribs['role'] === 'dialog' || DIALOG_ZONE.test(nameSignature(a))) return true;
  }
  return false;
}

/**
 * A sold-out badge printed beside other state badges ("Sale", "New") is a
 * template that CSS reveals through a state class on an ancestor
 * (`price--sold-out`); without that class the product is not sold out.
 */
function conditionalBadge(el: Element): boolean {
  const own = `${el.attribs['class'] ?? ''} ${el.parent && isElement(el.parent) ? el.parent.attribs['class'] ?? '' : ''}`;
  if (!SOLD_OUT_CLASS.test(own)) return false;
  const tokens = new Set((el.attribs['class'] ?? '').split(/\s+/).filter(Boolean));
  const siblings = (el.parent?.children ?? []).filter((s): s is Element => isElement(s) && s !== el && s.name === el.name);
  const badgeSet = siblings.some((s) => (s.attribs['class'] ?? '').split(/\s+/).some((t) => tokens.has(t)));
  if (!badgeSet) return false;
  let depth = 0;
  for (const a of ancestors(el)) {
    if (a === el || a === el.parent) continue;
    if (depth++ > 5) break;
    if (SOLD_OUT_CLASS.test(a.attribs['class'] ?? '')) return false;
  }
  return true;
}

export interface DomAvailability {
  value: Availability;
  /** Seen on the buy control itself or right beside the main price: may overrule structured data. */
  strong: boolean;
  /** An enabled buy button outweighed an out-of-stock phrase: the page contradicts itself. */
  contested: boolean;
  /** Which signal decided, for the provenance note. */
  reason: string;
}

interface Signal {
  value: Availability;
  d: number;
  kind: 'phrase' | 'button' | 'notify' | 'quantity';
  /** Inside a restock form ("sold out — notify me") that a hide class keeps hidden: the template of the other state. */
  classHidden?: boolean;
}

/**
 * True when the element sits in a block hidden by a utility class (`hidden`, `d-none`) that holds a notify-me
 * request: the "sold out, notify me" form a theme renders on every product page and reveals only when sold out.
 * Other class-hidden stock messages still count (a saved page keeps script-revealed status lines marked hidden).
 */
function inHiddenRestockForm(el: Element): boolean {
  for (const a of ancestors(el)) {
    if (a.name === 'body') break;
    if (isHiddenElement(a, true)) return NOTIFY_TEXT.test(elementText(a, false, 600));
  }
  return false;
}

const UNAVAILABLE: ReadonlySet<Availability> = new Set(['OutOfStock', 'SoldOut', 'Discontinued']);

/** Names of a quantity field (`name="sQuantity"`, `qty`, `title="Anzahl"`). */
const QUANTITY_NAME = /qty|quantit|anzahl|menge|количеств|кол-?во|cantidad|quantidade|ilość|počet|aantal|antal|määrä|mennyiség|cantitate|adet|数量|수량/i;

/**
 * The quantity field of a buy form that offers no quantity to buy: a `<select>` with no option and a
 * maximum of 0 (`data-min="1" data-max="0"`), or a number field whose maximum is 0. The shop renders the
 * buy button but nothing can be put in the cart: the product's own buy box says it is not available.
 */
function offersNoQuantity($: CheerioAPI, form: Element): boolean {
  for (const q of pageIndex($).find(form, 'select, input')) {
    if (q.name === 'input' && !/^(?:number|text|tel)?$/.test(q.attribs['type'] ?? '')) continue;
    if (!QUANTITY_NAME.test(`${q.attribs['name'] ?? ''} ${q.attribs['title'] ?? ''} ${nameSignature(q)}`)) continue;
    const max = q.attribs['max'] ?? q.attribs['data-max'];
    if (max === undefined || max.trim() === '' || Number(max) !== 0) continue;
    if (q.name === 'select' && q.children.some((c) => isElement(c) && (c.name === 'option' || c.name === 'optgroup'))) continue;
    return true;
  }
  return false;
}

/** The form holding a buy control, else its grandparent: where its quantity field sits. */
function buyForm(el: Element): Element | null {
  let depth = 0;
  let fallback: Element | null = null;
  for (const a of ancestors(el)) {
    if (a.name === 'form') return a;
    if (a.name === 'body') break;
    if (++depth === 2) fallback = a;
  }
  return fallback;
}

/** The text of a line inside a control that is a buy text on its own (at most a dozen elements looked at). */
function buyLine(el: Element): string | null {
  let budget = 12;
  const walk = (e: Element): string | null => {
    for (const c of e.children) {
      if (!isElement(c) || budget-- <= 0) continue;
      const t = elementText(c, true, 60);
      if (t.length <= 40 && isBuyButtonText(t)) return t;
      const inner = walk(c);
      if (inner) return inner;
    }
    return null;
  };
  return walk(el);
}

/** Best availability signal near the product's title or price; `mainControls` are the main product's buy controls (`dom-buy-box.ts`). */
export function domAvailability(
  $: CheerioAPI, title: Element | null, price: Element | null, pageUrl: string, mainControls: Element[] = [],
): DomAvailability | null {
  const anchor = price ?? title;
  const body = pageIndex($).byTag('body')[0] ?? $.root()[0];
  if (!body) return null;
  let best: Signal | null = null;
  let buy: { d: number; iconOnly: boolean } | null = null;
  let disabledBuy: { d: number } | null = null;
  const seen = new Set<Element>();
  /** Buy forms judged for an empty quantity field, with the verdict (one signal per form, not per button). */
  const quantityForms = new Map<Element, boolean>();
  const distance = (el: Element): number => (anchor ? treeDistance(anchor, el) : 0);
  const usable = (el: Element, d: number): boolean => d <= MAX_DISTANCE && !zoneOf(el, title, pageUrl, STOCK_EXCLUDED_CONTAINER).excluded && !concealed(el, title);
  const shapes = new WeakMap<Element, Map<string, number>>();
  let unavailableSignals = 0;
  let shownUnavailable = 0;
  let bestShown: Signal | null = null;
  const better = (s: Signal, than: Signal | null): boolean => !than || s.d < than.d || (s.d === than.d && s.kind === 'button' && than.kind !== 'button');
  const offer = (s: Signal, el: Element): void => {
    if (UNAVAILABLE.has(s.value)) {
      s.classHidden = inHiddenRestockForm(el);
      unavailableSignals++;
      if (!s.classHidden) shownUnavailable++;
    }
    if (better(s, best)) best = s;
    if (!s.classHidden && better(s, bestShown)) bestShown = s;
  };

  /** Buttons, submit inputs and button-like links: buy controls, their state, and notify-me requests. */
  const control = (el: Element, fullText: string, labelled: boolean): void => {
    // "Добавить в корзину" over "Доставим завтра" in one button: its buy line is its text.
    const text = isBuyButtonText(fullText) ? fullText : buyLine(el) ?? fullText;
    const buyControl = isBuyButtonText(text) || BUY_SIGNATURE.test(`${nameSignature(el)} ${el.attribs['name'] ?? ''}`) || submitsCartForm(el);
    const stated = availabilityFromText(text);
    const notify = NOTIFY_TEXT.test(text);
    if (!buyControl && !stated && !notify) return;
    const d = distance(el);
    // The main product's own buy control (`findMainBuyControls`: nearest the title, outside other products' zones and
    // tiles) counts wherever the layout puts it: Amazon's buy box is a column of its own, far from the price in the tree.
    if (!usable(el, mainControls.includes(el) ? Math.min(d, MAX_DISTANCE) : d)) return;
    if (notify) offer({ value: 'OutOfStock', d, kind: 'notify' }, el);
    else if (buyControl && stated && stated !== 'InStock') offer({ value: stated, d, kind: 'button' }, el);
    else if (buyControl && disabled(el) && isBuyButtonText(text)) {
      if (!disabledBuy || d < disabledBuy.d) disabledBuy = { d };
    }
    else if (buyControl && !disabled(el) && (isBuyButtonText(text) || !stated)) {
      // Only the main product's own buy button counts when it is known (not a listing tile's or an accessory's).
      if (mainControls.length ? !mainControls.includes(el) : inRepeatedTile(el, title, shapes) || inOtherProductCard(el, title, pageUrl)) return;
      // The main buy button of a form whose quantity field offers nothing to buy (no option, maximum 0) is no live button.
      const form = buyForm(el);
      if (form) {
        const known = quantityForms.get(form);
        const empty = known ?? offersNoQuantity($, form);
        if (known === undefined) {
          quantityForms.set(form, empty);
          if (empty) offer({ value: 'OutOfStock', d, kind: 'quantity' }, el);
        }
        if (empty) return;
      }
      if (!buy || d < buy.d || (d === buy.d && !labelled)) buy = { d, iconOnly: labelled };
    } else if (stated && !buyControl) offer({ value: stated, d, kind: 'phrase' }, el);
  };

  const phrase = (el: Element): void => {
    if (seen.has(el)) return;
    seen.add(el);
    const text = elementText(el, true, 200);
    if (text.length === 0 || text.length > 60) return;
    const value = availabilityFromText(text);
    if (!value) return;
    const d = distance(el);
    if (!usable(el, d)) return;
    if (value !== 'InStock' && value !== 'LimitedAvailability' && (inVariantOption(el) || conditionalBadge(el))) return;
    if (UNAVAILABLE.has(value) && FULFILMENT_ONLY.test(text) && (inFulfilmentOption(el, title) || CHANNEL_LIMITED.test(text))) return;
    offer({ value, d, kind: 'phrase' }, el);
  };

  const visit = (node: AnyNode): void => {
    if (node.type === 'text') {
      const parent = node.parent;
      const data = (node as unknown as { data: string }).data;
      // Cheap pre-filter: a phrase split over elements ("Нет в <b>наличии</b>") still shows a stock stem in one part.
      // Three text nodes in four are layout whitespace, where the stem list costs far more than finding no letter.
      if (parent && isElement(parent) && data.length <= 200 && NOT_BLANK.test(data) && STOCK_STEM.test(data)) phrase(parent);
      // A buy text outside any button ("<div class="_3Kv9"><span>В корзину</span></div>": a clickable div that no
      // markup names a button) is a buy control all the same.
      else if (parent && isElement(parent) && data.length <= 40 && NOT_BLANK.test(data) && isBuyButtonText(data)) control(parent, data, false);
      return;
    }
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) visit(child);
      return;
    }
    // Hide classes do not count here: scripts toggle them to reveal stock messages (which a saved page keeps marked hidden).
    if (!isElement(node) || isSkippedTag(node) || isHiddenElement(node, false)) return;
    const styledLink = node.name === 'a' && LINK_BUTTON.test(nameSignature(node));
    const isControl = node.name === 'button' || node.attribs['role'] === 'button' ||
      (node.name === 'input' && /submit|button/.test(node.attribs['type'] ?? '')) || (styledLink && BUY_SIGNATURE.test(nameSignature(node)));
    if (isControl) {
      const text = node.name === 'input' ? node.attribs['value'] ?? '' : elementText(node, true, 120);
      if (text.length <= 60) control(node, text || node.attribs['aria-label'] || node.attribs['title'] || '', !text);
      if (node.name !== 'a' || isBuyButtonText(text)) return;
    }
    // A link reads as a buy button only when styled as one ("btn", "button", "cart"…): most links are navigation.
    if (styledLink) {
      const text = elementText(node, true, 80);
      if (isBuyButtonText(text)) {
        control(node, text, false);
        return;
      }
    }
    for (const child of node.children) visit(child);
  };
  visit(body);
  // A greyed "Add to cart" with its usual text is a page still loading or waiting for a size choice (WooCommerce),
  // far more often than a sold-out product, which says so in words: it only shows the product is sold here.
  const off = disabledBuy as { d: number } | null;
  if (off && !buy && !best) return { value: 'InStock', strong: false, contested: false, reason: 'buy button present but disabled (loading or waiting for a choice)' };
  const button = buy as { d: number; iconOnly: boolean } | null;
  // Beside a live buy button, a hidden "sold out — notify me" form is the other state's template: it does not count.
  const liveButton = button !== null && !button.iconOnly;
  const found = (liveButton ? bestShown : best) as Signal | null;
  if (liveButton) unavailableSignals = shownUnavailable;
  // An icon-only cart button (its name only in aria-label) is often left enabled on a sold-out card: it never outweighs words.
  // The button wins over one stray phrase no closer to the product; several out-of-stock signals are the page's message.
  if (found && UNAVAILABLE.has(found.value) && found.kind !== 'button' && button && !button.iconOnly && button.d <= found.d && unavailableSignals < 2) {
    return { value: 'InStock', strong: true, contested: true, reason: 'enabled buy button beside the product outweighs a stock phrase' };
  }
  if (found) {
    // Two out-of-stock signals beside the product ("Out of stock online" + "Notify me") and no live buy button: the page's message.
    // An empty quantity field alone is not strong: only with another out-of-stock signal.
    const near = found.d <= STRONG_DISTANCE && found.kind !== 'quantity';
    const strong = found.kind === 'button' || (!button && (near || (UNAVAILABLE.has(found.value) && unavailableSignals >= 2)));
    const what = { button: 'buy button', notify: 'notify-me button', phrase: 'stock phrase', quantity: 'buy button with no quantity to choose' }[found.kind];
    return { value: found.value, strong, contested: false, reason: `${what} near the product` };
  }
  if (!button) return null;
  return { value: 'InStock', strong: !button.iconOnly, contested: false, reason: button.iconOnly ? 'icon-only buy button' : 'enabled buy button beside the product' };
}
