import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { isAlive, spawnWorkerProcess } from '../support/worker-process.js';
import { eventually } from '../support/eventually.js';
import { productPage } from '../support/marketplace-pages.js';

/** Requests for items numbered `holdFrom` or above are not answered at all; they wait in `held`. */
interface Gate {
  holdFrom: number;
  held: import('node:http').ServerResponse[];
}

/**
 * A page that takes a while to answer, so a worker can be interrupted in the middle of it. A scrape waiting for a
 * held page cannot have finished, whatever the timing, so killing the worker then surely interrupts it.
 */
function slowProductPage(delayMs: number, gate: Gate) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const n = new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? '0';
    if (Number(n) >= gate.holdFrom) {
      gate.held.push(res);
      return;
    }
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        productPage(`Item ${n}`, `${100 + Number(n)}.00`, 'RUB'),
      );
    }, delayMs);
  };
}

/** Faults from the reliability brief: a worker killed or stopped in the middle of a task loses and duplicates nothing. */
describe('worker faults', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;
  const gate: Gate = { holdFrom: Number.POSITIVE_INFINITY, held: [] };
  const openGate = (): void => {
    gate.holdFrom = Number.POSITIVE_INFINITY;
    for (const res of gate.held.splice(0)) res.destroy();
  };

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer().route('/slowish', slowProductPage(1500, gate)).start();
  });

  after(async () => {
    await shop?.stop();
  });

  afterEach(async () => {
    openGate();
    // Whatever happened, leave the shared stack with its in-process workers.
    if (stack.workers.pool) await stack.restartWorkers().catch(() => undefined);
  });

  it('when the worker is killed with SIGKILL mid-task, then after a restart every URL has exactly one result, counted once, and its Chromium is gone', async () => {
    await stack.workers.stop();
    // The browser path is what these faults are about: no plain-HTTP shortcut.
    const worker = await spawnWorkerProcess(stack, { HTTP_FAST_PATH: '0' });
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('kill9');
    const statsBefore = await siteSuccesses(api);
    const urls = Array.from({ length: 8 }, (_, i) => `${shop.baseUrl}/slowish?i=${i}&run=${Date.now()}`);
    // The last two pages wait (two of the four browser slots stay free for the others), so the kill below lands while
    // their scrapes are surely running ("running" in the task view alone can be a scrape that stores its result just
    // before the kill, which is then never retried).
    gate.holdFrom = 6;
    const id = (await api.post('/api/offer-tasks', { urls })).body.id;

    await eventually(async () => {
      const view = (await api.get(`/api/offer-tasks/${id}`)).body;
      expect(view.progress.succeeded).to.be.greaterThan(0);
      expect(view.progress.running).to.be.greaterThan(0);
      expect(gate.held.length, 'a page request held mid-scrape').to.be.greaterThan(0);
    });
    const browsers = worker.chromiumPids();
    expect(browsers, 'the worker runs Chromium').to.not.be.empty;
    worker.child.kill('SIGKILL');
    expect(await worker.exited).to.equal('SIGKILL');
    await eventually(async () => expect(browsers.filter(isAlive), 'orphaned Chromium').to.deep.equal([]));
    openGate();

    await stack.restartWorkers();
    const task = await api.waitForTask(id, 120_000);
    expect(task.status).to.equal('completed');
    expect(task.products.map((p: { offers: unknown[] }) => p.offers.length)).to.deep.equal(urls.map(() => 1));
    task.products.forEach((p: { offers: { amount: string }[] }, i: number) => expect(Number(p.offers[0]!.amount)).to.equal(100 + i));
    expect(task.products.some((p: { attempts: number }) => p.attempts >= 2), 'some scrape was interrupted and retried').to.equal(true);

    const rows = await stack.db.em.fork().execute<{ n: string }[]>(
      'select count(*) as n from offers o join task_products p on p.id = o.product_id where p.task_id = ?',
      [id],
    );
    expect(Number(rows[0]!.n)).to.equal(urls.length);
    expect((await siteSuccesses(api)) - statsBefore).to.equal(urls.length);
  });

  it('when the worker gets SIGTERM during a scrape, then it drains the page in flight, exits 0 and closes Chromium', async () => {
    await stack.workers.stop();
    // The browser path is what these faults are about: no plain-HTTP shortcut.
    const worker = await spawnWorkerProcess(stack, { HTTP_FAST_PATH: '0' });
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sigterm');
    const url = `${shop.baseUrl}/slowish?i=7&run=${Date.now()}`;
    const id = (await api.post('/api/offer-tasks', { urls: [url] })).body.id;
    await eventually(async () => expect(shop.hits(new URL(url).pathname + new URL(url).search)).to.equal(1));
    const browsers = worker.chromiumPids();

    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(0);
    expect(browsers.filter(isAlive), 'Chromium closed after the worker stopped').to.deep.equal([]);

    await stack.restartWorkers();
    const task = await api.waitForTask(id, 60_000);
    expect(task.status).to.equal('completed');
    expect(task.products[0].attempts, 'the scrape in flight was drained, not retried').to.equal(1);
  });
});

async function siteSuccesses(api: ApiClient): Promise<number> {
  const res = await api.get('/api/stats/sites');
  return res.body.sites.find((s: { domain: string; kind: string }) => s.domain === '127.0.0.1' && s.kind === 'offer')?.collected ?? 0;
}
