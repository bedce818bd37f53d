import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { eventually } from '../support/eventually.js';
import { productPage } from '../support/marketplace-pages.js';

/** PostgreSQL goes away and comes back: no process crash, 503 meanwhile, work resumes after. */
describe('database outage', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async function () {
    stack = await getStack();
    shop = await new FixtureServer()
      .html('/item', productPage('Lamp', '1990', 'RUB'))
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when PostgreSQL restarts, then the API answers 503 with a problem body meanwhile and everything works again after', async function () {
    if (process.env.TEST_DATABASE_URL) this.skip(); // Reason: the outage is simulated by stopping the embedded server.
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('outage');

    await stack.stopPostgres();
    try {
      const health = await api.get('/api/health');
      expect(health.status).to.equal(503);
      expect(health.body.database).to.equal('unavailable');
      expect(health.body.temporal).to.equal('ok');
      expect(health.body.ref, 'the detail is logged under a reference').to.match(/^E-[0-9a-f]{8}$/);
      expect(JSON.stringify(health.body), 'no connection error text in the public answer').to.not.match(/ECONN|connect|terminat|postgres/i);
      const submit = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/item`] });
      expect(submit.status).to.equal(503);
      expect(submit.headers.get('content-type')).to.match(/problem\+json/);
      expect(JSON.stringify(submit.body)).to.not.match(/node_modules|at .*\.ts:/);
    } finally {
      await stack.startPostgres();
    }

    await eventually(async () => expect((await api.get('/api/health')).status).to.equal(200), 60_000);
    const submitted = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/item`] });
    expect(submitted.status).to.equal(202);
    const task = await api.waitForTask(submitted.body.id, 90_000);
    expect(task.status).to.equal('completed');
    expect(task.products[0].offers).to.deep.equal([{ kind: 'current', amount: '1990', currency: 'RUB' }]);
  });
});
