/**
 * Text and visibility helpers over the parsed DOM (domhandler nodes).
 *
 * Text is rebuilt the way a reader sees it: block elements are separated by
 * spaces, and a price split as `1 299<sup>99</sup>` or Amazon-style
 * whole/fraction spans reads as `1 299.99` instead of `1 29999`.
 */
import type { AnyNode, Element } from 'domhandler';
import { knownHidden, memoOf, rememberHidden } from './node-memo.js';

export type { AnyNode, Element };

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head', 'select', 'option', 'button-template']);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'button', 'label', 'img',
]);
const FRACTION_CLASS = /(?:^|[\s_-])(?:cents?|fraction|fract?|decimals?|dec|kopecks?|kop|penny|pennies|minor|price-fraction|after-?(?:dot|comma|point)|superscript|sup)(?:$|[\s_-])/i;
/** The same words inside a camelCase class (`productPriceDecimal`, `priceCents`): a capital starts the word. */
const FRACTION_CAMEL = /[a-z](?:Cents?|Fraction|Fract|Decimals?|Dec|Kopecks?|Kop|Penny|Pennies|Minor|Superscript|Sup)(?:$|[\s_A-Z-])/;

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True for elements a visitor cannot see (hidden attribute, inline display:none, scraper annotation). */
export function isHiddenElement(el: Element, byClass = true): boolean {
  return (verdictOf(el) & (byClass ? HIDDEN_ANYHOW : HIDDEN_BY_ATTRIBUTES)) !== 0;
}

/** Verdict bits, judged once per element: hidden by its own attributes (hidden, inline style, scraper annotation), hidden by a utility class. */
const HIDDEN_BY_ATTRIBUTES = 1;
const HIDDEN_BY_CLASS = 2;
const HIDDEN_ANYHOW = HIDDEN_BY_ATTRIBUTES | HIDDEN_BY_CLASS;

function verdictOf(el: Element): number {
  return knownHidden(el) ?? rememberHidden(el, elementVerdict(el));
}

function elementVerdict(el: Element): number {
  const cls = el.attribs['class'];
  return (hiddenByAttributes(el) ? HIDDEN_BY_ATTRIBUTES : 0) | (cls !== undefined && hiddenByClass(cls) ? HIDDEN_BY_CLASS : 0);
}

function hiddenByAttributes(el: Element): boolean {
  const a = el.attribs;
  if (a['hidden'] !== undefined) return true;
  const pcHidden = a['data-pc-hidden'];
  if (pcHidden !== undefined && pcHidden !== 'false' && pcHidden !== '0') return true;
  if (el.name === 'input' && a['type'] === 'hidden') return true;
  const style = a['style'];
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Utility classes that hide an element (`hidden`, `d-none`, Amazon's `aok-hidden`, eBay's `g-hdn` / `u-dspn`), unless a breakpoint shows it again. */
const HIDING_CLASS = /(?:^|\s)(?:hidden|hide|d-none|is-hidden|u-hidden|js-hidden|aok-hidden|a-hidden|display-none|wt-display-none|invisible|no-display|g-hdn|u-dspn)(?=\s|$)/;
const SHOWN_AT_BREAKPOINT = /(?:^|\s)(?:d-(?:sm|md|lg|xl|xxl)-(?!none)\w+|(?:sm|md|lg|xl|2xl):(?!hidden)\w+|wt-display-(?!none)[\w-]+-(?:sm|md|lg|xl))(?=\s|$)/;

function hiddenByClass(cls: string): boolean {
  if (!/hid|none|invisible|no-display|hdn|dspn/.test(cls)) return false;
  return HIDING_CLASS.test(cls) && !SHOWN_AT_BREAKPOINT.test(cls);
}

export function isSkippedTag(el: Element): boolean {
  return SKIP_TAGS.has(el.name);
}

/** A `<sup>` or a cents/fraction-named element whose text is one or two digits. */
function isFractionElement(el: Element, text: string): boolean {
  // `\s` is the set of characters `trim()` removes: the test of the trimmed text, without making it.
  if (!/^\s*\d{1,2}\s*$/.test(text)) return false;
  return fractionNamed(el);
}

export function fractionNamed(el: Element): boolean {
  if (el.name === 'sup') return true;
  const cls = el.attribs['class'];
  return cls !== undefined && (FRACTION_CLASS.test(cls) || FRACTION_CAMEL.test(cls));
}

/** Collapses whitespace the way browsers render it. */
export function collapse(text: string): string {
  // Most texts already have single plain spaces only: then the replacement would copy the string for nothing.
  return (NEEDS_COLLAPSE.test(text) ? text.replace(/[\s\u00a0]+/g, ' ') : text).trim();
}

/** A space other than U+0020, or two spaces in a row: what `collapse` changes besides the ends. */
const NEEDS_COLLAPSE = /[^\S ]|\s\s/;

interface TextState {
  out: string[];
  length: number;
  limit: number;
  skipHidden: boolean;
}

function appendText(node: AnyNode, st: TextState): void {
  if (st.length > st.limit) return;
  if (node.type === 'text') {
    const data = (node as unknown as { data: string }).data;
    st.out.push(data);
    st.length += data.length;
    return;
  }
  if (!isElement(node)) return;
  if (SKIP_TAGS.has(node.name)) return;
  if (st.skipHidden && isHiddenElement(node)) return;
  const block = BLOCK_TAGS.has(node.name);
  if (block) st.out.push(' ');
  const start = st.out.length;
  for (const child of node.children) {
    // Past the limit every further child would return at once: stop here instead of visiting each of them.
    if (st.length > st.limit) break;
    appendText(child, st);
  }
  const pieces = st.out.length - start;
  // Several pieces are joined only for a `<sup>` or cents-named element: the join per element was garbage for nothing.
  if (pieces > 0 && pieces <= 4 && (pieces === 1 ? isFractionElement(node, st.out[start]!) : fractionNamed(node) && isFractionElement(node, st.out.slice(start).join('')))) {
    const before = st.out.slice(Math.max(0, start - 8), start).join('').trimEnd();
    if (/\d$/.test(before)) {
      // The whole part grouped with dots ("2.999<sup>99</sup>") takes a decimal comma, else a decimal point.
      st.out.splice(start, 0, /\.\d{3}$/.test(before) ? ',' : '.');
      trimTrailingSpace(st.out, start);
      // "<span> 99 </span>": the fraction's own layout space goes too ("34. 99" would read as 34).
      st.out[start + 1] = st.out[start + 1]!.replace(/^\s+/, '');
    } else if (/\d\s*[.,]$/.test(before)) {
      // "49,<span class=decimal>99</span>", or a separator in a block of its own ("<div>39</div><div>.</div><div
      // class=decimal>99</div>"): the separator is already there, only the layout spaces around it go.
      trimTrailingSpace(st.out, start);
      if (!/\d[.,]$/.test(before)) trimSpaceBeforeSeparator(st.out, start);
      const first = st.out[start]!;
      st.out[start] = first.replace(/^\s+/, '');
    }
  }
  if (block) st.out.push(' ');
}

/** Drops the spaces between a separator piece ending right before `upTo` and the digits before it. */
function trimSpaceBeforeSeparator(out: string[], upTo: number): void {
  let i = upTo - 1;
  while (i >= 0 && out[i]!.length === 0) i--;
  if (i < 0) return;
  const piece = out[i]!;
  const sep = piece.length - 1;
  const head = piece.slice(0, sep).replace(/\s+$/, '');
  out[i] = head + piece[sep];
  if (head.length === 0) trimTrailingSpace(out, i);
}

function trimTrailingSpace(out: string[], upTo: number): void {
  for (let i = upTo - 1; i >= 0; i--) {
    const trimmed = out[i]!.replace(/\s+$/, '');
    out[i] = trimmed;
    if (trimmed.length > 0) return;
  }
}

const PIECES: string[] = [];
/** Cut texts kept per node: the price layer asks a parent with limits 120, 300 and a candidate's own limit in turn. */
const CUTS_KEPT = 4;

/**
 * Visible text of an element, as a reader sees it, whitespace collapsed.
 * With `limit`, reading stops soon after that many characters: callers that
 * only need to know whether a text is short stay linear on huge pages.
 */
export function elementText(node: AnyNode, skipHidden = true, limit = Number.POSITIVE_INFINITY): string {
  const memo = memoOf(node);
  const whole = skipHidden ? memo.visible : memo.all;
  // A walk that read fewer characters than the limit was never cut short: the same text for any larger limit.
  if (whole && whole.read <= limit) return whole.text;
  const cuts = skipHidden ? memo.visibleCut : memo.allCut;
  if (cuts) for (const cut of cuts) if (cut.limit === limit) return cut.text;
  // One buffer for every walk (a walk never starts another): no array grown and dropped per call.
  const st: TextState = { out: PIECES, length: 0, limit, skipHidden };
  PIECES.length = 0;
  appendText(node, st);
  const text = collapse(PIECES.length === 1 ? PIECES[0]! : PIECES.join(''));
  PIECES.length = 0;
  if (st.length <= limit) memo[skipHidden ? 'visible' : 'all'] = { text, read: st.length };
  else if (!cuts) memo[skipHidden ? 'visibleCut' : 'allCut'] = [{ text, limit }];
  else {
    if (cuts.length >= CUTS_KEPT) cuts.shift();
    cuts.push({ text, limit });
  }
  return text;
}

/** The element's text when it is at most `limit` characters, otherwise null. */
export function shortText(node: AnyNode, limit: number): string | null {
  const text = elementText(node, true, limit * 2 + 64);
  return text.length <= limit ? text : null;
}

/** Lower-cased class, id and a few naming attributes, used for role guesses. */
export function nameSignature(el: Element): string {
  const memo = memoOf(el);
  if (memo.signature !== undefined) return memo.signature;
  const a = el.attribs;
  let sig = `${a['class'] ?? ''} ${a['id'] ?? ''}`;
  for (const key of SIGNATURE_ATTRIBUTES) {
    const v = a[key];
    if (v) sig += ` ${v}`;
  }
  return (memo.signature = sig.toLowerCase());
}

const MODIFIER = /(?:^|\s)(?:with|has|is|no)-/;

/** A signature without state modifiers (`with-slider`, `has-carousel`): they describe a block's content, not what the block is. */
export function withoutModifiers(signature: string): string {
  if (!MODIFIER.test(signature)) return signature;
  return signature.split(/\s+/).filter((t) => !/^(?:with|has|is|no)-/.test(t)).join(' ');
}

const SIGNATURE_ATTRIBUTES = ['itemprop', 'data-auto', 'data-testid', 'data-test-id', 'data-qa', 'data-widget', 'aria-label', 'role', 'data-role', 'data-meta-name', 'data-price-type'];

/** The next sibling that is an element (text and comments skipped), or null. */
export function nextElement(el: Element): Element | null {
  for (let s = el.next; s; s = s.next) if (isElement(s)) return s;
  return null;
}

/** The previous sibling that is an element (text and comments skipped), or null. */
export function previousElement(el: Element): Element | null {
  for (let s = el.prev; s; s = s.prev) if (isElement(s)) return s;
  return null;
}

/** The element and the elements above it, nearest first (an array: far cheaper to iterate than a generator). */
export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let cur: AnyNode | null = el; cur && isElement(cur); cur = cur.parent) out.push(cur);
  return out;
}

export function depthOf(el: Element): number {
  let d = 0;
  for (let cur: AnyNode | null = el.parent; cur; cur = cur.parent) d++;
  return d;
}
