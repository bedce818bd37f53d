/**
 * `tsx bench/browser-isolation.ts`: what the egress proxy and per-task browser contexts cost. Loads a small
 * local page BENCH_LOADS times (default 120, 4 at a time) in each mode, in one run, and prints pages/s and the
 * ratio to the first mode. Asserts nothing.
 *   BENCH_OLD_POOL  optional path of a module exporting the pool as it was before contexts (one default
 *                   context, work(page) only); measured first and used as the baseline when given.
 */
import { BrowserPool, EgressProxy, fetchRenderedPage, type FetchPageOptions } from '../src/scraping/index.js';
import type { UrlPolicy } from '../src/security/index.js';
import { FixtureServer } from '../test/support/fixture-server.js';

const loads = Number(process.env.BENCH_LOADS ?? 120);
const CONCURRENCY = 4;
const policy: UrlPolicy = { allowPrivateTargets: true };
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Load = (i: number) => Promise<unknown>;

interface Mode {
  name: string;
  setUp(url: (i: number) => string): Promise<{ load: Load; tearDown: () => Promise<void> }>;
}

function fetchOptions(url: string): FetchPageOptions {
  return { url, policy, navigationTimeoutMs: 10_000, maxPageBytes: 1_000_000, renderWaitMs: 300 };
}

/** Pool of this branch; `keyOf` picks the context of load i; `proxied` routes Chromium through the egress proxy. */
function currentPool(name: string, proxied: boolean, keyOf: (i: number) => string): Mode {
  return {
    name,
    async setUp(url) {
      const egress = proxied ? new EgressProxy({ policy }) : undefined;
      await egress?.start();
      const pool = new BrowserPool({ executablePath, maxPages: CONCURRENCY, ...(egress ? { egress } : {}) });
      const load: Load = (i) =>
        pool.withPage((page, lease) => fetchRenderedPage(page, { ...fetchOptions(url(i)), ...(lease.egress ? { egress: lease.egress } : {}) }), undefined, {
          contextKey: keyOf(i),
        });
      return {
        load,
        tearDown: async () => {
          await pool.close();
          await egress?.stop();
        },
      };
    },
  };
}

interface OldPool {
  withPage<T>(work: (page: Parameters<typeof fetchRenderedPage>[0]) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function oldPool(path: string): Mode {
  return {
    name: 'before: default context, no proxy',
    async setUp(url) {
      const module = (await import(path)) as { BrowserPool: new (options: { executablePath: string; maxPages: number }) => OldPool };
      const pool = new module.BrowserPool({ executablePath, maxPages: CONCURRENCY });
      return { load: (i) => pool.withPage((page) => fetchRenderedPage(page, fetchOptions(url(i)))), tearDown: async () => pool.close() };
    },
  };
}

async function measure(mode: Mode, url: (i: number) => string): Promise<number> {
  const { load, tearDown } = await mode.setUp(url);
  try {
    for (let i = 0; i < CONCURRENCY; i++) await load(-1 - i); // launch and warm up
    let next = 0;
    const started = performance.now();
    const runner = async () => {
      for (let i = next++; i < loads; i = next++) await load(i);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, runner));
    return loads / ((performance.now() - started) / 1000);
  } finally {
    await tearDown();
  }
}

async function main(): Promise<void> {
  const shop = await new FixtureServer()
    .route('/item', (req, res) => {
      const i = new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? '0';
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `seen=${i}` });
      res.end(`<!doctype html><html><body><h1>Item ${i}</h1><div id="p"></div><script>p.textContent = '${i} ₽'</script></body></html>`);
    })
    .start();
  const url = (i: number) => `${shop.baseUrl}/item?i=${i}`;
  const modes: Mode[] = [
    ...(process.env.BENCH_OLD_POOL ? [oldPool(process.env.BENCH_OLD_POOL)] : []),
    currentPool('one context, no proxy', false, () => 'all'),
    currentPool('one context, proxy', true, () => 'all'),
    currentPool('context per 10 loads (a task), proxy', true, (i) => `task-${Math.floor(i / 10)}`),
    currentPool('context per load, proxy', true, (i) => `load-${i}`),
  ];
  try {
    let baseline: number | undefined;
    for (const mode of modes) {
      const rate = await measure(mode, url);
      baseline ??= rate;
      console.log(`${mode.name.padEnd(42)} ${rate.toFixed(1).padStart(6)} pages/s  ratio ${(rate / baseline).toFixed(2)}`);
    }
  } finally {
    await shop.stop();
  }
}

await main();
