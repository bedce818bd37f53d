/**
 * V8 settings for processes that extract product pages (the CLI, the worker, `npm start`, the extraction benchmark).
 *
 * Allocation-site pretenuring: V8 watches which allocation sites produce objects that survive young collections and
 * then allocates their objects straight in the old generation. Reading a page builds its tree and the page's index
 * maps together; while a page is read they all survive, so V8 soon pretenures the index maps. Once the page is done
 * they are dead, but an old-generation object counts as alive until the next full collection, and it still points
 * at the page's young nodes: every young collection then copied every page read since the previous one (6 pages,
 * then a young collection: 14-19 MB survived with pretenuring, 2-3.5 MB without; see page-index.ts, "Garbage").
 * Without it, objects that do live long are still promoted, after surviving young collections, as V8 did before
 * pretenuring existed.
 *
 * Set at run time, before any page is read (V8 reads the flag when it collects). `V8_PRETENURING=1` keeps V8's
 * default, to measure the difference.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function tuneV8ForExtraction(): void {
  if (applied || process.env['V8_PRETENURING'] === '1') return;
  setFlagsFromString('--no-allocation-site-pretenuring');
  applied = true;
}
