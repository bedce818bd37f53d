/**
 * Filters applied to raw characteristics: purchase / offer rows are not
 * product properties, and a short spec summary that repeats names of the
 * full spec table is dropped in favour of the full table.
 */
import type { AnyNode } from './dom-text.js';
import { parsePriceDetailed } from './price-parser.js';
import type { ProductProperty } from './types.js';

/** Row names about buying, not about the product: prices, tax, instalments, bank / trade-in offers, ratings and sales ranks, the seller, the shop's own item code. */
const OFFER_NAME = /^(?:ціна|цена|price|preis|prix|prijs|価格)(?!\p{L})|без\s*(?:ндс|пдв)|з\s*пдв|с\s*ндс|incl\.?\s*vat|excl\.?\s*vat|ex\.?\s*vat|mwst|частям|частин|рассрочк|розстрочк|кредит|instal+ment|bank offer|банк|обмін|обмен|trade-?in|exchange offer|кешб|cashback|бонус|средняя оценка|середня оцінка|рейтинг|rating|отзыв|відгук|review|скидк|знижк|discount|акци|акці|promo|^(?:product code|код товара|код товару)$|^(?:sold by|ships from|seller|verkäufer|vendu par|vendido por|venduto da|продавец|satıcı)\s*:?$|rebate|best ?sellers? rank|bestseller-rang|^(?:feedback|favou?rited by)\s*:?$/iu;

/** The header row of a two-column spec table ("Özellik | Değer", "Property | Value", "Характеристика | Значение"). */
const HEADER_NAME = /^(?:özellik|feature|property|attribute|characteristic|specification|parameter|характеристика|параметр|свойство|merkmal|eigenschaft|caractéristique|característica|caratteristica|kenmerk|cecha|parametr|vlastnost)$/iu;
const HEADER_VALUE = /^(?:değer|value|details?|description|значение|описание|wert|valeur|valor|valore|waarde|wartość|hodnota)$/iu;

export function isHeaderRow(name: string, value: string): boolean {
  return HEADER_NAME.test(name.trim()) && HEADER_VALUE.test(value.trim());
}

/** True when the row is purchase information rather than a characteristic. */
export function isOfferRow(name: string, value: string): boolean {
  if (OFFER_NAME.test(name)) return true;
  if (value.length <= 40) {
    const p = parsePriceDetailed(value);
    if (p.amount !== null && p.currencyRaw && p.noiseLength <= 12 && /^\W*(?:від|от|from|ab|до|up to)?\W*\d|^\W*\p{Sc}/iu.test(value.trim())) return true;
  }
  return false;
}

/**
 * Keeps the full spec table when a page also shows a short summary of it:
 * a block whose property names all occur in a larger block is dropped.
 * Duplicates (same name and value) are then removed, first one kept.
 */
export function dropSummaries(found: Array<{ prop: ProductProperty; block: AnyNode; linkOnly?: boolean }>): ProductProperty[] {
  // A block of three or more rows whose every value is a link is navigation ("You find this item in: Category,
  // Series, Brand" linking to listings), not a spec table.
  const rows = new Map<AnyNode, { all: number; links: number }>();
  for (const { block, linkOnly } of found) {
    const r = rows.get(block) ?? { all: 0, links: 0 };
    r.all++;
    if (linkOnly) r.links++;
    rows.set(block, r);
  }
  const navigation = new Set([...rows].filter(([, r]) => r.all >= 3 && r.links === r.all).map(([block]) => block));
  found = found.filter((f) => !navigation.has(f.block));
  const names = new Map<AnyNode, Set<string>>();
  for (const { prop, block } of found) {
    const set = names.get(block) ?? new Set<string>();
    set.add(prop.name.toLowerCase());
    names.set(block, set);
  }
  // A larger block holding all of a block's names holds its rarest name: only blocks holding that name, largest first,
  // are compared (every block against every other was quadratic on a page of 8,000 one-row <dl>s).
  const holding = new Map<string, AnyNode[]>();
  for (const [block, set] of names) {
    for (const n of set) {
      const list = holding.get(n);
      if (list) list.push(block);
      else holding.set(n, [block]);
    }
  }
  for (const list of holding.values()) list.sort((a, b) => names.get(b)!.size - names.get(a)!.size);
  const dropped = new Set<AnyNode>();
  for (const [block, set] of names) {
    let rarest: AnyNode[] = [];
    for (const n of set) if (!rarest.length || holding.get(n)!.length < rarest.length) rarest = holding.get(n)!;
    for (const other of rarest) {
      const otherSet = names.get(other)!;
      if (otherSet.size <= set.size) break;
      if ([...set].every((n) => otherSet.has(n))) { dropped.add(block); break; }
    }
  }
  const out: ProductProperty[] = [];
  const seen = new Set<string>();
  for (const { prop, block } of found) {
    if (dropped.has(block)) continue;
    const key = `${prop.name.toLowerCase()}\u0000${prop.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(prop);
  }
  return out;
}
