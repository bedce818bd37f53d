import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { FixtureServer } from '../support/fixture-server.js';
import { definitionListPage, expected, jsonLdAdditionalPropertyPage, noSpecsPage, specTablePage, tabbedSpecsPage } from '../support/spec-pages.js';

describe('characteristics task end to end (HTTP API → Temporal → Chromium → PostgreSQL)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;
  let flakyUp = false;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer()
      .html('/s/table', specTablePage())
      .html('/s/dl', definitionListPage())
      .html('/s/json-ld', jsonLdAdditionalPropertyPage())
      .html('/s/tabbed', tabbedSpecsPage())
      .html('/s/none', noSpecsPage())
      .route('/s/comes-back', (_req, res) => {
        if (flakyUp) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(definitionListPage());
        else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      })
      .route('/s/slow', (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(specTablePage()), 3_000);
      })
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when a user submits five pages, then each product has its characteristics in page order and the page without any failed', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('specs');
    const urls = ['/s/table', '/s/dl', '/s/json-ld', '/s/tabbed', '/s/none'].map((p) => `${shop.baseUrl}${p}`);
    const submitted = await api.post('/api/spec-tasks', { urls, region: 'Москва' });
    expect(submitted.status).to.equal(202);
    expect(submitted.headers.get('location')).to.equal(`/api/spec-tasks/${submitted.body.id}`);
    expect(submitted.body).to.include({ kind: 'spec', workflowId: `spec-task-${submitted.body.id}` });

    const task = await api.waitForTask(submitted.body.id, 120_000, 'spec-tasks');
    expect(task.status).to.equal('partially_completed');
    expect(task.progress).to.include({ total: 5, succeeded: 4, failed: 1 });
    const [table, dl, jsonLd, tabbed, none] = task.products;
    expect(table.characteristics).to.deep.equal(expected.specTable);
    expect(dl.characteristics).to.deep.equal(expected.definitionList);
    expect(jsonLd.characteristics).to.deep.equal(expected.jsonLdAdditionalProperty);
    expect(jsonLd.fetchedWith, 'structured characteristics need no browser').to.equal('http');
    expect(tabbed.characteristics, 'the hidden tab and the block a script filled after load').to.deep.equal(expected.tabbedSpecs);
    expect(tabbed.fetchedWith).to.equal('browser');
    expect(none).to.include({ status: 'failed', errorCode: 'no-characteristics-found' });
    expect(none.characteristics).to.deep.equal([]);
    expect(table).to.include({ region: 'Москва', name: 'Смартфон Nova X1 8/256 ГБ, графит' });
    expect(table).to.not.have.property('offers');

    // The Web UI filters by the same search attributes the API starts the workflow with.
    const listed: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `TaskType = "spec" AND TaskId = "${task.id}"` })) listed.push(wf.workflowId);
    expect([...new Set(listed)], `runs chained by continue-as-new: ${listed.length}`).to.deep.equal([`spec-task-${task.id}`]);
    // Kinds do not mix: the id of a characteristics task is not a price task.
    expect((await api.get(`/api/offer-tasks/${task.id}`)).status).to.equal(404);
    expect((await api.get('/api/offer-tasks')).body.items).to.deep.equal([]);
    expect((await api.get('/api/spec-tasks')).body.items.map((t: { id: number }) => t.id)).to.deep.equal([task.id]);

    const csv = await api.get(`/api/spec-tasks/${task.id}/results?format=csv`);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.equal('position,url,domain,region,status,name,availability,collected_at,error_code,error,group,characteristic,value,number,unit');
    const total = expected.specTable.length + expected.definitionList.length + expected.jsonLdAdditionalProperty.length + expected.tabbedSpecs.length + 1;
    expect(lines).to.have.length(1 + total);
    expect(lines[1]).to.match(/,Экран,Диагональ экрана,"6\.1""",6\.1,in$/);
    expect(lines[lines.length - 1]).to.match(/^5,.*,failed,.*,no-characteristics-found,[^,]*,,,,,$/);
  });

  it('when the owner cancels a running characteristics task, then it and its unfinished products end cancelled', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('spec-cancel');
    const urls = Array.from({ length: 6 }, (_, i) => `${shop.baseUrl}/s/slow?i=${i}&run=${Date.now()}`);
    const submitted = await api.post('/api/spec-tasks', { urls });
    await eventually(async () => expect((await api.get(`/api/spec-tasks/${submitted.body.id}`)).body.progress.running).to.be.greaterThan(0));
    expect((await api.post(`/api/spec-tasks/${submitted.body.id}/cancel`)).status).to.equal(202);
    const task = await api.waitForTask(submitted.body.id, 60_000, 'spec-tasks');
    expect(task.status).to.equal('cancelled');
    expect(task.products.every((p: { status: string }) => p.status === 'cancelled' || p.status === 'succeeded')).to.equal(true);
    expect(task.products.some((p: { status: string }) => p.status === 'cancelled')).to.equal(true);
    expect((await api.post(`/api/spec-tasks/${submitted.body.id}/cancel`)).status).to.equal(409);
  });

  it('when a finished task is retried, then only its failed products run again, under the same task id', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('spec-retry');
    flakyUp = false;
    const urls = [`${shop.baseUrl}/s/json-ld`, `${shop.baseUrl}/s/comes-back`];
    const submitted = await api.post('/api/spec-tasks', { urls });
    const first = await api.waitForTask(submitted.body.id, 60_000, 'spec-tasks');
    expect(first.status).to.equal('partially_completed');
    expect(first.products[1]).to.include({ status: 'failed', errorCode: 'http-404', attempts: 1 });
    expect((await api.post(`/api/spec-tasks/${submitted.body.id}/retry`)).status, 'nothing to retry while it runs? it has ended').to.equal(202);
    flakyUp = true;
    const second = await api.waitForTask(submitted.body.id, 60_000, 'spec-tasks');
    // The retry may have run before the page came back: run it again until it has (each retry is one more attempt).
    const final = second.status === 'completed' ? second : await retryAgain(api, submitted.body.id);
    expect(final.status).to.equal('completed');
    expect(final.id).to.equal(first.id);
    expect(final.products[0].collectedAt, 'the product that had succeeded was not collected again').to.equal(first.products[0].collectedAt);
    expect(final.products[0].attempts).to.equal(1);
    expect(final.products[1].status).to.equal('succeeded');
    expect(final.products[1].characteristics).to.deep.equal(expected.definitionList);
    expect((await api.post(`/api/spec-tasks/${submitted.body.id}/retry`)).status, 'a completed task has nothing to retry').to.equal(409);
  });
});

async function retryAgain(api: ApiClient, id: number): Promise<any> {
  expect((await api.post(`/api/spec-tasks/${id}/retry`)).status).to.equal(202);
  return api.waitForTask(id, 60_000, 'spec-tasks');
}
