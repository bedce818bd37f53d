import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { Task, TaskProduct, ProductStatus, TaskStatus } from '../../src/entities/index.js';
import { eventually } from '../support/eventually.js';
import { productPage } from '../support/marketplace-pages.js';

/** Operators act in the Temporal Web UI (terminate, reset), which runs no workflow code: the reconciler repairs status. */
describe('reconciler keeps stored status in step with Temporal', function () {
  this.timeout(120_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer()
      .route('/slow', () => undefined)
      .html('/ok', productPage('Ok', '10.50', 'EUR'))
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when an operator terminates a running task workflow, then the task and its unfinished products become cancelled', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('terminate');
    const submitted = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/slow?t=1`, `${shop.baseUrl}/slow?t=2`] });
    const id = submitted.body.id;
    await eventually(async () => expectStatus(await api.get(`/api/offer-tasks/${id}`), 'running'));

    await stack.client.workflow.getHandle(`offer-task-${id}`).terminate('operator pressed Terminate in the Web UI');

    const task = await api.waitForTask(id, 60_000);
    expect(task.status).to.equal('cancelled');
    expect(task.error).to.equal('terminated by an operator');
    expect(task.products.map((p: { status: string }) => p.status)).to.deep.equal(['cancelled', 'cancelled']);
  });

  it('when a task was stored but its workflow never started (API crash), then the reconciler starts it and it completes', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('lost-start');
    const me = (await api.get('/api/auth/me')).body;
    const em = stack.db.em.fork();
    const task = em.create(Task, { kind: 'offer', owner: me.id, status: TaskStatus.Pending, region: null, createdAt: new Date(), updatedAt: new Date() });
    await em.flush();
    em.create(TaskProduct, {
      task,
      position: 0,
      url: `${shop.baseUrl}/ok`,
      domain: '127.0.0.1',
      status: ProductStatus.Pending,
      attempts: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.flush();

    const done = await api.waitForTask(task.id, 60_000);
    expect(done.status).to.equal('completed');
    expect(done.products[0].offers).to.deep.equal([{ kind: 'current', amount: '10.50', currency: 'EUR' }]);
  });
});

function expectStatus(res: { body: { status: string; progress: { running: number } } }, status: string): void {
  expect(res.body.status).to.equal(status);
  expect(res.body.progress.running).to.be.greaterThan(0);
}
