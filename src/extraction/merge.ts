/**
 * Combines layer results into one product, field by field, recording which
 * layer produced each field.
 *
 * Priority: site adapters > embedded state > JSON-LD > microdata > RDFa >
 * meta tags > DOM heuristics. Structured data is usually right, but it can be
 * stale (cached server render, discount applied client-side, wrong variant),
 * while the rendered page shows what a buyer pays. So the DOM overrules a
 * structured price (never an adapter's) only when it is confident and the
 * page contradicts the structured value: the structured amount is shown
 * nowhere on the page, is shown crossed out next to a lower main price, or is
 * only a lower bound of a variant range the DOM price falls in.
 */
import { CONFIDENT_SCORE, type DomLayerResult } from './dom-heuristics.layer.js';
import { elementText } from './dom-text.js';
import type { Availability, ExtractedProduct, LayerResult, PriceEntry, PriceValue, ProductProperty, ProvenanceField, Source } from './types.js';

interface Chosen {
  value: PriceValue;
  source: Source;
  layer: LayerResult;
}

const isAdapterSource = (s: Source): boolean => s.startsWith('adapter:');
const isAdapter = (l: LayerResult): boolean => isAdapterSource(l.source);
const num = (p: PriceValue | undefined): number => (p ? Number(p.amount) : Number.NaN);

/**
 * Agreement between layers: when another structured layer names the first
 * layer's price as its regular (standard, list) price and offers a lower
 * current one, the first layer carried the price before discount.
 */
function demotedByAgreement(first: LayerResult, layers: LayerResult[]): { main: Chosen; regularFromDom: boolean; reason: string } | undefined {
  const p = first.price;
  if (!p || isAdapter(first)) return undefined;
  const other = layers.find((l) => l !== first && l.price && l.regularPrice?.amount === p.amount && num(l.price) < num(p) &&
    (!l.price.currency || !p.currency || l.price.currency === p.currency));
  if (!other?.price) return undefined;
  return {
    main: { value: other.price, source: other.source, layer: other }, regularFromDom: false,
    reason: `${first.source} ${p.amount} lost to ${other.source} ${other.price.amount}: ${other.source} gives ${p.amount} as the regular price`,
  };
}

function choosePrice(structuredLayers: LayerResult[], dom: DomLayerResult | null): { main?: Chosen; regularFromDom: boolean; reason?: string } {
  const structured = structuredLayers.find((l) => l.price);
  const domPrice = dom?.price;
  if (!structured?.price) return domPrice && dom ? { main: { value: domPrice, source: 'dom', layer: dom }, regularFromDom: true } : { regularFromDom: false };
  const demoted = demotedByAgreement(structured, structuredLayers);
  if (demoted) return demoted;
  const p = structured.price;
  const kept = { main: { value: p, source: structured.source, layer: structured }, regularFromDom: domPrice?.amount === p.amount };
  if (!dom || !domPrice || domPrice.amount === p.amount) return kept;
  const keep = (why: string): typeof kept & { reason: string } => ({ ...kept, reason: `${structured.source} ${p.amount} kept over dom ${domPrice.amount}: ${why}` });
  // Adapters are overruled in one case only: the adapter read no card price, and its price is the one the page
  // labels as a card / Pay / wallet price beside a higher ordinary price (a stale selector landing on the card price).
  if (isAdapter(structured) && !structured.cardPrice && dom.cardPrice?.amount === p.amount && num(domPrice) > num(p) && dom.priceScore >= 2) {
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the adapter's amount is the card price the page labels beside the ordinary one`,
    };
  }
  if (isAdapter(structured)) return keep('site adapters are never overruled');
  const alternatives = structured.priceAlternatives ?? [];
  if (structured.priceIsLowerBound && alternatives.length >= 2) {
    const low = Math.min(...alternatives.map(Number));
    const high = Math.max(...alternatives.map(Number));
    if (num(domPrice) >= low && num(domPrice) <= high && dom.priceScore >= 2) {
      return {
        main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
        reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the structured amount is only the lower bound of a range the page price falls in`,
      };
    }
    return keep('the page price lies outside the structured range');
  }
  if (alternatives.includes(domPrice.amount)) {
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: structured.source, layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} gave way to ${domPrice.amount}: another of its offers, the one the page shows`,
    };
  }
  if (domPrice.currency && p.currency && domPrice.currency !== p.currency) return keep('the page price is in another currency');
  // The structured amount is the card / member price the page shows beside a higher ordinary price.
  if (dom.cardPrice?.amount === p.amount && num(domPrice) > num(p) && dom.priceScore >= 2) {
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the structured amount is the card price shown beside the ordinary one`,
    };
  }
  // The structured amount is the crossed-out price the page shows beside its lower current price (a stale or
  // pre-discount structured price): the struck amount is the DOM price's own regular price.
  if (dom.regularPrice?.amount === p.amount && dom.struckAmounts.has(p.amount) && num(domPrice) < num(p) && dom.priceScore >= 2) {
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the structured amount is shown crossed out beside it`,
    };
  }
  // The buy box shows another amount and the structured one appears nowhere beside the main buy button:
  // the structured value belongs to another variant, an accessory or an estimate.
  if (dom.priceInBuyBox && dom.priceScore >= 2 && !dom.buyBoxAmounts?.has(p.amount) && !dom.struckAmounts.has(p.amount)) {
    const where = dom.visibleAmounts.has(p.amount) ? 'shown only outside the buy box' : 'shown nowhere on the page';
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the buy-box price; the structured amount is ${where}`,
    };
  }
  if (dom.priceScore < CONFIDENT_SCORE) return keep('the page price is not confidently the main one');
  const staleStruck = dom.struckAmounts.has(p.amount) && num(domPrice) < num(p);
  if (staleStruck || !dom.visibleAmounts.has(p.amount)) {
    return {
      main: { value: { ...domPrice, currency: domPrice.currency ?? p.currency }, source: 'dom', layer: dom }, regularFromDom: true,
      reason: `${structured.source} ${p.amount} lost to dom ${domPrice.amount}: the structured amount is ${staleStruck ? 'shown crossed out' : 'shown nowhere on the page'}`,
    };
  }
  return keep('the structured amount is shown on the page too');
}

const UNAVAILABLE: ReadonlySet<Availability> = new Set(['OutOfStock', 'SoldOut', 'Discontinued']);

/**
 * Structured availability against the page: the DOM overrules a structured
 * value (never an adapter's) only with strong evidence, i.e. the buy control's
 * own state or a stock phrase right beside the main price; refinements of
 * "in stock" (pre-order, back-order, few left) shown on the page are taken.
 */
function chooseAvailability(
  structured: { value: Availability; source: Source } | undefined,
  dom: DomLayerResult | null,
  decisions: NonNullable<ExtractedProduct['decisions']>,
): { value: Availability; source: Source } | undefined {
  const seen = dom?.availability;
  if (!structured || !seen || structured.source === 'dom' || seen === structured.value || isAdapterSource(structured.source)) return structured;
  const evidence = dom.availabilityEvidence;
  const refinement = structured.value === 'InStock' && !UNAVAILABLE.has(seen);
  const contradiction = (structured.value === 'InStock' && UNAVAILABLE.has(seen)) || (UNAVAILABLE.has(structured.value) && seen === 'InStock');
  // A page that shows both a buy button and an out-of-stock phrase contradicts itself: structured data breaks the tie.
  if (refinement || (contradiction && evidence?.strong && !evidence.contested)) {
    decisions.availability = `${structured.source} ${structured.value} lost to dom ${seen}: ${evidence?.reason ?? 'shown on the page'}`;
    return { value: seen, source: 'dom' };
  }
  decisions.availability = `${structured.source} ${structured.value} kept over dom ${seen}: page evidence too weak (${evidence?.reason ?? 'none'})`;
  return structured;
}

function first<K extends keyof LayerResult>(layers: LayerResult[], key: K): { value: NonNullable<LayerResult[K]>; source: Source } | undefined {
  for (const l of layers) {
    const v = l[key];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) return { value: v as NonNullable<LayerResult[K]>, source: l.source };
  }
  return undefined;
}

/** A name written as a program identifier (`variationId`, `productId`): a shop's internal field, never a label a person reads. */
const CODE_NAME = /^[a-z]+(?:[A-Z][a-z0-9]*)+$/;

function mergeProperties(layers: LayerResult[]): { value: ProductProperty[]; source?: Source } {
  const adapter = layers.find((l) => isAdapter(l) && l.additionalProperties?.length);
  if (adapter) {
    // A marketplace card repeats a short summary of its spec list ("О товаре") above the full list.
    const seen = new Set<string>();
    const value = adapter.additionalProperties!.filter((p) => {
      const key = `${p.name.toLowerCase()}\u0000${p.value.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { value, source: adapter.source };
  }
  const byName = new Map<string, ProductProperty>();
  let source: Source | undefined;
  for (const l of layers) {
    for (const p of l.additionalProperties ?? []) {
      if (l.source !== 'dom' && CODE_NAME.test(p.name)) continue;
      const key = p.name.toLowerCase();
      if (byName.has(key)) continue;
      byName.set(key, p);
      source ??= l.source;
    }
  }
  return { value: [...byName.values()], source };
}

/** Currency signs that name one currency only (not `$`, `kr`, `¥`). */
const UNAMBIGUOUS_SIGN = /^(?:₫|đ|₽|₴|₸|€|£|₺|₹|₩|원|zł|Kč|₪|฿|₱|₦|лв|lei|Ft|RON|VND|RUB|EUR|GBP|TRY|INR|KRW|PLN|CZK)$/i;

const squashName = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The page's own title wins over a structured name that is the same name plus a variant suffix
 * ("Tote Bag -- Neon Pink Gingham" for the title "Tote Bag"), or the same name without the brand the
 * title puts before it ("EOS 5D Mark IV" for the title "Canon EOS 5D Mark IV", brand Canon).
 * Returns the title's text when it should win, else null.
 */
function reconcileName(structured: string | null, title: string | null, brand: string | null): string | null {
  if (!structured || !title) return null;
  const s = squashName(structured);
  const t = squashName(title);
  if (s === t || t.length < 3) return null;
  if (s.startsWith(t) && /^\s*(?:-{1,2}|[–—|/,(:])\s*\S/.test(s.slice(t.length))) return title.replace(/\s+/g, ' ').trim();
  if (brand && t.endsWith(s) && squashName(t.slice(0, t.length - s.length)) === squashName(brand)) return title.replace(/\s+/g, ' ').trim();
  // The structured name without the variant the title adds ("Кофемашина Philips EP2231/40" for the title "…, черный").
  if (s.length >= 8 && t.startsWith(s) && t.length - s.length <= 40 && /^\s*(?:,|-{1,2}|[–—|/(])\s*\S/.test(t.slice(s.length))) return title.replace(/\s+/g, ' ').trim();
  if (joinedByWord(s, t)) return title.replace(/\s+/g, ' ').trim();
  return null;
}

/**
 * The structured name's two parts joined by a data separator ("The Vertical -- Laurence") are the title's two parts
 * joined by a short word ("The Vertical in Laurence", "… en …", "… в …"): the same name as the page writes it.
 */
function joinedByWord(s: string, t: string): boolean {
  const parts = s.split(/\s+(?:-{1,2}|[–—|/])\s+/);
  if (parts.length !== 2 || parts[0]!.length < 3 || parts[1]!.length < 2) return false;
  if (!t.startsWith(`${parts[0]} `) || !t.endsWith(` ${parts[1]}`)) return false;
  const middle = t.slice(parts[0]!.length + 1, t.length - parts[1]!.length - 1);
  return /^\p{Ll}{1,4}$/u.test(middle);
}

const NO_BRAND = /^(?:без бренда|нет бренда|no ?brand|unbranded|non-?branded|sin marca|sans marque|ohne marke|senza marca|geen merk|markasız|không thương hiệu|no ?name|n\/a|-)$/i;

/** Merges ordered layer results (highest priority first, DOM separately) into the public product shape. */
export function mergeLayers(url: string, layers: LayerResult[], dom: DomLayerResult | null): ExtractedProduct {
  const all = dom ? [...layers, dom] : layers;
  const decisions: NonNullable<ExtractedProduct['decisions']> = {};
  const provenance: Partial<Record<ProvenanceField, Source>> = {};
  const { main, regularFromDom, reason } = choosePrice(layers, dom);
  const availability = chooseAvailability(first(all, 'availability'), dom, decisions);
  // A sold-out card often shows no price of its own: a weak DOM price there is a recommended product's.
  const soldOutGuess = main?.source === 'dom' && dom && availability && UNAVAILABLE.has(availability.value) &&
    dom.priceScore < CONFIDENT_SCORE && !dom.priceInBuyBox;
  if (soldOutGuess) decisions.price = `dom ${main.value.amount} dropped: out of stock and the amount is neither in the buy box nor confidently the product's`;
  const validMain = main && Number(main.value.amount) > 0 && !soldOutGuess ? main : undefined;
  if (validMain && reason) decisions.price = reason;

  let regular: Chosen | undefined;
  if (validMain) {
    const candidates: Chosen[] = [];
    if (validMain.layer.regularPrice) candidates.push({ value: validMain.layer.regularPrice, source: validMain.layer.source, layer: validMain.layer });
    for (const l of layers) if (l.regularPrice && l.price?.amount === validMain.value.amount) candidates.push({ value: l.regularPrice, source: l.source, layer: l });
    if (regularFromDom && dom?.regularPrice) candidates.push({ value: dom.regularPrice, source: 'dom', layer: dom });
    const beside = dom?.companions.get(validMain.value.amount);
    if (beside?.regular) candidates.push({ value: beside.regular, source: 'dom', layer: dom! });
    regular = candidates.find((c) => num(c.value) > num(validMain.value));
  }
  let card: Chosen | undefined;
  for (const l of layers) if (!card && l.cardPrice) card = { value: l.cardPrice, source: l.source, layer: l };
  if (!card && regularFromDom && dom?.cardPrice) card = { value: dom.cardPrice, source: 'dom', layer: dom };
  const besideCard = validMain ? dom?.companions.get(validMain.value.amount)?.card : undefined;
  if (!card && besideCard && dom) card = { value: besideCard, source: 'dom', layer: dom };
  if (card && validMain && (card.value.amount === validMain.value.amount || num(card.value) <= 0)) card = undefined;

  let currencySource = validMain?.value.currency ? { value: validMain.value.currency, source: validMain.source } : first(all, 'currency');
  // The page prints the same amount with a sign of one currency only (`9.277.400₫`) where the structured layer
  // names another (USD): the visible sign wins.
  const shown = dom?.price;
  if (validMain && validMain.source !== 'dom' && !isAdapter(validMain.layer) && shown && shown.amount === validMain.value.amount &&
    shown.currency && currencySource && shown.currency !== currencySource.value && shown.currencyRaw && UNAMBIGUOUS_SIGN.test(shown.currencyRaw)) {
    decisions.currency = `${currencySource.source} ${currencySource.value} lost to dom ${shown.currency}: the page shows the same amount with ${shown.currencyRaw}`;
    currencySource = { value: shown.currency, source: 'dom' };
    for (const c of [validMain, regular, card]) if (c && c.value.currency !== shown.currency) c.value = { ...c.value, currency: shown.currency };
  }
  const currency = currencySource?.value ?? null;
  let currencyRaw: string | null = validMain?.value.currencyRaw ?? null;
  if (!currencyRaw && dom?.currencyRaw && dom.currency === currency) currencyRaw = dom.currencyRaw;
  if (!currencyRaw) currencyRaw = first(all.filter((l) => l.currency === currency), 'currencyRaw')?.value ?? null;


  const pick = <K extends 'name' | 'sku' | 'mpn' | 'gtin' | 'brand'>(key: K): string | null => {
    // "Без бренда", "No brand", "Unbranded": a shop's placeholder says the product has no brand.
    const f = first(key === 'brand' ? all.filter((l) => !NO_BRAND.test(l.brand ?? '')) : all, key);
    // The same article number shown on the page with its leading zeros ("Арт.006128" for structured "6128") is kept as shown.
    const shown = key === 'sku' ? dom?.sku : undefined;
    // The article number shown ("Bestelnr. 97447795") where the structured one adds a variant suffix ("97447795_29806865", "97447795#128").
    const variantOf = (structured: string): boolean => !!shown && structured.length > shown.length + 1 && structured.startsWith(shown) && /^[_#/-]/.test(structured.slice(shown.length));
    if (f && shown && shown !== f.value && (shown.replace(/^0+/, '') === String(f.value).replace(/^0+/, '') || variantOf(String(f.value)))) {
      if (f.source !== 'dom') {
        decisions.sku = `${f.source} ${String(f.value)} lost to dom ${shown}: ${variantOf(String(f.value))
          ? 'the structured value is the shown article number plus a variant suffix' : 'the page shows the same number with its leading zeros'}`;
      }
      provenance[key] = 'dom';
      return shown;
    }
    // Layer agreement: the article number the page shows beside the title wins over a structured code that is
    // the shop's internal `productID` ("c13") or that number plus a variant suffix ("97447795_29806865"), when the
    // page never shows the structured value.
    if (key === 'sku' && f && shown && f.source !== 'dom' && shown !== f.value && !isAdapterSource(f.source)) {
      const structured = String(f.value);
      const layer = all.find((l) => l.source === f.source);
      const variantOf = structured.startsWith(shown) && /^[_#\-/.][\p{L}\d]+$/u.test(structured.slice(shown.length));
      if ((layer?.skuIsProductId || variantOf) && !(dom?.pageBody && elementText(dom.pageBody).includes(structured))) {
        decisions.sku = `${f.source} ${structured} lost to dom ${shown}: ${variantOf ? 'the structured value is the shown article number plus a variant suffix' : 'the structured productID is shown nowhere, the page labels another article number'}`;
        provenance[key] = 'dom';
        return shown;
      }
    }
    // "97447795_29806865": an article number joined to a variant id; the page shows only the article number.
    const joined = key === 'sku' && f && f.source !== 'dom' && !isAdapterSource(f.source) ? /^([\p{L}\d]{4,})[_#][\p{L}\d]+$/u.exec(String(f.value)) : null;
    if (joined && /\d/.test(joined[1]!) && dom?.pageBody) {
      const text = elementText(dom.pageBody);
      if (!text.includes(String(f!.value)) && new RegExp(`(?<![\\p{L}\\d])${joined[1]}(?![\\p{L}\\d])`, 'u').test(text)) {
        decisions.sku = `${f!.source} ${String(f!.value)} lost to dom ${joined[1]}: the page shows only the article number before the variant suffix`;
        provenance[key] = 'dom';
        return joined[1]!;
      }
    }
    if (f) provenance[key] = f.source;
    return (f?.value as string | undefined) ?? null;
  };
  const product: ExtractedProduct = {
    url,
    name: pick('name'),
    price: validMain?.value.amount ?? null,
    regularPrice: regular?.value.amount ?? null,
    currency,
    currencyRaw,
    availability: availability?.value ?? null,
    sku: pick('sku'), mpn: pick('mpn'), gtin: pick('gtin'), brand: pick('brand'),
    images: [], rating: null, additionalProperties: [], prices: [], provenance,
  };
  // A brand read off the title's own leading part is no independent evidence that the title adds the brand.
  const shownName = reconcileName(product.name, dom?.name ?? null, provenance.brand === 'dom' && dom?.brandFromTitle ? null : product.brand);
  if (shownName) {
    const why = shownName.length < (product.name ?? '').length ? 'the structured name adds a variant the title does not show'
      : joinedByWord(squashName(product.name ?? ''), squashName(shownName)) ? 'the title joins the same two parts with a word, not a separator'
      : squashName(shownName).startsWith(squashName(product.name ?? '')) ? 'the title shows the variant the structured name leaves out'
        : 'the title shows the brand before the structured name';
    decisions.name = `${provenance.name} "${product.name}" lost to dom "${shownName}": ${why}`;
    product.name = shownName;
    provenance.name = 'dom';
  }
  if (validMain) provenance.price = validMain.source;
  if (regular) provenance.regularPrice = regular.source;
  if (currencySource) provenance.currency = currencySource.source;
  if (availability) provenance.availability = availability.source;
  const images = first(all, 'images');
  if (images) { product.images = images.value; provenance.images = images.source; }
  const rating = first(all, 'rating');
  if (rating) { product.rating = rating.value; provenance.rating = rating.source; }
  const props = mergeProperties(all);
  if (props.source) { product.additionalProperties = props.value; provenance.additionalProperties = props.source; }
  const entry = (kind: PriceEntry['kind'], c: Chosen): PriceEntry => {
    const e: PriceEntry = { kind, amount: c.value.amount, currency: c.value.currency ?? currency };
    if (c.value.raw) e.raw = c.value.raw;
    return e;
  };
  if (validMain) product.prices.push(entry('current', validMain));
  if (regular) product.prices.push(entry('regular', regular));
  if (card) { product.prices.push(entry('card', card)); provenance.cardPrice = card.source; }
  if (Object.keys(decisions).length) product.decisions = decisions;
  return product;
}
