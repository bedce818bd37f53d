/**
 * `npm run bench:extract`: speed of `extract --jsonl` (the CLI's bulk path, run in-process: job line → file read →
 * extraction → JSON line) over saved real pages. No stack, no network. Prints figures; asserts nothing.
 *
 *   --dir DIR      a folder of `NAME.html` (+ `NAME.expected.json` whose `url` is the page's address); repeatable.
 *                  Default: fixtures/real and fixtures/real-holdout (those that exist). Also BENCH_EXTRACT_DIRS
 *                  (folders separated by `:`).
 *   --passes N     measured passes after one warm-up pass (default 5, or BENCH_PASSES)
 *   --out FILE     writes the JSON lines of the last pass (input order), to diff results between versions
 *   --json         prints the figures as one JSON object instead of text
 *
 * Machines are shared and noisy, so the same run also measures baselines on the same bytes: parsing each page into
 * a DOM with the parser the extractor uses (cheerio/slim's htmlparser2 with the extractor's options, without the
 * extractor's element index, so the baseline stays fixed while the extractor changes), and a plain regex scan
 * counting tags. The ratios
 * extraction / parse are comparable between runs and machines where absolute times are not. Each page's time is
 * the best of the passes; it is measured as wall time and as CPU time of this process (`process.cpuUsage`), which
 * other processes on a busy machine disturb less.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runJsonl } from '../src/cli/jsonl.js';
import { extractJob } from '../src/cli/extract-command.js';
import { load } from 'cheerio/slim';

interface Page {
  name: string;
  htmlPath: string;
  url: string;
  bytes: number;
}

const ROOT = resolve(import.meta.dirname, '..');

/** Parsing alone, as the extractor's `loadHtml` parses (same parser and options). */
const parseOnly = (html: string): unknown => load(html, { xml: { xmlMode: false, decodeEntities: true } });

function option(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((a, i) => { if (a === name && args[i + 1] !== undefined) values.push(args[i + 1]!); });
  return values;
}

function listPages(dir: string): Page[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const htmlPath = join(dir, f);
      const expectedPath = join(dir, `${f.slice(0, -'.html'.length)}.expected.json`);
      let url = pathToFileURL(htmlPath).href;
      if (existsSync(expectedPath)) {
        const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as { url?: unknown };
        if (typeof expected.url === 'string' && expected.url) url = expected.url;
      }
      return { name: `${basename(dir)}/${f}`, htmlPath, url, bytes: statSync(htmlPath).size };
    });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Collects everything written, as the CLI's stdout would receive it. */
class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface PassResult {
  totalMs: number;
  perPage: number[];
  cpuPerPage: number[];
  output: string;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall and CPU milliseconds of one call. */
function timed<T>(work: () => T, wall: number[], cpu: number[]): T {
  const t0 = performance.now();
  const c0 = cpuMs();
  try {
    return work();
  } finally {
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
  }
}

/** One pass of `extract --jsonl` over all pages; each job is timed where the CLI runs it. */
async function extractPass(pages: Page[]): Promise<PassResult> {
  const lines = pages.map((p) => `${JSON.stringify({ url: p.url, htmlPath: p.htmlPath })}\n`);
  const perPage: number[] = [];
  const cpuPerPage: number[] = [];
  const sink = new Sink();
  const t0 = performance.now();
  await runJsonl(Readable.from(lines), sink, (job) => timed(() => extractJob(job), perPage, cpuPerPage));
  return { totalMs: performance.now() - t0, perPage, cpuPerPage, output: sink.text };
}

/** Per-page times of a baseline applied to the page's text, file read included like the CLI's. */
function baselinePass(pages: Page[], work: (html: string) => unknown): { perPage: number[]; cpuPerPage: number[] } {
  const perPage: number[] = [];
  const cpuPerPage: number[] = [];
  for (const p of pages) timed(() => work(readFileSync(p.htmlPath, 'utf8')), perPage, cpuPerPage);
  return { perPage, cpuPerPage };
}

interface Figures {
  pagesPerSecond: number;
  msMedian: number;
  msP95: number;
  /** Pages per second of CPU time (one core), from the per-page best CPU times. */
  cpuPagesPerSecond: number;
  cpuMsMedian: number;
}

function summary(passes: Array<{ perPage: number[]; cpuPerPage: number[] }>, wallMs?: number): Figures {
  // Per page, the best of the passes (least disturbed by other load); then median and p95 over pages.
  const best = (pick: (p: { perPage: number[]; cpuPerPage: number[] }) => number[]): number[] =>
    pick(passes[0]!).map((_, i) => Math.min(...passes.map((pass) => pick(pass)[i]!)));
  const wall = best((p) => p.perPage);
  const cpu = best((p) => p.cpuPerPage);
  const sorted = [...wall].sort((a, b) => a - b);
  const totalMs = wallMs ?? Math.min(...passes.map((pass) => pass.perPage.reduce((s, x) => s + x, 0)));
  const cpuTotal = cpu.reduce((s, x) => s + x, 0);
  return {
    pagesPerSecond: (wall.length * 1000) / totalMs, msMedian: quantile(sorted, 0.5), msP95: quantile(sorted, 0.95),
    cpuPagesPerSecond: (cpu.length * 1000) / cpuTotal, cpuMsMedian: quantile([...cpu].sort((a, b) => a - b), 0.5),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = [...option(args, '--dir'), ...(process.env['BENCH_EXTRACT_DIRS']?.split(':').filter(Boolean) ?? [])];
  if (dirs.length === 0) dirs.push(...['fixtures/real', 'fixtures/real-holdout'].map((d) => join(ROOT, d)));
  const passes = Number(option(args, '--passes')[0] ?? process.env['BENCH_PASSES'] ?? 5);
  const pages = dirs.filter((d) => existsSync(d)).flatMap((d) => listPages(resolve(d)));
  if (pages.length === 0) {
    console.error(`no pages (*.html) in ${dirs.join(', ')}; give folders with --dir`);
    process.exit(2);
  }

  await extractPass(pages); // warm-up: JIT, file cache
  baselinePass(pages, parseOnly);
  const runs: PassResult[] = [];
  const parse: Array<{ perPage: number[]; cpuPerPage: number[] }> = [];
  const scan: Array<{ perPage: number[]; cpuPerPage: number[] }> = [];
  for (let i = 0; i < passes; i++) {
    runs.push(await extractPass(pages));
    parse.push(baselinePass(pages, parseOnly));
    scan.push(baselinePass(pages, (html) => html.match(/<[a-zA-Z!/]/g)?.length ?? 0));
  }
  const out = option(args, '--out')[0];
  if (out) writeFileSync(out, runs.at(-1)!.output);

  const sizes = pages.map((p) => p.bytes).sort((a, b) => a - b);
  // Pages per second of whole `extract --jsonl` passes (stream, serialisation and all): the best pass.
  const wallMs = Math.min(...runs.map((r) => r.totalMs));
  const ex = summary(runs, wallMs);
  const pa = summary(parse);
  const sc = summary(scan);
  const figures = {
    pages: pages.length,
    totalMB: sizes.reduce((s, x) => s + x, 0) / 1e6,
    medianPageKB: quantile(sizes, 0.5) / 1e3,
    passes,
    extract: { ...ex, passMs: wallMs },
    parseBaseline: pa,
    regexScanBaseline: sc,
    ratio: {
      extractOverParseMedian: ex.msMedian / pa.msMedian,
      extractOverParseTotal: pa.pagesPerSecond / ex.pagesPerSecond,
      extractOverParseCpu: pa.cpuPagesPerSecond / ex.cpuPagesPerSecond,
      extractOverScanMedian: ex.msMedian / sc.msMedian,
    },
    slowest: runs.at(-1)!.perPage.map((ms, i) => ({ page: pages[i]!.name, ms })).sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
  if (args.includes('--json')) {
    console.log(JSON.stringify(figures));
    return;
  }
  const f = (x: number, d = 1): string => x.toFixed(d);
  console.log(`extract --jsonl on ${figures.pages} pages (${f(figures.totalMB)} MB, median page ${f(figures.medianPageKB, 0)} KB), best of ${passes} passes after a warm-up`);
  const line = (label: string, x: Figures, d = 1): string =>
    `  ${label.padEnd(16)}${f(x.pagesPerSecond).padStart(7)} pages/s   median ${f(x.msMedian, d)} ms   p95 ${f(x.msP95, d)} ms   | CPU: ${f(x.cpuPagesPerSecond).padStart(7)} pages/s, median ${f(x.cpuMsMedian, d)} ms`;
  console.log(`${line('extraction', ex)}   (best pass ${f(wallMs, 0)} ms)`);
  console.log(`${line('baseline parse', pa)}   (read + cheerio load)`);
  console.log(`${line('baseline scan', sc, 2)}   (read + regex tag count)`);
  console.log(`  ratio extraction/parse: median ${f(figures.ratio.extractOverParseMedian, 2)}×, whole pass ${f(figures.ratio.extractOverParseTotal, 2)}×, CPU ${f(figures.ratio.extractOverParseCpu, 2)}×; extraction/scan median ${f(figures.ratio.extractOverScanMedian, 0)}×`);
  console.log(`  slowest pages (last pass): ${figures.slowest.map((s) => `${s.page} ${f(s.ms)} ms`).join(', ')}`);
}

await main();
