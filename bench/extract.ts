/**
 * `npm run bench:extract`: speed of `extract --jsonl` (the CLI's bulk path, run in-process: job line → file read →
 * extraction → JSON line) over saved real pages. No stack, no network. Prints figures; asserts nothing.
 *
 *   --dir DIR      a folder of `NAME.html` (+ `NAME.expected.json` whose `url` is the page's address); repeatable.
 *                  Default: fixtures/real and fixtures/real-holdout (those that exist). Also BENCH_EXTRACT_DIRS
 *                  (folders separated by `:`).
 *   --passes N     measured passes after one warm-up pass (default 5, or BENCH_PASSES)
 *   --out FILE     writes the JSON lines of the last pass (input order), to diff results between versions
 *   --cold R       also runs the real CLI cold, as a user does, R times (default 3, or BENCH_COLD; 0: not at all):
 *                  `npm run cli -- extract --jsonl` (the `cli` script of package.json, started by `sh -c` with
 *                  node_modules/.bin on PATH, as npm starts it) fed every page's job line, timed from spawn to
 *                  exit; the same command on empty stdin (startup alone); and a cold baseline process
 *                  (`tsx bench/parse-only.ts`) that reads and parses the same pages, with its own startup.
 *                  Best and median of R, wall time and CPU time of the process tree (`times` of the shell).
 *   --passes 0     cold runs only
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
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runJsonl } from '../src/cli/jsonl.js';
import { extractJob } from '../src/cli/extract-command.js';
import { load } from 'cheerio/slim';
import { tuneV8ForExtraction } from '../src/util/v8-tuning.js';

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

/** One cold process: wall ms from spawn to exit, CPU ms of the whole process tree, what it printed. */
interface ColdRun {
  wallMs: number;
  cpuMs: number;
  stdout: string;
}

/**
 * Runs `command` through `sh -c` (as npm runs a script: package root as cwd, node_modules/.bin first on PATH),
 * feeding `input` on stdin. The shell's `times` gives the CPU time of everything it waited for.
 */
function runCold(command: string, input: string): Promise<ColdRun> {
  return new Promise((done, fail) => {
    const script = `${command}\nrc=$?\necho '@@times' >&2\ntimes >&2\nexit $rc`;
    const t0 = performance.now();
    const child = spawn('sh', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const [own, times = ''] = stderr.split('@@times\n');
      // `times`: the shell's own user/system, then its children's (e.g. `0m1.230000s 0m0.110000s`).
      const children = times.trim().split('\n').at(-1) ?? '';
      const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      if (code !== 0 || secs.length !== 2) {
        fail(new Error(`${command} exited with ${code}: ${own!.slice(-2000)}`));
        return;
      }
      done({ wallMs, cpuMs: (secs[0]! + secs[1]!) * 1000, stdout });
    });
    child.stdin.on('error', () => { /* reported by the exit code */ });
    child.stdin.end(input);
  });
}

interface ColdFigures {
  best: number;
  median: number;
  cpuBest: number;
  cpuMedian: number;
}

function coldFigures(runs: ColdRun[]): ColdFigures {
  const wall = runs.map((r) => r.wallMs).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
  return { best: wall[0]!, median: quantile(wall, 0.5), cpuBest: cpu[0]!, cpuMedian: quantile(cpu, 0.5) };
}

/** Whole run minus startup, figure by figure (best − best, median − median). */
function minus(a: ColdFigures, b: ColdFigures): ColdFigures {
  return { best: a.best - b.best, median: a.median - b.median, cpuBest: a.cpuBest - b.cpuBest, cpuMedian: a.cpuMedian - b.cpuMedian };
}

/** Cold processes, `repeat` times each, interleaved so that a noisy moment does not hit one kind only. */
async function coldRuns(pages: Page[], repeat: number): Promise<{ command: string; output: string; cli: ColdFigures; cliStartup: ColdFigures; parse: ColdFigures; parseStartup: ColdFigures }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = `${pkg.scripts['cli']} extract --jsonl`;
  const baseline = 'tsx bench/parse-only.ts';
  const input = pages.map((p) => `${JSON.stringify({ url: p.url, htmlPath: resolve(p.htmlPath) })}\n`).join('');
  const runs: Record<'cli' | 'cliStartup' | 'parse' | 'parseStartup', ColdRun[]> = { cli: [], cliStartup: [], parse: [], parseStartup: [] };
  for (let i = 0; i < repeat; i++) {
    runs.cli.push(await runCold(command, input));
    runs.parseStartup.push(await runCold(baseline, ''));
    runs.parse.push(await runCold(baseline, input));
    runs.cliStartup.push(await runCold(command, ''));
  }
  if (runs.parse.some((r) => r.stdout.trim() !== String(pages.length))) throw new Error('baseline process did not parse every page');
  return {
    command, output: runs.cli.at(-1)!.stdout,
    cli: coldFigures(runs.cli), cliStartup: coldFigures(runs.cliStartup),
    parse: coldFigures(runs.parse), parseStartup: coldFigures(runs.parseStartup),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = [...option(args, '--dir'), ...(process.env['BENCH_EXTRACT_DIRS']?.split(':').filter(Boolean) ?? [])];
  if (dirs.length === 0) dirs.push(...['fixtures/real', 'fixtures/real-holdout'].map((d) => join(ROOT, d)));
  const passes = Number(option(args, '--passes')[0] ?? process.env['BENCH_PASSES'] ?? 5);
  const coldRepeat = Number(option(args, '--cold')[0] ?? process.env['BENCH_COLD'] ?? 3);
  const pages = dirs.filter((d) => existsSync(d)).flatMap((d) => listPages(resolve(d)));
  if (pages.length === 0) {
    console.error(`no pages (*.html) in ${dirs.join(', ')}; give folders with --dir`);
    process.exit(2);
  }
  const sizes = pages.map((p) => p.bytes).sort((a, b) => a - b);
  const f = (x: number, d = 1): string => x.toFixed(d);
  const json = args.includes('--json');
  const figures: Record<string, unknown> = {
    pages: pages.length,
    totalMB: sizes.reduce((s, x) => s + x, 0) / 1e6,
    medianPageKB: quantile(sizes, 0.5) / 1e3,
    passes,
  };

  let inProcessOutput: string | undefined;
  if (passes > 0) {
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
    inProcessOutput = runs.at(-1)!.output;
    const out = option(args, '--out')[0];
    if (out) writeFileSync(out, inProcessOutput);

    // Pages per second of whole `extract --jsonl` passes (stream, serialisation and all): the best pass.
    const wallMs = Math.min(...runs.map((r) => r.totalMs));
    const ex = summary(runs, wallMs);
    const pa = summary(parse);
    const sc = summary(scan);
    const ratio = {
      extractOverParseMedian: ex.msMedian / pa.msMedian,
      extractOverParseTotal: pa.pagesPerSecond / ex.pagesPerSecond,
      extractOverParseCpu: pa.cpuPagesPerSecond / ex.cpuPagesPerSecond,
      extractOverScanMedian: ex.msMedian / sc.msMedian,
    };
    const slowest = runs.at(-1)!.perPage.map((ms, i) => ({ page: pages[i]!.name, ms })).sort((a, b) => b.ms - a.ms).slice(0, 5);
    Object.assign(figures, { extract: { ...ex, passMs: wallMs }, parseBaseline: pa, regexScanBaseline: sc, ratio, slowest });
    if (!json) {
      console.log(`extract --jsonl in-process on ${pages.length} pages (${f(figures['totalMB'] as number)} MB, median page ${f(figures['medianPageKB'] as number, 0)} KB), best of ${passes} passes after a warm-up`);
      const line = (label: string, x: Figures, d = 1): string =>
        `  ${label.padEnd(16)}${f(x.pagesPerSecond).padStart(7)} pages/s   median ${f(x.msMedian, d)} ms   p95 ${f(x.msP95, d)} ms   | CPU: ${f(x.cpuPagesPerSecond).padStart(7)} pages/s, median ${f(x.cpuMsMedian, d)} ms`;
      console.log(`${line('extraction', ex)}   (best pass ${f(wallMs, 0)} ms)`);
      console.log(`${line('baseline parse', pa)}   (read + cheerio load)`);
      console.log(`${line('baseline scan', sc, 2)}   (read + regex tag count)`);
      console.log(`  ratio extraction/parse: median ${f(ratio.extractOverParseMedian, 2)}×, whole pass ${f(ratio.extractOverParseTotal, 2)}×, CPU ${f(ratio.extractOverParseCpu, 2)}×; extraction/scan median ${f(ratio.extractOverScanMedian, 0)}×`);
      console.log(`  slowest pages (last pass): ${slowest.map((x) => `${x.page} ${f(x.ms)} ms`).join(', ')}`);
    }
  }

  if (coldRepeat > 0) {
    const cold = await coldRuns(pages, coldRepeat);
    const n = pages.length;
    const cliWork = minus(cold.cli, cold.cliStartup);
    const parseWork = minus(cold.parse, cold.parseStartup);
    const rate = (x: ColdFigures): { best: number; median: number; cpuBest: number; cpuMedian: number } =>
      ({ best: (n * 1000) / x.best, median: (n * 1000) / x.median, cpuBest: (n * 1000) / x.cpuBest, cpuMedian: (n * 1000) / x.cpuMedian });
    const ratio = {
      wholeBest: cold.cli.best / cold.parse.best, wholeMedian: cold.cli.median / cold.parse.median,
      wholeCpuMedian: cold.cli.cpuMedian / cold.parse.cpuMedian,
      exclStartupBest: cliWork.best / parseWork.best, exclStartupMedian: cliWork.median / parseWork.median,
      exclStartupCpuMedian: cliWork.cpuMedian / parseWork.cpuMedian,
    };
    const sameOutput = inProcessOutput === undefined ? undefined : cold.output === inProcessOutput;
    Object.assign(figures, {
      cold: {
        command: cold.command, runs: coldRepeat,
        cli: { ...cold.cli, pagesPerSecond: rate(cold.cli) }, cliStartup: cold.cliStartup,
        cliExclStartup: { ...cliWork, pagesPerSecond: rate(cliWork) },
        parse: { ...cold.parse, pagesPerSecond: rate(cold.parse) }, parseStartup: cold.parseStartup,
        parseExclStartup: { ...parseWork, pagesPerSecond: rate(parseWork) },
        ratio, sameOutputAsInProcess: sameOutput,
      },
    });
    if (!json) {
      const s = (ms: number): string => `${f(ms / 1000, 2)} s`;
      const line = (label: string, x: ColdFigures, withRate = true): string => {
        const r = rate(x);
        const pagesPart = withRate ? `   ${f(r.best).padStart(6)} / ${f(r.median).padStart(6)} pages/s` : ''.padEnd(27);
        return `  ${label.padEnd(26)}${s(x.best).padStart(8)} / ${s(x.median).padStart(8)}${pagesPart}   | CPU ${s(x.cpuBest)} / ${s(x.cpuMedian)}${withRate ? `, ${f(r.cpuBest)} / ${f(r.cpuMedian)} pages/s` : ''}`;
      };
      console.log(`cold whole process, ${n} pages, ${coldRepeat} runs of each, best / median: \`${cold.command}\``);
      console.log(line('CLI, whole run', cold.cli));
      console.log(line('CLI startup (empty stdin)', cold.cliStartup, false));
      console.log(line('CLI excl. startup', cliWork));
      console.log(line('parse process, whole run', cold.parse));
      console.log(line('parse process startup', cold.parseStartup, false));
      console.log(line('parse excl. startup', parseWork));
      console.log(`  ratio CLI/parse process: whole run ${f(ratio.wholeBest, 2)}× best, ${f(ratio.wholeMedian, 2)}× median (CPU ${f(ratio.wholeCpuMedian, 2)}×); excl. startup ${f(ratio.exclStartupBest, 2)}× best, ${f(ratio.exclStartupMedian, 2)}× median (CPU ${f(ratio.exclStartupCpuMedian, 2)}×)`);
      if (sameOutput === false) console.log('  WARNING: the cold CLI printed other lines than the in-process pass');
    }
  }
  if (json) console.log(JSON.stringify(figures));
}

tuneV8ForExtraction();
await main();
