/**
 * `npx tsx bench/inprice-check.ts <inprice-parser-checkout> [--list]`: a wide check of the extractor against another
 * project's expectations. inprice/parser (GitHub, commit 9632c669f10fbac5bdda32a08e816d5756d9209f) kept ~370 saved
 * product pages of 60 shops in 10 countries (`src/test/resources/websites/<cc>/<site>_<n>.html`) with JUnit tests
 * asserting each page's status (AVAILABLE / NOT_AVAILABLE), price, sku and name as its own site-specific parsers read
 * them. Those are that project's conventions (an eBay item number as sku, a converted price, a brand-less name), not
 * ours, so the figures are for finding classes of mistakes across many shops, not a score: the pages of
 * `fixtures/real*` that came from it are left out when they sit in `fixtures/real-holdout` (blind).
 *
 *   git -C <mirror> worktree add /tmp/inprice 9632c669f10fbac5bdda32a08e816d5756d9209f   (after the `fetch` tool)
 *   npx tsx bench/inprice-check.ts /tmp/inprice --list
 *
 * Prints matches per field and, with --list, every mismatch. Asserts nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractProduct, type ExtractedProduct } from '../src/extraction/index.js';
import { decodePage } from '../src/util/decode-page.js';

const [checkout, ...flags] = process.argv.slice(2);
if (!checkout || !existsSync(join(checkout, 'src/test/java'))) {
  process.stderr.write('usage: tsx bench/inprice-check.ts <checkout of inprice/parser at 9632c66> [--list]\n');
  process.exit(2);
}
const ROOT = resolve(import.meta.dirname, '..');
const testsDir = join(checkout, 'src/test/java/io/inprice/parser/websites');
const pagesDir = join(checkout, 'src/test/resources/websites');

/** Pages of the blind holdout that came from inprice/parser: never looked at here. */
function blindPaths(): Set<string> {
  const dir = join(ROOT, 'fixtures/real-holdout');
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.expected.json'))) {
    const source = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { source?: { repo?: string; path?: string } }).source;
    if (source?.repo === 'inprice/parser' && source.path) out.add(source.path.replace(/^.*websites\//, ''));
  }
  return out;
}

const TLD: Record<string, string> = { au: 'com.au', ca: 'ca', de: 'de', es: 'es', fr: 'fr', it: 'it', nl: 'nl', tr: 'com.tr', uk: 'co.uk', us: 'com' };

interface Row { rel: string; status?: string; price?: string; sku?: string; name?: string; got: ExtractedProduct }

/** The string literals of `assertEquals("…" + "…", link.getX())`. */
function expected(block: string, getter: string): string | undefined {
  const m = new RegExp(`assertEquals\\(\\s*((?:"(?:[^"\\\\]|\\\\.)*"\\s*\\+?\\s*)+),\\s*link\\.get${getter}\\(\\)`, 's').exec(block);
  return m ? [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('').replace(/\\"/g, '"') : undefined;
}

const blind = blindPaths();
const rows: Row[] = [];
for (const cc of readdirSync(testsDir).filter((d) => /^[a-z]{2}$/.test(d))) {
  for (const file of readdirSync(join(testsDir, cc))) {
    const site = /^(.+)_[A-Z]{2}_Test\.java$/.exec(file)?.[1]?.toLowerCase();
    if (!site) continue;
    for (const block of readFileSync(join(testsDir, cc, file), 'utf8').split(/public void test_product_/).slice(1)) {
      const n = /^(\d+)/.exec(block)?.[1];
      const rel = `${cc}/${site}_${n}.html`;
      const path = join(pagesDir, rel);
      if (!n || !existsSync(path) || blind.has(rel)) continue;
      const html = decodePage(readFileSync(path));
      const canonical = /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)/i.exec(html)?.[1] ??
        /property=["']og:url["'][^>]*content=["']([^"']+)/i.exec(html)?.[1];
      const url = canonical && /^https?:\/\//.test(canonical) ? canonical : `https://www.${site}.${TLD[cc] ?? 'com'}/p/${n}`;
      rows.push({
        rel, status: /assertEquals\(LinkStatus\.([A-Z_]+)/.exec(block)?.[1], price: expected(block, 'Price'), sku: expected(block, 'Sku'),
        name: expected(block, 'Name'), got: extractProduct(html, { url }),
      });
    }
  }
}

const IN = new Set(['InStock', 'LimitedAvailability', 'OnlineOnly', 'BackOrder', 'PreOrder']);
const OUT = new Set(['OutOfStock', 'SoldOut', 'Discontinued']);
const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
const tally = { price: [0, 0], availability: [0, 0], oosOnAvailable: 0, sku: [0, 0], name: [0, 0] };
const misses: string[] = [];
for (const r of rows) {
  if (r.status !== 'AVAILABLE' && r.status !== 'NOT_AVAILABLE') continue;
  const g = r.got;
  if (r.price !== undefined && Number(r.price) > 0) {
    tally.price[1]++;
    if (g.price !== null && Math.abs(Number(g.price) - Number(r.price)) < 0.006) tally.price[0]++;
    else misses.push(`price  ${r.rel}: ${r.price} expected, ${g.price ?? 'none'} ${g.currency ?? ''} (${g.provenance.price ?? '-'})`);
  }
  tally.availability[1]++;
  const ok = r.status === 'AVAILABLE' ? IN.has(g.availability ?? '') : OUT.has(g.availability ?? '');
  if (ok) tally.availability[0]++;
  else misses.push(`avail  ${r.rel}: ${r.status} expected, ${g.availability ?? 'none'} (${g.provenance.availability ?? '-'})`);
  if (r.status === 'AVAILABLE' && OUT.has(g.availability ?? '')) tally.oosOnAvailable++;
  if (r.sku) {
    tally.sku[1]++;
    if (g.sku?.toLowerCase() === r.sku.toLowerCase()) tally.sku[0]++;
    else misses.push(`sku    ${r.rel}: ${r.sku} expected, ${g.sku ?? 'none'}`);
  }
  if (r.name) {
    tally.name[1]++;
    if (g.name && norm(g.name) === norm(r.name)) tally.name[0]++;
    else misses.push(`name   ${r.rel}: ${JSON.stringify(r.name)} expected, ${JSON.stringify(g.name)} (${g.provenance.name ?? '-'})`);
  }
}
const pct = ([ok, all]: number[]): string => `${ok}/${all} (${((ok! / all!) * 100).toFixed(1)} %)`;
process.stdout.write(`inprice/parser pages checked: ${rows.length} (blind-holdout pages left out: ${blind.size})\n` +
  `price ${pct(tally.price)}, availability ${pct(tally.availability)} (OutOfStock claimed on an available page: ${tally.oosOnAvailable}), ` +
  `sku ${pct(tally.sku)}, name exact ${pct(tally.name)}\n`);
if (flags.includes('--list')) process.stdout.write(`${misses.sort().join('\n')}\n`);
