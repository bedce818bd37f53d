/**
 * `npm run bench`: throughput and latency of the real pipeline on this machine (real PostgreSQL, Temporal,
 * Chromium, worker and API, local fixture shop). Prints figures; asserts nothing.
 *   BENCH_PAGES (default 200)  product pages in the throughput task
 *   BENCH_BIG_TASK (default 10000)  URLs in the submission-latency task
 *   BENCH_READ_SECS (default 5)  length of each concurrent-read run
 * Read figures are also given as ratios to a baseline measured in the same run on the same machine (the cheapest
 * signed-in request, GET /api/auth/me), because these machines are shared and absolute times drift.
 */
import { startStack } from '../test/support/stack.js';
import { ApiClient } from '../test/support/api-client.js';
import { FixtureServer } from '../test/support/fixture-server.js';

const pages = Number(process.env.BENCH_PAGES ?? 200);
const bigTask = Number(process.env.BENCH_BIG_TASK ?? 10_000);
const readSecs = Number(process.env.BENCH_READ_SECS ?? 5);
const READ_CLIENTS = 10;

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

    // Concurrent reads of a finished 200-product task, as a polling dashboard would make them.
    const baseline = await concurrentReads(api, '/api/auth/me');
    const idle = await concurrentReads(api, `/api/offer-tasks/${submitted.body.id}`);
    // The same while every browser slot is busy with another task, reading that running task.
    const busyUrls = Array.from({ length: pages }, (_, i) => `${shop.baseUrl}/rendered?i=${i}&busy=1`);
    const busyTask = await api.post('/api/offer-tasks', { urls: busyUrls });
    await new Promise((r) => setTimeout(r, 1500));
    const busy = await concurrentReads(api, `/api/offer-tasks/${busyTask.body.id}`);
    const busyLive = await concurrentReads(api, `/api/offer-tasks/${busyTask.body.id}?live=true`);
    const busyProgress = (await api.get(`/api/offer-tasks/${busyTask.body.id}`)).body.progress;
    await api.post(`/api/offer-tasks/${busyTask.body.id}/cancel`);
    await api.waitForTask(busyTask.body.id, 120_000);

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
      [`GET task with ${pages} products, one client, p50 / p95`, `${pct(getLatencies, 50).toFixed(1)} / ${pct(getLatencies, 95).toFixed(1)} ms`],
      [`baseline: GET /api/auth/me, ${READ_CLIENTS} clients`, readFigures(baseline)],
      [`GET finished task (${pages} products), ${READ_CLIENTS} clients, idle`, readFigures(idle, baseline)],
      [`GET running task, ${READ_CLIENTS} clients, browser slots busy`, `${readFigures(busy, baseline)} (task at ${busyProgress.succeeded}/${busyProgress.total})`],
      [`  same with ?live=true (workflow query per GET)`, readFigures(busyLive, baseline)],
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

interface ReadRun {
  latencies: number[];
  seconds: number;
  errors: number;
}

/** READ_CLIENTS loops issuing GETs back to back for readSecs; every request's latency is kept. */
async function concurrentReads(api: ApiClient, path: string): Promise<ReadRun> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + readSecs * 1000;
  await Promise.all(
    Array.from({ length: READ_CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const res = await api.get(path);
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - t0) / 1000, errors };
}

function readFigures(run: ReadRun, baseline?: ReadRun): string {
  const p50 = pct(run.latencies, 50);
  const p99 = pct(run.latencies, 99);
  const rps = run.latencies.length / run.seconds;
  const ratio = baseline ? `, ${(p50 / pct(baseline.latencies, 50)).toFixed(1)}× baseline p50, ${(rps / (baseline.latencies.length / baseline.seconds)).toFixed(2)}× its req/s` : '';
  return `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${rps.toFixed(0)} req/s${run.errors ? `, ${run.errors} errors` : ''}${ratio}`;
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
