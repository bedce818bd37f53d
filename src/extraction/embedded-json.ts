/**
 * Collects the JSON state pages ship to their client code: `__NEXT_DATA__`,
 * Nuxt's `__NUXT_DATA__` (devalue format, unflattened here), JSON script tags,
 * `window.__INITIAL_STATE__ = {...}`-style assignments and widget state in
 * `data-state` attributes. Each blob is named so adapters can address it.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { textContent } from 'domutils';
import { parseLenientJson, sliceBalanced } from './json-parse.js';
import { pageIndex } from './page-index.js';

export interface StateBlob {
  /** `#__NEXT_DATA__`, `window.__INITIAL_STATE__`, `data-state#state-webPrice-1`, `script#3`. */
  name: string;
  data: unknown;
}

const ASSIGNMENT = /(?:window|self|globalThis)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])\s*=|(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=/g;
const MAX_SCRIPT = 5_000_000;
const STATE_NAME = /state|data|props|product|params|item|sku|offer|price|page/i;

/** Rebuilds the object graph of Nuxt 3's devalue payload (an index-referencing array). */
export function unflattenDevalue(payload: unknown): unknown {
  if (!Array.isArray(payload)) return payload;
  const cache = new Map<number, unknown>();
  const hydrate = (index: number, depth: number): unknown => {
    if (typeof index !== 'number' || index < 0 || depth > 60) return undefined;
    if (cache.has(index)) return cache.get(index);
    const v: unknown = payload[index];
    if (v === null || typeof v !== 'object') { cache.set(index, v); return v; }
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && ['Reactive', 'ShallowReactive', 'Ref', 'ShallowRef', 'EmptyRef', 'EmptyShallowRef'].includes(v[0])) {
        const inner = hydrate(v[1] as number, depth + 1);
        cache.set(index, inner);
        return inner;
      }
      if (typeof v[0] === 'string' && ['Date', 'Set', 'Map', 'RegExp', 'BigInt', 'null'].includes(v[0])) { cache.set(index, null); return null; }
      const arr: unknown[] = [];
      cache.set(index, arr);
      for (const i of v) arr.push(hydrate(i as number, depth + 1));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    cache.set(index, obj);
    for (const [k, i] of Object.entries(v as Record<string, unknown>)) obj[k] = hydrate(i as number, depth + 1);
    return obj;
  };
  return hydrate(0, 0);
}

/** Every parseable state blob on the page, in document order. */
export function collectStateBlobs($: CheerioAPI): StateBlob[] {
  const blobs: StateBlob[] = [];
  const index = pageIndex($);
  index.byTag('script').forEach((el, n) => {
    const type = (el.attribs['type'] ?? '').toLowerCase();
    if (type.includes('ld+json')) return;
    const text = textContent(el);
    if (!text || text.length > MAX_SCRIPT) return;
    const id = el.attribs['id'];
    if (type.includes('json')) {
      let data = parseLenientJson(text);
      if (id === '__NUXT_DATA__' || (Array.isArray(data) && el.attribs['data-nuxt-data'] !== undefined)) data = unflattenDevalue(data);
      if (data !== undefined) blobs.push({ name: id ? `#${id}` : `script#${n}`, data });
      return;
    }
    if (type && !type.includes('javascript') && !type.includes('module')) return;
    // Every assignment has an `=`: a script without one is not scanned.
    if (!text.includes('=')) return;
    for (const m of text.matchAll(ASSIGNMENT)) {
      const name = m[1] ?? m[2] ?? m[3]!;
      if (m[3] && !STATE_NAME.test(name)) continue;
      const literal = sliceBalanced(text, m.index + m[0].length);
      if (!literal || literal.length < 20) continue;
      const data = parseLenientJson(literal);
      if (data !== undefined) blobs.push({ name: `window.${name}`, data });
    }
  });
  for (const el of index.select('[data-state]')) {
    const data = parseLenientJson(el.attribs['data-state'] ?? '');
    if (data !== undefined) blobs.push({ name: `data-state#${el.attribs['id'] ?? ''}`, data });
  }
  return blobs;
}

/** Follows a dotted path with `[n]` indexes and `*` wildcards (first match wins). */
export function getPath(data: unknown, path: string): unknown {
  const parts = path.replace(/\[(\d+|\*)\]/g, '.$1').split('.').filter(Boolean);
  const walk = (value: unknown, i: number): unknown => {
    if (i === parts.length) return value;
    if (value === null || typeof value !== 'object') return undefined;
    const key = parts[i]!;
    if (key === '*') {
      for (const child of Object.values(value as Record<string, unknown>)) {
        const found = walk(child, i + 1);
        if (found !== undefined && found !== null) return found;
      }
      return undefined;
    }
    return walk((value as Record<string, unknown>)[key], i + 1);
  };
  return walk(data, 0);
}
