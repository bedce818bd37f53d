/**
 * One index per parsed page, shared by every layer. A page is parsed once
 * (`loadHtml`); the first layer that asks walks the tree once and records
 * every element in document order, by tag name and by id, with the span of
 * its subtree in that order. Selector queries are then answered from the
 * index (tag lists, attribute presence, `#id …` within the id's subtree,
 * anything else by testing the compiled selector on the element list) and
 * remembered, so the layers asking for `h1`, `script` or `meta` share one
 * answer instead of each scanning the whole document again.
 *
 * Answers are exactly those of `$(selector).toArray()` / `$(el).find(selector)`:
 * same elements, document order, no duplicates. Selectors that css-select
 * cannot compile alone (cheerio's positional pseudos) fall back to cheerio.
 * The index assumes the document is not modified after it was built; no
 * layer modifies it.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { compile } from 'css-select';
import type { AnyNode, Element } from 'domhandler';

type Test = (el: Element) => boolean;

const TAG_LIST = /^\s*[a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*\s*$/i;
const ATTRIBUTE_PRESENT = /^\s*\[\s*([^\s"'>/=\]]+)\s*\]\s*$/;
/** A selector whose first compound names an id (`#a .b`, `input#ASIN`): matches lie in that element's subtree. */
const LEADING_ID = /^\s*[a-z0-9-]*#((?:[\w-]|\\.)+)(?=$|[\s.[:>+~])/i;

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

function isElementNode(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export class PageIndex {
  /** Every element of the document in document (pre-)order. */
  readonly elements: Element[] = [];
  private readonly position = new Map<Element, number>();
  /** Position just after the element's last descendant. */
  private readonly subtreeEnd = new Map<Element, number>();
  private readonly tags = new Map<string, Element[]>();
  private readonly ids = new Map<string, Element[]>();
  private readonly selections = new Map<string, Element[]>();
  private readonly memo = new Map<string, unknown>();

  constructor(private readonly $: CheerioAPI) {
    const root = $.root()[0];
    if (root) this.walk(root);
  }

  private walk(root: AnyNode): void {
    // Iterative pre-order walk: deep pages must not exhaust the call stack.
    const stack: Array<{ node: AnyNode; exit: boolean }> = [{ node: root, exit: false }];
    while (stack.length) {
      const { node, exit } = stack.pop()!;
      if (exit) {
        this.subtreeEnd.set(node as Element, this.elements.length);
        continue;
      }
      if (isElementNode(node)) {
        this.position.set(node, this.elements.length);
        this.elements.push(node);
        const list = this.tags.get(node.name);
        if (list) list.push(node);
        else this.tags.set(node.name, [node]);
        const id = node.attribs['id'];
        if (id !== undefined) {
          const same = this.ids.get(id);
          if (same) same.push(node);
          else this.ids.set(id, [node]);
        }
        stack.push({ node, exit: true });
      }
      const children = (node as { children?: AnyNode[] }).children;
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, exit: false });
    }
  }

  /** Elements with this tag name, in document order. */
  byTag(name: string): Element[] {
    return this.tags.get(name.toLowerCase()) ?? [];
  }

  /** The element's descendants (not itself), in document order. */
  descendants(el: Element): Element[] {
    const start = this.position.get(el);
    if (start === undefined) return [];
    return this.elements.slice(start + 1, this.subtreeEnd.get(el) ?? start + 1);
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
      return this.elements.filter((e) => e.attribs[name] !== undefined);
    }
    const test = compiledTest(selector);
    if (!test) return this.$(selector).toArray() as Element[];
    const id = LEADING_ID.exec(selector);
    // Without sibling combinators or a selector list, every match lies inside an element carrying that id.
    if (id && !/[+~,]/.test(selector)) {
      const roots = this.ids.get(id[1]!.replace(/\\(.)/g, '$1')) ?? [];
      if (roots.length === 0) return [];
      const pool = new Set<Element>();
      for (const r of roots) {
        pool.add(r);
        for (const d of this.descendants(r)) pool.add(d);
      }
      return [...pool].sort((a, b) => this.position.get(a)! - this.position.get(b)!).filter(test);
    }
    return this.elements.filter(test);
  }
}

const indexes = new WeakMap<CheerioAPI, PageIndex>();

/** The page's shared index, built on first use. */
export function pageIndex($: CheerioAPI): PageIndex {
  let index = indexes.get($);
  if (!index) {
    index = new PageIndex($);
    indexes.set($, index);
  }
  return index;
}
