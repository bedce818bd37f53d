/**
 * Run by page-garbage.test.ts in its own process (`--expose-gc`, the V8 tuning of the CLI and worker applied):
 * how much of the pages just read survives young collections. Prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { extractJob } from '../../src/cli/extract-command.js';
import { parsePage } from '../../src/extraction/page-index.js';
import { decodePage } from '../../src/util/decode-page.js';
import { tuneV8ForExtraction } from '../../src/util/v8-tuning.js';

tuneV8ForExtraction();
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const dir = resolve(import.meta.dirname, '../../fixtures/real');
const files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
const jobs = files.map((f) => ({
  url: (JSON.parse(readFileSync(join(dir, f.replace(/\.html$/, '.expected.json')), 'utf8')) as { url: string }).url,
  htmlPath: join(dir, f),
}));
const measured = jobs.slice(0, 6);
const htmls = measured.map((j) => decodePage(readFileSync(j.htmlPath)));

/** Bytes in use outside the young generation. */
const oldBytes = (): number =>
  getHeapSpaceStatistics().filter((s) => s.space_name !== 'new_space').reduce((sum, s) => sum + s.space_used_size, 0);

/** What survives two young collections after `read`, starting from a fully collected heap (MB). */
function survivingYoung(read: () => void): number {
  gc!();
  gc!();
  const before = oldBytes();
  read();
  gc!({ type: 'minor' });
  gc!({ type: 'minor' });
  return (oldBytes() - before) / 1e6;
}

// Warm up: the code optimised, the caches filled, as in a worker that has run for a while.
for (const job of jobs.slice(0, 24)) extractJob(job);

const kept: unknown[] = [];
const keptTrees = survivingYoung(() => { for (const html of htmls) kept.push(parsePage(html)); });
kept.length = 0;
const droppedTrees = survivingYoung(() => { for (const html of htmls) parsePage(html); });
const droppedExtractions = survivingYoung(() => { for (const job of measured) extractJob(job); });
console.log(JSON.stringify({ pages: measured.length, keptTrees, droppedTrees, droppedExtractions }));
