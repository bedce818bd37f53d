/**
 * `npm run bench`: throughput and latency of the real pipeline on this machine (real PostgreSQL, Temporal,
 * Chromium, worker and API, local fixture shop). Prints figures; asserts nothing.
 *   BENCH_PAGES (default 200)  product pages in the throughput task
 *   BENCH_BIG_TASK (default 10000)  URLs in the submission-latency task
 */
import { startStack } from '../test/support/stack.js';
import { ApiClient } from '../test/support/api-client.js';
import { FixtureServer } from '../test/support/fixture-server.js';

const pages = Number(process.env.BENCH_PAGES ?? 200);
const bigTask = Number(process.env.BENCH_BIG_TASK ?? 10_000);

function productPage(i: number): string {
  return `<!doctype html><html><head><title>Item ${i}</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Item ${i}","sku":"SKU-${i}",
"offers":{"@type":"Offer","price":"${1000 + i}.00","priceCurrency":"RUB","availability":"https://schema.org/InStock"}}</script>
</head><body><h1>Item ${i}</h1><div class="price">${1000 + i} ₽</div>
<script>document.body.dataset.ready = "1";</script></body></html>`;
}

/** No structured data: the price exists only after a script ran, so only the browser can read it. */
function renderedPage(i: number): string {
  return `<!doctype html><html><head><title>Item ${i}</title></head><body><h1>Item ${i}</h1><div id="slot"></div>
<script>document.getElementById('slot').innerHTML = '<div class="price">${2000 + i} ₽</div>';</script></body></html>`;
}

async function main(): Promise<void> {
  const started = Date.now();
  // Production values where the test stack differs (it makes tasks continue as new every 2 products).
  const stack = await startStack({ TASK_PRODUCTS_PER_RUN: 2000, RECONCILE_INTERVAL_SECS: 30 });
  const startupMs = Date.now() - started;
  const shop = await new FixtureServer()
    .route('/item', (req, res) => {
      const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? 0);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(productPage(i));
    })
    .route('/rendered', (req, res) => {
      const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? 0);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderedPage(i));
    })
    .start();
  try {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('bench');

    const runTask = async (path: string) => {
      const urls = Array.from({ length: pages }, (_, i) => `${shop.baseUrl}${path}?i=${i}`);
      const t0 = Date.now();
      const created = await api.post('/api/offer-tasks', { urls });
      const done = await api.waitForTask(created.body.id, 30 * 60_000);
      return { id: created.body.id as number, task: done, ms: Date.now() - t0 };
    };
    const direct = await runTask('/item');
    const rendered = await runTask('/rendered');
    const submitted = { body: { id: rendered.id } };

    const getLatencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await api.get(`/api/offer-tasks/${submitted.body.id}`);
      getLatencies.push(performance.now() - t);
    }

    const bigUrls = Array.from({ length: bigTask }, (_, i) => `${shop.baseUrl}/item?i=${i}&big=1`);
    const t1 = performance.now();
    const big = await api.post('/api/offer-tasks', { urls: bigUrls });
    const bigSubmitMs = performance.now() - t1;
    await api.post(`/api/offer-tasks/${big.body.id}/cancel`);
    await api.waitForTask(big.body.id, 120_000);

    const rows: [string, string][] = [
      ['stack start (PostgreSQL, Temporal, worker, API)', `${(startupMs / 1000).toFixed(1)} s`],
      [`${pages} pages with JSON-LD (plain-HTTP path)`, figures(direct)],
      [`${pages} pages rendered by JavaScript (browser)`, figures(rendered)],
      ['concurrency', `BROWSER_CONCURRENCY=${stack.config.BROWSER_CONCURRENCY}, TASK_CONCURRENCY=${stack.config.TASK_CONCURRENCY}`],
      [`GET task with ${pages} products, p50 / p95`, `${pct(getLatencies, 50).toFixed(1)} / ${pct(getLatencies, 95).toFixed(1)} ms`],
      [`POST task of ${bigTask} URLs (validate + store + start)`, `${bigSubmitMs.toFixed(0)} ms, HTTP ${big.status}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('\nprice-collector benchmark\n');
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
    console.log('');
  } finally {
    await shop.stop();
    await stack.stop();
  }
}

function figures(run: { task: { status: string; progress: { succeeded: number } }; ms: number }): string {
  return `${((pages / run.ms) * 1000).toFixed(1)} pages/s, ${(run.ms / 1000).toFixed(1)} s, ${run.task.status} (${run.task.progress.succeeded} succeeded)`;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
