/**
 * `extract` command: one page from a URL or a file, or many pages as JSON
 * lines `{"url", "htmlPath"}` read from disk without any network access.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { extractProduct, type ExtractedProduct } from '../extraction/index.js';
import { decodePage } from '../util/decode-page.js';
import { runJsonl } from './jsonl.js';

/**
 * Handles one job line: `{"url","htmlPath"}` (a saved page, decoded in the charset it declares) or `{"url","html"}`
 * (the page's text inline, as a crawler would pipe it). Throws with a readable message on bad input.
 */
export function extractJob(value: unknown): ExtractedProduct {
  if (typeof value !== 'object' || value === null) throw new Error('line must be a JSON object');
  const job = value as { url?: unknown; htmlPath?: unknown; html?: unknown };
  if (typeof job.html === 'string') {
    if (typeof job.url !== 'string' || !job.url) throw new Error('missing "url" (a page given inline needs its address)');
    return extractProduct(job.html, { url: job.url });
  }
  if (typeof job.htmlPath !== 'string' || !job.htmlPath) throw new Error('missing "htmlPath" (or "html" with the page inline)');
  const path = resolve(job.htmlPath);
  const url = typeof job.url === 'string' && job.url ? job.url : pathToFileURL(path).href;
  let html: string;
  try {
    html = decodePage(readFileSync(path));
  } catch (err) {
    throw new Error(`cannot read ${job.htmlPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return extractProduct(html, { url });
}

export function extractJsonl(input: Readable, output: Writable): Promise<number> {
  return runJsonl(input, output, extractJob);
}

/** Extracts one page given as http(s) URL (plain fetch, no browser) or a local file. */
export async function extractOne(target: string, pageUrl: string | undefined): Promise<ExtractedProduct> {
  if (/^https?:\/\//i.test(target)) {
    const response = await fetch(target, { headers: { 'user-agent': 'Mozilla/5.0 (price-collector extract CLI)', accept: 'text/html' } });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${target}`);
    const html = decodePage(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type'));
    return extractProduct(html, { url: pageUrl ?? response.url ?? target });
  }
  const path = resolve(target);
  let html: string;
  try {
    html = decodePage(readFileSync(path));
  } catch (err) {
    throw new Error(`cannot read ${target}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return extractProduct(html, { url: pageUrl ?? pathToFileURL(path).href });
}
