/**
 * Product characteristics from visible markup: two-column spec tables,
 * definition lists, name/value element pairs and "Name: value" list items,
 * each grouped under its nearest section heading. Zones about other things
 * (related products, reviews, footer, cart) are skipped.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { EXCLUDED_CONTAINER } from './dom-signals.js';
import { ancestors, elementText, isElement, isHiddenElement, nameSignature, previousElement, type AnyNode, type Element } from './dom-text.js';
import { dropSummaries, isHeaderRow, isOfferRow } from './characteristics-filter.js';
import { pageIndex } from './page-index.js';
import { parsePropertyValue } from './units.js';
import type { ProductProperty } from './types.js';

const HEADING = /^h[2-6]$/;
const GROUP_CLASS = /(?:group|section|block|category)[-_]?(?:title|name|head(?:er|ing)?|caption)|(?:title|head(?:er|ing)?)[-_]?group|caption/i;
const NAME_CLASS = /(?:^|[-_\s])(?:name|label|title|key|term|prop(?:erty)?[-_]?name|param(?:eter)?[-_]?name|spec[-_]?(?:title|name|label)|attr(?:ibute)?[-_]?(?:name|label))(?:$|[-_\s])|(?:name|label|term|key)$/i;
const VALUE_CLASS = /(?:^|[-_\s])(?:value|val|data|desc|definition|spec[-_]?value|attr(?:ibute)?[-_]?value)(?:$|[-_\s])|value$/i;
const NOT_A_PROPERTY = /^(?:цена|price|стоимость|preis|prix|итого|total|количество|quantity|qty)$|availability|^наличие$|^в наличии$|наличие (?:на складе|в магазин)|stock|verfügbar|ex\.? tax|налог|reward|points|бонус|балл|price in|цена в|доставка|delivery|shipping|оплата|payment/i;

let mainContainer: Element | null = null;

/** Tab panels (`role=tabpanel`, `tab-pane`, `tabs__content`) hold the product's own specs even while another tab is shown. */
const TAB_PANEL_CLASS = /(?:^|[\s_-])tabs?(?:[-_]{1,2}(?:pane|panel|content|body|item|page))?(?:$|[\s_-])|(?:^|\s)tab-?pane(?:$|\s)/i;

function isTabPanel(el: Element): boolean {
  return el.attribs['role'] === 'tabpanel' || TAB_PANEL_CLASS.test(el.attribs['class'] ?? '');
}

function inTabPanel(el: Element): boolean {
  let inside = tabPanelMemo.get(el);
  if (inside === undefined) {
    const parent = el.parent;
    inside = isTabPanel(el) || (!!parent && isElement(parent) && inTabPanel(parent));
    tabPanelMemo.set(el, inside);
  }
  return inside;
}

/** Per extraction: whether an element is in a tab panel (itself or an ancestor), asked for every cell and list item. */
let tabPanelMemo = new Map<Element, boolean>();

/** The two element children of `el`, or null when it has another number of them. */
function twoElementChildren(el: Element): [Element, Element] | null {
  if (el.children.length < 2) return null;
  let first: Element | null = null;
  let second: Element | null = null;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (!first) first = c;
    else if (!second) second = c;
    else return null;
  }
  return first && second ? [first, second] : null;
}

/**
 * Cell text; inside a tab panel hidden text is read too, because the snapshot may have been taken while another
 * tab was selected. Zones of other products are still skipped by `excluded`.
 */
function cellText(el: Element): string {
  return elementText(el, !inTabPanel(el), 700);
}

/** Skips zones about other things; ancestors from the product's own container up are not judged. */
function excluded(el: Element): boolean {
  for (const a of ancestors(el)) {
    if (a.name === 'body' || a === mainContainer) return false;
    if (isHiddenElement(a) && a.attribs['data-pc-hidden'] !== undefined && !inTabPanel(a)) return true;
    if (a.name === 'footer' || a.name === 'nav' || a.name === 'header') return true;
    if (a !== el && EXCLUDED_CONTAINER.test(nameSignature(a)) && !/(?:spec|character|propert|attribute|param|detail)/i.test(nameSignature(a))) return true;
  }
  return false;
}

/** Per element, the group heading among the elements before it (see `headingBefore`); per extraction (a Map is far cheaper to fill than a WeakMap). */
let headingsBefore = new Map<Element, string | undefined>();

/**
 * The nearest heading among the elements before `el`, up to a table or list. Remembered for every element passed on
 * the way: each of 16,000 sibling rows scanning all the rows before it was quadratic.
 */
function headingBefore(el: Element): string | undefined {
  const passed: Element[] = [];
  let found: string | undefined;
  for (let cur = el; ;) {
    if (headingsBefore.has(cur)) {
      found = headingsBefore.get(cur);
      break;
    }
    passed.push(cur);
    const s = previousElement(cur);
    if (!s) break;
    const cls = s.attribs['class'] ?? '';
    if (HEADING.test(s.name) || s.name === 'caption' || GROUP_CLASS.test(cls)) {
      const t = elementText(s, true, 200);
      if (t.length > 0 && t.length <= 80) {
        found = t;
        break;
      }
    }
    if (s.name === 'table' || s.name === 'dl') break;
    cur = s;
  }
  for (const p of passed) headingsBefore.set(p, found);
  return found;
}

/** Nearest heading before the element (siblings first, then up to four ancestors' siblings). */
function groupOf(el: Element, stopAt?: Element): string | undefined {
  let cur: Element | null = el;
  for (let level = 0; cur && level < 5; level++) {
    const heading = headingBefore(cur);
    if (heading !== undefined) return heading;
    if (cur === stopAt) break;
    const parent: AnyNode | null = cur.parent;
    cur = parent && isElement(parent) && parent.name !== 'body' ? parent : null;
  }
  return undefined;
}

/** Properties found so far, each tagged with the block (table, list, dl) it came from. */
type Found = Array<{ prop: ProductProperty; block: AnyNode; linkOnly?: boolean }>;

/** True when every letter of the cell is link text (`<dd><a>Packing Cubes</a></dd>`). */
function linkOnly(cell: Element): boolean {
  const links = pageIndex$!.find(cell, 'a');
  if (links.length === 0) return false;
  const text = (t: string): string => t.replace(/[\s,;/|·•]+/g, '');
  return text(links.map((a) => elementText(a)).join('')) === text(elementText(cell));
}

let pageIndex$: ReturnType<typeof pageIndex> | null = null;

/** Whether a name/value row can be a characteristic at all (not a price, stock, delivery, rating, seller or header row). */
export function isPropertyRow(name: string, value: string): boolean {
  const n = name.replace(/\s+/g, ' ').trim();
  const v = value.replace(/\s+/g, ' ').trim();
  if (!n || !v || n.length > 80 || v.length > 300 || /^[\d\s.,]+$/.test(n) || NOT_A_PROPERTY.test(n.replace(/:$/, ''))) return false;
  return !isOfferRow(n, v) && !isHeaderRow(n, v);
}

function accept(out: Found, block: AnyNode, name: string, value: string, group: string | undefined, valueCell?: Element): void {
  if (!isPropertyRow(name, value)) return;
  const n = name.replace(/\s+/g, ' ').trim();
  const v = value.replace(/\s+/g, ' ').trim();
  const prop = parsePropertyValue(n, v, group);
  if (!prop.name || prop.name.toLowerCase() === prop.value.toLowerCase()) return;
  out.push(valueCell && linkOnly(valueCell) ? { prop, block, linkOnly: true } : { prop, block });
}

/** Headings of spec sections and tabs, in the languages the corpus covers. */
const SPEC_HEADING = /характеристик|технічні|specification|specs\b|technische daten|technical (?:data|details)|product (?:details|information)|produktdetails|item specifics|specificaties|kenmerken|caractéristiques|fiche technique|especificaciones|caratteristiche|parametry|specyfikacja|仕様|スペック|规格/i;
const SPEC_CLASS = /spec|character|propert|attribute|param|tech/i;

/**
 * A row of two plain cells (`<div><div>Vermogen</div><div>800 W</div></div>`)
 * counts as a property only inside a spec container: a spec-named wrapper or
 * a section under a "Specifications" / "Характеристики" heading, where at
 * least one sibling row has the same two-cell shape.
 */
function plainCells(row: Element): boolean {
  let plain = plainRows.get(row);
  if (plain === undefined) {
    // Two element children, neither a heading, table, list, control, link or image nor holding more than two elements.
    let first: Element | null = null;
    let count = 0;
    let cells = true;
    for (const k of row.children) {
      if (!isElement(k)) continue;
      if (++count > 2) break;
      if (count === 1) first = k;
      if (cells && (NOT_A_CELL.test(k.name) || moreElementsThan(k, 2))) cells = false;
    }
    plain = count === 2 && cells && elementText(first!, true, 100).length <= 60;
    plainRows.set(row, plain);
  }
  return plain;
}

const NOT_A_CELL = /^(?:h[1-6]|table|dl|ul|ol|button|a|img)$/;

/** Whether `el` has more than `n` element children (counting stops there). */
function moreElementsThan(el: Element, n: number): boolean {
  let count = 0;
  for (const c of el.children) if (isElement(c) && ++count > n) return true;
  return false;
}

/** Per extraction: rows already judged by `plainCells`, and per parent the count of plain rows by tag name. */
let plainRows = new Map<Element, boolean>();
let plainTwins = new Map<Element, Map<string, boolean>>();

/** Whether at least two children of `parent` named `name` are plain rows (counting stops at the second). */
function hasTwins(parent: Element, name: string): boolean {
  let known = plainTwins.get(parent);
  if (!known) {
    known = new Map();
    plainTwins.set(parent, known);
  }
  let twins = known.get(name);
  if (twins === undefined) {
    twins = false;
    let count = 0;
    for (const c of parent.children) {
      if (isElement(c) && c.name === name && plainCells(c) && ++count >= 2) {
        twins = true;
        break;
      }
    }
    known.set(name, twins);
  }
  return twins;
}

function inSpecGrid(row: Element): boolean {
  if (!plainCells(row)) return false;
  const parent = row.parent;
  if (!parent || !isElement(parent)) return false;
  if (!hasTwins(parent, row.name)) return false;
  if (SPEC_CLASS.test(nameSignature(parent)) || SPEC_CLASS.test(nameSignature(row))) return true;
  // The heading is before the grid, or inside the same section before the rows (`<section><h2>Specifications</h2><div>…`).
  const outside = groupOf(parent);
  if (outside !== undefined && SPEC_HEADING.test(outside)) return true;
  const inside = groupOf(row, parent);
  return inside !== undefined && SPEC_HEADING.test(inside);
}

function fromTables($: CheerioAPI, out: Found): void {
  const index = pageIndex($);
  for (const table of index.byTag('table')) {
    if (excluded(table) || holdsTag(table, FORM_CONTROLS)) continue;
    let group = groupOf(table);
    const caption = $(table).children('caption').first();
    if (caption.length) group = elementText(caption[0]!);
    for (const row of index.find(table, 'tr')) {
      const cells = row.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
      if (cells.length === 1 || (cells.length >= 1 && cells.every((c) => c.name === 'th') && cells.length !== 2)) {
        const t = elementText(cells[0]!, true, 200);
        if (t && t.length <= 80) group = t;
        continue;
      }
      if (cells.length !== 2) continue;
      accept(out, table, cellText(cells[0]!), cellText(cells[1]!), group, cells[1]);
    }
  }
}

function fromDefinitionLists($: CheerioAPI, out: Found): void {
  const index = pageIndex($);
  for (const dl of index.byTag('dl')) {
    if (excluded(dl)) continue;
    const group = groupOf(dl);
    let name: string | null = null;
    for (const el of index.find(dl, 'dt, dd')) {
      if (el.name === 'dt') name = cellText(el);
      else if (name !== null) accept(out, dl, name, cellText(el), groupOf(el, dl) ?? group, el);
    }
  }
}

/** Tests `"class itemprop"` of the element; an element with neither has only a space to test, which no role name matches. */
function namedAs(el: Element, role: RegExp): boolean {
  const cls = el.attribs['class'];
  const prop = el.attribs['itemprop'];
  return (cls !== undefined || prop !== undefined) && role.test(`${cls ?? ''} ${prop ?? ''}`);
}

function fromPairs($: CheerioAPI, out: Found): void {
  const index = pageIndex($);
  // What `select('li, div, p')` lists, read straight from the document-order element list: no array made per page.
  for (const el of index.elements) {
    const tag = el.name;
    if (tag !== 'div' && tag !== 'li' && tag !== 'p') continue;
    const kids = twoElementChildren(el);
    if (!kids) continue;
    const [a, b] = kids;
    if (!(namedAs(a, NAME_CLASS) && namedAs(b, VALUE_CLASS)) && !inSpecGrid(el)) continue;
    if (excluded(el)) continue;
    if (a.name === 'dt' || a.name === 'td' || a.name === 'th') continue;
    // A label beside buttons or a select is a variant picker ("format: [Blu-ray] [DVD]"), not a characteristic.
    if (holdsTag(b, PICKER_CONTROLS)) continue;
    accept(out, el.parent ?? el, cellText(a), cellText(b), groupOf(el), b);
  }
}

/** `Name: value` text of a list item, or null. */
function colonItem(li: Element): RegExpExecArray | null {
  let count = 0;
  let only: Element | null = null;
  for (const c of li.children) {
    if (!isElement(c)) continue;
    if (c.name === 'ul' || c.name === 'ol') return null;
    count++;
    only = c;
  }
  // Most items hold no colon at all: their text, never needed, is not built.
  colonBudget = COLON_SCAN_LIMIT;
  if (!mayHoldColon(li)) return null;
  const text = elementText(li, !inTabPanel(li), 600);
  if (count === 1 && only!.name === 'a' && elementText(only!) === text) return null;
  return /^([^:]{2,60}):\s+(.{1,200})$/.exec(text);
}

/** Characters of text `mayHoldColon` reads before it gives up and answers maybe (a huge item is cut at 600 by `elementText` anyway). */
const COLON_SCAN_LIMIT = 4000;
let colonBudget = 0;

/**
 * False when no text under the node (hidden or not, skipped tags included) holds a `:`, so its visible text cannot
 * either; true when one does or the scan ran out of budget.
 */
function mayHoldColon(node: AnyNode): boolean {
  if (node.type === 'text') {
    const data = (node as unknown as { data: string }).data;
    colonBudget -= data.length;
    return colonBudget < 0 || data.includes(':');
  }
  const children = (node as { children?: AnyNode[] }).children;
  if (children) for (const c of children) if (mayHoldColon(c)) return true;
  return false;
}

/** True when the list sits in the title's own block (within three levels above the list), as a buy box's info list does. */
function nearTitle(list: Element, title: Element | null): boolean {
  if (!title) return false;
  const above = new Set<AnyNode>(ancestors(title));
  let cur: AnyNode | null = list.parent;
  for (let i = 0; cur && isElement(cur) && cur.name !== 'body' && i < 3; i++, cur = cur.parent) if (above.has(cur)) return true;
  return false;
}

/** Lists whose class or heading says they are the product's details (`detail-bullet-list` under "Product details"). */
const DETAIL_LIST = /spec|character|propert|attribute|param|tech|detail/i;

/**
 * "Name: value" list items. They are a fallback: when the page has a spec table, definition list or spec grid of
 * three or more rows,
 * colon items of other lists are description bullets ("Set includes: six plates", "First look: …") and are skipped,
 * unless the list itself is named or headed as details / specifications or sits in the title's block (a buy box's
 * "Brand: …" lines). A list where most items are prose is a
 * description too.
 */
function fromColonItems($: CheerioAPI, out: Found, hasSpecBlock: boolean, title: Element | null): void {
  const index = pageIndex($);
  const lists = new Map<Element, Array<{ li: Element; m: RegExpExecArray }>>();
  for (const li of index.byTag('li')) {
    const list = li.parent && isElement(li.parent) ? li.parent : li;
    const m = colonItem(li);
    if (!m || excluded(li)) continue;
    const items = lists.get(list) ?? [];
    items.push({ li, m });
    lists.set(list, items);
  }
  for (const [list, items] of lists) {
    const size = list.name === 'li' ? 1 : list.children.filter((c) => isElement(c) && c.name === 'li').length;
    if (items.length * 2 < size) continue;
    const group = groupOf(list);
    if (hasSpecBlock && !DETAIL_LIST.test(nameSignature(list)) && !(group !== undefined && SPEC_HEADING.test(group)) && !nearTitle(list, title)) continue;
    for (const { m } of items) accept(out, list, m[1]!, m[2]!, group);
  }
}

const FORM_CONTROLS = new Set(['select', 'input', 'textarea', 'button']);
const PICKER_CONTROLS = new Set(['button', 'select', 'input']);
const TABLE_OR_LIST = new Set(['table', 'dl']);

/**
 * Whether an element below `root` (not `root` itself; not below its child `skip`) has one of these tag names: what
 * `find(root, 'a, b').length > 0` answers, stopping at the first one instead of listing every descendant.
 */
function holdsTag(root: Element, names: ReadonlySet<string>, skip?: Element): boolean {
  for (const c of root.children) {
    if (c === skip || !isElement(c)) continue;
    if (names.has(c.name) || holdsTag(c, names)) return true;
  }
  return false;
}

/** All characteristics visible on the page, in document order per source kind. */
export function extractCharacteristics($: CheerioAPI, title: Element | null = null): ProductProperty[] {
  mainContainer = null;
  pageIndex$ = pageIndex($);
  plainRows = new Map();
  plainTwins = new Map();
  tabPanelMemo = new Map();
  headingsBefore = new Map();
  if (title) {
    // Each level only looks below the children not looked at yet: the level below had no table or list.
    let checked: Element | undefined;
    let cur: AnyNode | null = title.parent;
    for (let i = 0; cur && isElement(cur) && i < 12; i++, cur = cur.parent) {
      if (holdsTag(cur, TABLE_OR_LIST, checked)) { mainContainer = cur; break; }
      checked = cur;
    }
  }
  const found: Found = [];
  fromTables($, found);
  fromDefinitionLists($, found);
  fromPairs($, found);
  const perBlock = new Map<AnyNode, number>();
  for (const f of found) perBlock.set(f.block, (perBlock.get(f.block) ?? 0) + 1);
  fromColonItems($, found, [...perBlock.values()].some((n) => n >= 3), title);
  return dropSummaries(found);
}
