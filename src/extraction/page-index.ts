/**
 * One index per parsed page, shared by every layer. A page is parsed once
 * (`parsePage`, behind `loadHtml`), and while htmlparser2 builds the tree
 * every element is listed in document order with the span of its subtree in
 * that order, and the elements carrying a few attributes the layers select on
 * are listed too; tag, id and class lookups are built from the element list
 * on first use. Selector queries are answered from the index (tag lists,
 * attribute presence, `#id …` inside that id's subtree, otherwise the
 * compiled selector tested only on the elements that can be its subject) and
 * remembered per page, so the layers asking for `h1`, `script` or `meta`
 * share one answer instead of each scanning the whole document again.
 *
 * Answers are exactly those of `$(selector).toArray()` / `$(el).find(selector)`:
 * same elements, document order, no duplicates (a test compares them on the
 * corpus pages). Selectors css-select cannot compile alone (cheerio's
 * positional pseudos) fall back to cheerio. The index assumes the document is
 * not modified after `parsePage` returns; no layer modifies it.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import { compile } from 'css-select';
import { DomHandler, type AnyNode, type ChildNode, type Document, type Element } from 'domhandler';
import { FastParser } from './fast-parser.js';
import { reserveMemo } from './node-memo.js';

type Test = (el: Element) => boolean;

const TAG_LIST = /^\s*[a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*\s*$/i;
const ATTRIBUTE_PRESENT = /^\s*\[\s*([^\s"'>/=\]]+)\s*\]\s*$/;
/** A selector whose first compound names an id (`#a .b`, `input#ASIN`): matches lie in that element's subtree. */
const LEADING_ID = /^\s*[a-z0-9-]*#((?:[\w-]|\\.)+)(?=$|[\s.[:>])/i;

/** No combinator and no selector list outside brackets and parentheses. */
const SINGLE_COMPOUND = (selector: string): boolean => !/[\s>+~,]/.test(selector.trim().replace(/\[[^\]]*\]|\([^)]*\)/g, ''));

const compiled = new Map<string, Test | null>();

/** The compiled selector, or null when only cheerio understands it. Compiled once per process. */
function compiledTest(selector: string): Test | null {
  let test = compiled.get(selector);
  if (test === undefined) {
    try {
      test = compile<AnyNode, Element>(selector, { xmlMode: false });
    } catch {
      test = null;
    }
    compiled.set(selector, test);
  }
  return test;
}

/** Document-order position of an element and the position just after its last descendant, kept on the node. */
const POSITION = Symbol('position');
const END = Symbol('subtree end');
type Indexed = Element & { [POSITION]?: number; [END]?: number };

function isElementNode(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * Attributes the layers select on (microdata and RDFa scopes and properties, widget state, ARIA roles): the
 * elements carrying them are listed while parsing, since testing a named attribute on every element afterwards is
 * slow. A selector whose subject must carry one of them is tested only on those elements.
 */
const PRESENCE_NAMES = ['itemscope', 'typeof', 'data-state', 'itemprop', 'role'];

/**
 * Deepest element depth the tree gets (`html` is 1). Like Blink (HTMLConstructionSite, 512), content opened deeper is
 * attached to the element at this depth instead, so 20,000 nested `<div>`s or unclosed `<b><i>` cannot overflow the
 * stack of the recursive walks. Chromium's `page.content()` never nests deeper anyway; the saved real pages reach 45.
 */
export const MAX_TREE_DEPTH = 512;

/** The tree builder htmlparser2 uses, also listing elements as they open (document order) and where they close. */
class IndexingHandler extends DomHandler {
  readonly elements: Element[] = [];
  readonly carrying = new Map<string, Element[]>(PRESENCE_NAMES.map((name) => [name, []]));
  private readonly pending: string[] = [];

  onattribute(name: string): void {
    // Called for every attribute of the page: plain comparisons reject most names on their length alone.
    for (const indexed of PRESENCE_NAMES) {
      if (name === indexed) {
        this.pending.push(name);
        return;
      }
    }
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    const el = this.tagStack[this.tagStack.length - 1] as Indexed;
    // Every element gets the same extra properties in the same order: one shape for all elements.
    el[POSITION] = this.elements.length;
    el[END] = this.elements.length + 1;
    reserveMemo(el);
    this.elements.push(el);
    for (const attribute of this.pending) {
      const list = this.carrying.get(attribute)!;
      if (list[list.length - 1] !== el) list.push(el);
    }
    this.pending.length = 0;
  }

  override onclosetag(): void {
    const el = this.tagStack[this.tagStack.length - 1] as Indexed;
    // An element at the depth cap or below it got no children (they went to the element at the cap): its span stays one.
    const capped = this.tagStack.length > MAX_TREE_DEPTH;
    super.onclosetag();
    if (!capped) el[END] = this.elements.length;
  }

  protected override addNode(node: ChildNode): void {
    if (this.tagStack.length <= MAX_TREE_DEPTH) return super.addNode(node);
    const parent = this.tagStack[MAX_TREE_DEPTH - 1]!;
    const previous = parent.children[parent.children.length - 1];
    parent.children.push(node);
    if (previous) {
      node.prev = previous;
      previous.next = node;
    }
    node.parent = parent;
    this.lastNode = null;
  }
}

/**
 * Whether `outer` is `inner` or one of its ancestors, from the document-order positions recorded while indexing
 * (constant time); undefined when either element was never indexed (then the caller climbs the tree).
 */
export function spanContains(outer: Element, inner: Element): boolean | undefined {
  const start = (outer as Indexed)[POSITION];
  const at = (inner as Indexed)[POSITION];
  if (start === undefined || at === undefined) return undefined;
  return at >= start && at < (outer as Indexed)[END]!;
}

/** Lists `root` and the elements under it in document order; with `mark`, records their positions. */
function walkElements(root: AnyNode, mark: boolean): Element[] {
  const elements: Element[] = [];
  const visit = (node: AnyNode): void => {
    const el = isElementNode(node) ? (node as Indexed) : null;
    if (el) {
      if (mark) el[POSITION] = elements.length;
      elements.push(el);
    }
    const children = (node as { children?: AnyNode[] }).children;
    if (children) for (const child of children) visit(child);
    if (el && mark) el[END] = elements.length;
  };
  visit(root);
  return elements;
}

const PARSE_OPTIONS = { xmlMode: false, decodeEntities: true };

/*
 * Garbage. Extraction allocates about 7 MB per page, nearly all of it dead once the page's result is out. V8
 * collects the young generation by copying what is still reachable, and counts every old-generation object as
 * reachable until the next full collection. So a long-lived object pointing at a page keeps that page's whole tree
 * alive through each young collection: every such collection then promoted all the pages read since the last one,
 * 14-27 MB at a time, about a sixth of all extraction time. Three things did that:
 *   - cheerio's `load`, which defines a class and copies a dozen closures onto a new function on every call;
 *   - a module-level WeakMap from each page's `$` to its index;
 *   - closures stored in a per-page object's property (`result.x = () => tree…`).
 * (6 pages read, then a young collection: 14-19 MB survived, against 2-3.5 MB now.) Pages therefore get their `$`
 * from one loader made once (below), the page index is kept on that `$`, and layers store elements, not closures,
 * in their results. V8's allocation-site pretenuring does the same on its own: once it decides that a site's objects
 * live long (as a page's index maps do while the page is read) it allocates them in the old generation, where each
 * dead one keeps its page's young nodes alive; processes that extract pages turn it off (`src/util/v8-tuning.ts`).
 * `test/extraction/page-garbage.test.ts` checks that read pages do not outlive a young collection.
 */

/** The one cheerio loader: its statics and selection engine serve every page; each page passes its own root. */
const LOADER = load('', { xml: PARSE_OPTIONS });

/**
 * The `$` of one page: `$(selector, context)` selects within this page's document, and every static of cheerio's
 * API (`$.root()`, `$.html()`, …) is inherited from the shared loader, reading this page's root from `_root` as
 * cheerio's own statics do. Equivalent to `load(root)` for everything the layers call, without its per-call class.
 */
function cheerioFor(root: Document): CheerioAPI {
  const $ = ((selector?: unknown, context?: unknown) =>
    (LOADER as unknown as (s: unknown, c: unknown, r: Document) => unknown)(selector, context, root)) as unknown as CheerioAPI;
  Object.setPrototypeOf($, LOADER);
  (($ as unknown) as { _root: Document })._root = root;
  return $;
}

/**
 * Parses a page the way cheerio's `load(html, { xml: { xmlMode: false, decodeEntities: true } })` does
 * (htmlparser2, same options, same tree; its tokenizer skips runs of plain characters and attributes are kept in
 * prototype-less objects, see fast-parser.ts) and
 * indexes its elements while the tree is built.
 */
export function parsePage(html: string): CheerioAPI {
  const handler = new IndexingHandler(undefined, PARSE_OPTIONS);
  new FastParser(handler, PARSE_OPTIONS).end(html);
  const $ = cheerioFor(handler.root);
  // Moving a body-less page's content out of <head> inserts one element: positions are then marked anew.
  const moved = !handler.elements.some((el) => el.name === 'body') && ensureBody($);
  ($ as Indexable)[INDEX] = new PageIndex($, moved ? undefined : handler.elements, handler.carrying);
  return $;
}

const HEAD_CONTENT = new Set(['meta', 'title', 'link', 'style', 'script', 'base', 'noscript', 'template']);

/**
 * A saved page without `<body>` or `</head>` (an excerpt) leaves its whole
 * content inside `<head>` for htmlparser2, where the layers never look. A
 * browser closes the head at the first element that is not head content;
 * this does the same, moving that element and everything after it into a
 * body. True when it moved anything (the element order changed).
 */
function ensureBody($: CheerioAPI): boolean {
  const head = $('head').first();
  const nodes = head.contents().toArray();
  const at = nodes.findIndex((n) => n.type === 'tag' && !HEAD_CONTENT.has(n.name));
  if (at < 0) return false;
  const body = $('<body></body>');
  head.after(body);
  body.append(nodes.slice(at));
  return true;
}

export class PageIndex {
  /** Every element of the document in document (pre-)order. */
  readonly elements: Element[];
  private tags: Map<string, Element[]> | undefined;
  private ids: Map<string, Element[]> | undefined;
  private classes: Map<string, Element[]> | undefined;
  private readonly selections = new Map<string, Element[]>();
  private readonly memo = new Map<string, unknown>();

  constructor(private readonly $: CheerioAPI, elements?: Element[], private readonly carrying = new Map<string, Element[]>()) {
    const root = $.root()[0];
    this.elements = elements ?? (root ? walkElements(root, true) : []);
  }

  private byName(): Map<string, Element[]> {
    if (!this.tags) {
      this.tags = new Map();
      for (const el of this.elements) {
        const list = this.tags.get(el.name);
        if (list) list.push(el);
        else this.tags.set(el.name, [el]);
      }
    }
    return this.tags;
  }

  private byId(id: string): Element[] {
    if (!this.ids) {
      this.ids = new Map();
      for (const el of this.elements) {
        const value = el.attribs['id'];
        if (value === undefined) continue;
        const same = this.ids.get(value);
        if (same) same.push(el);
        else this.ids.set(value, [el]);
      }
    }
    return this.ids.get(id) ?? [];
  }

  /** Elements with this tag name, in document order. */
  byTag(name: string): Element[] {
    return this.byName().get(name.toLowerCase()) ?? [];
  }

  /** The element's descendants (not itself), in document order. */
  descendants(el: Element): Element[] {
    const start = (el as Indexed)[POSITION];
    const end = (el as Indexed)[END];
    if (start === undefined || end === undefined || this.elements[start] !== el) return walkElements(el, false).slice(1);
    return this.elements.slice(start + 1, end);
  }

  /** What `$(selector).toArray()` returns, computed once per page. */
  select(selector: string): Element[] {
    let found = this.selections.get(selector);
    if (!found) {
      found = this.query(selector);
      this.selections.set(selector, found);
    }
    return found;
  }

  /** What `$(el).find(selector).toArray()` returns. */
  find(el: Element, selector: string): Element[] {
    if (TAG_LIST.test(selector)) {
      const names = new Set(selector.split(',').map((s) => s.trim().toLowerCase()));
      return this.descendants(el).filter((e) => names.has(e.name));
    }
    // One compound (`td:first-child`, `[class*="title"]`): a descendant matches on its own, wherever `el` is.
    const test = SINGLE_COMPOUND(selector) ? compiledTest(selector.trim()) : null;
    if (test) return this.descendants(el).filter(test);
    return this.$(el).find(selector).toArray() as Element[];
  }

  /** A per-page memo for values derived from the document (title element, meta tags …). */
  remember<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  private query(selector: string): Element[] {
    if (TAG_LIST.test(selector)) {
      const names = [...new Set(selector.split(',').map((s) => s.trim().toLowerCase()))];
      if (names.length === 1) return this.byTag(names[0]!).slice();
      const wanted = new Set(names);
      return this.elements.filter((e) => wanted.has(e.name));
    }
    const attribute = ATTRIBUTE_PRESENT.exec(selector);
    if (attribute) {
      const name = attribute[1]!.toLowerCase();
      return this.carrying.get(name)?.slice() ?? this.elements.filter((e) => e.attribs[name] !== undefined);
    }
    const test = compiledTest(selector);
    if (!test) return this.$(selector).toArray() as Element[];
    const id = LEADING_ID.exec(selector);
    // Without sibling combinators or a selector list, every match lies inside an element carrying that id.
    if (id && !/[+~,]/.test(selector)) {
      const roots = this.byId(id[1]!.replace(/\\(.)/g, '$1'));
      if (roots.length === 0) return [];
      const pool = new Set<Element>();
      for (const r of roots) {
        pool.add(r);
        for (const d of this.descendants(r)) pool.add(d);
      }
      return [...pool].sort((a, b) => (a as Indexed)[POSITION]! - (b as Indexed)[POSITION]!).filter(test);
    }
    const pool = this.subjectPool(selector);
    return (pool ?? this.elements).filter(test);
  }

  /**
   * Elements that can be the subject of the selector (the last compound of each part names its tag, a class or a
   * listed attribute), in document order, or null when the selector says too little: a smaller list to test than
   * every element.
   */
  private subjectPool(selector: string): Element[] | null {
    const subjects = subjectsOf(selector);
    if (!subjects) return null;
    const pools: Element[][] = [];
    for (const s of subjects) {
      const byAttribute = s.attributes.map((name) => this.carrying.get(name)).find((list) => list !== undefined);
      const pool = s.tag ? this.byTag(s.tag) : s.className ? this.byClass(s.className) : byAttribute;
      if (!pool) return null;
      pools.push(pool);
    }
    if (pools.length === 1) return pools[0]!;
    return [...new Set(pools.flat())].sort((a, b) => (a as Indexed)[POSITION]! - (b as Indexed)[POSITION]!);
  }

  /** Elements whose class list holds this class, in document order (the class index is built on first use). */
  private byClass(name: string): Element[] {
    if (!this.classes) {
      this.classes = new Map();
      for (const el of this.elements) {
        const value = el.attribs['class'];
        if (!value) continue;
        // Split on every kind of space: a superset of the tokens css-select's class test accepts. A class named twice
        // on one element is listed once (the element is then already last in its list).
        for (const token of value.split(/\s+/)) {
          if (!token) continue;
          const list = this.classes.get(token);
          if (!list) this.classes.set(token, [el]);
          else if (list[list.length - 1] !== el) list.push(el);
        }
      }
    }
    return this.classes.get(name) ?? [];
  }
}

/**
 * What the last compound of each part of a selector list requires of the element it selects: its tag name, a
 * class, attributes. Null when the selector is beyond this simple reading (escapes, namespaces, unbalanced
 * brackets).
 */
function subjectsOf(selector: string): Array<{ tag?: string; className?: string; attributes: string[] }> | null {
  if (/[\\|]/.test(selector)) return null;
  let plain = selector.replace(/"[^"]*"|'[^']*'/g, '""');
  for (let before = ''; before !== plain;) {
    before = plain;
    // Keep the name of an attribute the element must carry (`[role="button"]` → `[role]`); `!=` matches without it.
    plain = plain.replace(/\([^()]*\)/g, '').replace(/\[\s*([^\s~|^$*!=[\]]*)\s*(!?)[^[\]]*\]/g, (_, name: string, not: string) => (not ? '[]' : `[${name}]`));
  }
  if (/[()"']/.test(plain) || /\[[^\]]*\[|\][^[]*\]/.test(plain)) return null;
  return plain.split(',').map((part) => {
    const last = part.trim().split(/\s*[>+~]\s*|\s+/).pop() ?? '';
    const tag = /^[a-z][a-z0-9-]*/i.exec(last)?.[0]?.toLowerCase();
    const className = /\.(-?[_a-z][\w-]*)/i.exec(last)?.[1];
    const attributes = [...last.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!.toLowerCase());
    return { ...(tag ? { tag } : {}), ...(className ? { className } : {}), attributes };
  });
}

/**
 * The page's index lives on its `$`, not in a module-level WeakMap: a long-lived WeakMap's entries kept every page's
 * `$` and index (and through them its tree) alive through young collections (see "Garbage" above).
 */
const INDEX = Symbol('page index');
type Indexable = CheerioAPI & { [INDEX]?: PageIndex };

/** The page's shared index, built on first use. */
export function pageIndex($: CheerioAPI): PageIndex {
  return ((($ as Indexable)[INDEX]) ??= new PageIndex($));
}
