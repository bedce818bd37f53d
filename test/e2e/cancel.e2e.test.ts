import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { eventually } from '../support/eventually.js';
import { productPage } from '../support/marketplace-pages.js';

/** Users cancel their own tasks through the API; the workflow stops and closes its pages. */
describe('cancelling a task', function () {
  this.timeout(120_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    // Pages that never answer: a scrape stays in flight until cancelled (or its navigation timeout).
    shop = await new FixtureServer()
      .route('/slow', () => undefined)
      .route('/quick', (_req, res) => {
        const page = productPage('Q', '5', 'EUR');
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page), 150);
      })
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when the owner cancels a running task, then the task and its unfinished products end cancelled and no page stays open', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('cancel');
    const urls = Array.from({ length: 6 }, (_, i) => `${shop.baseUrl}/slow?i=${i}`);
    const submitted = await api.post('/api/offer-tasks', { urls });
    expect(submitted.status).to.equal(202);
    const id = submitted.body.id;

    await eventually(async () => {
      const view = (await api.get(`/api/offer-tasks/${id}`)).body;
      expect(view.status).to.equal('running');
      expect(view.progress.running).to.be.greaterThan(0);
    });

    const cancelled = await api.post(`/api/offer-tasks/${id}/cancel`);
    expect(cancelled.status).to.equal(202);
    const task = await api.waitForTask(id, 60_000);
    expect(task.status).to.equal('cancelled');
    expect(task.products.map((p: { status: string }) => p.status)).to.deep.equal(urls.map(() => 'cancelled'));
    await eventually(async () => {
      expect(stack.workers.pool.openPages).to.equal(0);
    });

    const again = await api.post(`/api/offer-tasks/${id}/cancel`);
    expect(again.status).to.equal(409);
  });

  it('when a task is cancelled while its runs keep continuing as new, then the cancel is not lost between runs', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('cancel-can');
    // The test stack continues as new every 2 products; quick pages make the hand-overs frequent.
    const urls = Array.from({ length: 40 }, (_, i) => `${shop.baseUrl}/quick?i=${i}`);
    const id = (await api.post('/api/offer-tasks', { urls })).body.id;
    await eventually(async () => expect((await api.get(`/api/offer-tasks/${id}`)).body.progress.succeeded).to.be.at.least(4));
    expect((await api.post(`/api/offer-tasks/${id}/cancel`)).status).to.equal(202);
    const task = await api.waitForTask(id, 60_000);
    expect(task.status).to.equal('cancelled');
    expect(task.progress.cancelled).to.be.greaterThan(0);
  });
});
