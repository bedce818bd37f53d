import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { FixtureServer } from '../support/fixture-server.js';
import { domOnlyPage, flakyPage, jsonLdPage, jsRenderedPage, priceJson } from '../support/marketplace-pages.js';

describe('offer task end to end (HTTP API → Temporal → Chromium → PostgreSQL)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer()
      .html('/p/json-ld', jsonLdPage)
      .html('/p/js-rendered', jsRenderedPage)
      .route('/api/price.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(priceJson))
      .html('/p/dom-only', domOnlyPage)
      .route('/p/slowish', (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(flakyPage), 400);
      })
      .route('/p/flaky', (_req, res, hits) => {
        if (hits <= 2) res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
        else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(flakyPage);
      })
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when a user submits five URLs, then the task finishes partially_completed with the right prices and the 404 failed', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('e2e');
    const urls = [
      `${shop.baseUrl}/p/json-ld`,
      `${shop.baseUrl}/p/js-rendered`,
      `${shop.baseUrl}/p/dom-only`,
      `${shop.baseUrl}/p/flaky?run=${Date.now()}`,
      `${shop.baseUrl}/p/missing`,
    ];
    const submitted = await api.post('/api/offer-tasks', { urls, region: 'Moscow' });
    expect(submitted.status).to.equal(202);
    expect(submitted.body.id).to.be.a('number');
    expect(submitted.body.status).to.be.oneOf(['pending', 'running']);
    expect(submitted.headers.get('location')).to.equal(`/api/offer-tasks/${submitted.body.id}`);

    const task = await api.waitForTask(submitted.body.id, 120_000);
    expect(task.status).to.equal('partially_completed');
    expect(task.progress).to.include({ total: 5, succeeded: 4, failed: 1, pending: 0, running: 0 });
    const [jsonLd, jsRendered, domOnly, flaky, missing] = task.products;
    expect(task.products.map((p: { url: string }) => p.url)).to.deep.equal(urls);

    expect(jsonLd).to.include({ status: 'succeeded', domain: '127.0.0.1', region: 'Moscow', name: 'Кофемолка Bork C700', availability: 'InStock' });
    expectPrices(jsonLd.offers, { current: 1299 });

    expect(jsRendered.status).to.equal('succeeded');
    expectPrices(jsRendered.offers, { current: 2490 });

    expect(domOnly.status).to.equal('succeeded');
    expectPrices(domOnly.offers, { current: 4499, regular: 5999 });

    expect(flaky.status).to.equal('succeeded');
    expect(flaky.attempts).to.equal(3);
    expectPrices(flaky.offers, { current: 3490 });

    // Pages whose HTML carries structured data skip the browser; the others are rendered.
    expect([jsonLd, jsRendered, domOnly, flaky].map((p) => p.fetchedWith)).to.deep.equal(['http', 'browser', 'browser', 'http']);

    expect(missing).to.include({ status: 'failed', errorCode: 'http-404' });
    expect(missing.error).to.match(/404/);
    expect(missing.offers).to.deep.equal([]);

    // The test stack lets one run handle 2 products, so five URLs took three runs chained by continue-as-new.
    await eventually(async () => {
      const runs: string[] = [];
      for await (const run of stack.client.workflow.list({ query: `WorkflowId = 'offer-task-${task.id}'` })) runs.push(run.status.name);
      expect(runs.filter((r) => r === 'CONTINUED_AS_NEW')).to.have.length(2);
      expect(runs.filter((r) => r === 'COMPLETED')).to.have.length(1);
    });

    const failedOnly = await api.get(`/api/offer-tasks/${task.id}?productStatus=failed`);
    expect(failedOnly.body.products.map((p: { url: string }) => p.url)).to.deep.equal([urls[4]]);
    const secondPage = await api.get(`/api/offer-tasks/${task.id}?productLimit=2&productOffset=1`);
    expect(secondPage.body.products.map((p: { url: string }) => p.url)).to.deep.equal(urls.slice(1, 3));
    expect((await api.get(`/api/offer-tasks/${task.id}?productLimit=0`)).status).to.equal(400);

    const csv = await api.get(`/api/offer-tasks/${task.id}/export.csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).to.include(`offer-task-${task.id}.csv`);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.equal('position,url,domain,region,status,name,availability,collected_at,error_code,error,price_kind,amount,currency');
    // One row per product and price kind: the DOM-only page has two prices, every other success one, the 404 none.
    const productRows = task.products.map((p: { offers: unknown[] }) => Math.max(1, p.offers.length)).reduce((a: number, b: number) => a + b, 0);
    expect(lines).to.have.length(1 + productRows);
    const domOnlyRows = lines.filter((l) => l.startsWith(`3,${urls[2]},`));
    expect(domOnlyRows).to.have.length(2);
    expect(domOnlyRows[0]).to.match(/^3,[^,]+,127\.0\.0\.1,Moscow,succeeded,Phone X,[^,]*,[^,]+,,,current,4499,RUB$/);
    expect(domOnlyRows[1]).to.match(/,regular,5999,RUB$/);
    expect(lines[lines.length - 1]).to.match(/^5,.*,failed,.*,http-404,[^,]*,,,$/);

    const jsonl = await api.get(`/api/offer-tasks/${task.id}/results?format=jsonl`);
    expect(jsonl.headers.get('content-type')).to.match(/^application\/x-ndjson/);
    const rows = (jsonl.body as string).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.url)).to.deep.equal(urls);
    expect(rows[2].offers).to.deep.equal(task.products[2].offers);
    expect(rows[0].details.provenance.price, 'which layer gave the price').to.equal('json-ld');
    expect(rows[4].details).to.equal(null);
    const json = await api.get(`/api/offer-tasks/${task.id}/results?format=json`);
    expect(json.body).to.deep.equal(rows);
    expect((await api.get(`/api/offer-tasks/${task.id}/results?format=xml`)).status).to.equal(400);
  });

  it('when a big task is running and another user submits a small one, then the small one does not wait for the big one', async () => {
    const big = new ApiClient(stack.apiUrl);
    await big.signUp('big');
    const small = new ApiClient(stack.apiUrl);
    await small.signUp('small');
    const bigUrls = Array.from({ length: 40 }, (_, i) => `${shop.baseUrl}/p/slowish?i=${i}&run=${Date.now()}`);
    const bigTask = await big.post('/api/offer-tasks', { urls: bigUrls });
    await eventually(async () => expect((await big.get(`/api/offer-tasks/${bigTask.body.id}`)).body.progress.running).to.be.greaterThan(0));

    const smallTask = await small.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/p/json-ld`, `${shop.baseUrl}/p/dom-only`] });
    const done = await small.waitForTask(smallTask.body.id, 60_000);
    expect(done.status).to.equal('completed');
    const bigNow = (await big.get(`/api/offer-tasks/${bigTask.body.id}`)).body;
    expect(bigNow.status, 'the big task is still being worked on').to.equal('running');
    expect(bigNow.progress.pending + bigNow.progress.running).to.be.greaterThan(0);
    await big.post(`/api/offer-tasks/${bigTask.body.id}/cancel`);
    expect((await big.waitForTask(bigTask.body.id, 60_000)).status).to.equal('cancelled');
  });

  it('when a task ran, then the per-site statistics count each product outcome once, by reason, for its owner only', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('stats');
    expect((await api.get('/api/stats/sites')).body).to.deep.equal({ scope: 'own', sites: [] });
    const submitted = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/p/json-ld`, `${shop.baseUrl}/p/missing`] });
    await api.waitForTask(submitted.body.id);
    const { sites } = (await api.get('/api/stats/sites')).body;
    expect(sites).to.have.length(1);
    expect(sites[0]).to.include({ domain: '127.0.0.1', kind: 'offer', collected: 1, failed: 1, attempts: 2 });
    expect(sites[0].failuresByReason).to.deep.equal({ 'http-404': 1 });
    expect(sites[0].durationMs.p50).to.be.a('number').and.greaterThan(0);
    expect(Date.parse(sites[0].lastCollectedAt)).to.be.closeTo(Date.now(), 120_000);
    const future = (await api.get('/api/stats/sites?from=2999-01-01')).body;
    expect(future.sites).to.deep.equal([]);
  });
});

function expectPrices(offers: { kind: string; amount: string; currency: string }[], expected: Record<string, number>): void {
  const byKind = Object.fromEntries(offers.map((o) => [o.kind, o]));
  for (const [kind, amount] of Object.entries(expected)) {
    expect(byKind[kind], `${kind} price in ${JSON.stringify(offers)}`).to.exist;
    expect(Number(byKind[kind]!.amount)).to.equal(amount);
    expect(byKind[kind]!.currency).to.equal('RUB');
  }
  expect(offers.map((o) => o.kind).sort()).to.deep.equal(Object.keys(expected).sort());
}
