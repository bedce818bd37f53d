/**
 * Values derived from one node of a parsed page, kept on the node: its text, naming signature and zone verdicts
 * are asked for again and again by the DOM layers, and the tree is never modified after parsing, so none of them
 * can change. One property holding one object of a fixed shape (set to `undefined` on every element while the
 * page is parsed, see `page-index.ts`) keeps the nodes' own shape uniform, so property reads on nodes stay fast,
 * and costs far less than WeakMap entries. The memo goes away with the document.
 */
import type { AnyNode } from 'domhandler';

export interface NodeMemo {
  /** Whole visible text and how many characters the walk read. */
  visible: { text: string; read: number } | undefined;
  /** Whole text including hidden elements. */
  all: { text: string; read: number } | undefined;
  /** The last few visible texts cut at a limit (callers ask the same node with different limits), oldest first. */
  visibleCut: Array<{ text: string; limit: number }> | undefined;
  /** The last few texts including hidden elements cut at a limit, oldest first. */
  allCut: Array<{ text: string; limit: number }> | undefined;
  /** Lower-cased class, id and naming attributes (`nameSignature`). */
  signature: string | undefined;
  /** The naming marks a zone about other things (`EXCLUDED_CONTAINER`). */
  excludedName: boolean | undefined;
  /** The naming marks a zone whose stock words are not the product's (`STOCK_EXCLUDED_CONTAINER`). */
  excludedStockName: boolean | undefined;
  /** One of the few elements before it is a "related products" heading. */
  afterRelatedHeading: boolean | undefined;
}

const MEMO = Symbol('memo');
/** Whether (and how) the element is hidden by its own attributes or classes, as bits: asked of every element by every walk, so kept apart. */
const HIDDEN = Symbol('hidden');
type WithMemo = AnyNode & { [MEMO]?: NodeMemo; [HIDDEN]?: number };

/** The node's memo, created on first use. */
export function memoOf(node: AnyNode): NodeMemo {
  return ((node as WithMemo)[MEMO] ??= {
    visible: undefined, all: undefined, visibleCut: undefined, allCut: undefined,
    signature: undefined, excludedName: undefined, excludedStockName: undefined, afterRelatedHeading: undefined,
  });
}

/** The element's remembered visibility verdict, if judged already. */
export function knownHidden(node: AnyNode): number | undefined {
  return (node as WithMemo)[HIDDEN];
}

export function rememberHidden(node: AnyNode, hidden: number): number {
  return ((node as WithMemo)[HIDDEN] = hidden);
}

/** Gives the node its (empty) memo slots now, so that every element gets the same shape while the tree is built. */
export function reserveMemo(node: AnyNode): void {
  (node as WithMemo)[MEMO] = undefined;
  (node as WithMemo)[HIDDEN] = undefined;
}
