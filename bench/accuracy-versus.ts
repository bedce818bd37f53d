/**
 * `npx tsx bench/accuracy-versus.ts <other-checkout> [corpus dirs…]`: scores another checkout's extractor (for
 * example the commit before a change: `git worktree add /tmp/before <commit>`) and this one on the same pages with
 * this checkout's scoring rules, and prints the F1 of each field side by side. Default corpora: fixtures/real and
 * fixtures/real-holdout of this checkout.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { computeCorpusAccuracy, type CorpusReport } from '../src/cli/accuracy.js';
import { extractProduct } from '../src/extraction/index.js';

const [other, ...dirs] = process.argv.slice(2);
if (!other) {
  process.stderr.write('usage: tsx bench/accuracy-versus.ts <other-checkout> [corpus-dir …]\n');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const corpora = dirs.length ? dirs.map((d) => resolve(d)) : [resolve(root, 'fixtures/real'), resolve(root, 'fixtures/real-holdout')];
const otherModule = (await import(pathToFileURL(resolve(other, 'src/extraction/index.ts')).href)) as { extractProduct: typeof extractProduct };

const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(6);
for (const dir of corpora) {
  const before: CorpusReport = computeCorpusAccuracy(dir, () => true, otherModule.extractProduct);
  const after: CorpusReport = computeCorpusAccuracy(dir, () => true, extractProduct);
  process.stdout.write(`\n${after.corpus}: ${after.pages} pages — F1 % (precision/recall in the accuracy command)\n`);
  process.stdout.write(`${'field'.padEnd(26)}  other   this\n`);
  const rows = (r: CorpusReport) => [...r.prices.fields, r.prices.total, r.characteristics.pairs, r.characteristics.full];
  const old = new Map(rows(before).map((r) => [r.field, r.f1]));
  for (const r of rows(after)) process.stdout.write(`${r.field.padEnd(26)} ${old.has(r.field) ? pct(old.get(r.field)!) : '     –'} ${pct(r.f1)}\n`);
}
