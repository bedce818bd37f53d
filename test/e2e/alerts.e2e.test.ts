import crypto from 'node:crypto';
import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient as PlainClient, type ApiResponse } from '../support/api-client.js';
import { OpenApiContract } from '../support/openapi-contract.js';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi-document.js';
import { eventually } from '../support/eventually.js';
import { FixtureServer } from '../support/fixture-server.js';
import { WebhookReceiver as Receiver } from '../support/webhook-receiver.js';
import { resolveSecretsKeys } from '../../src/config/secrets-key.js';
import { SecretBox } from '../../src/security/secret-box.js';

const SECRET = 'whsec-test-0123456789abcdef';

/** What the shop serves for a page: a price, an error status, a page without any price, or sold out without a price. */
type Shown = { price: string } | { status: number } | { noPrice: true } | { soldOut: true };

function pageFor(name: string, shown: Shown): { status: number; html: string } {
  if ('status' in shown) return { status: shown.status, html: '<h1>Server error</h1>' };
  if ('noPrice' in shown) return { status: 200, html: `<html><head><title>${name}</title></head><body><h1>${name}</h1><p>Ask us for the price.</p></body></html>` };
  if ('soldOut' in shown) {
    const data = JSON.stringify({ '@type': 'Product', name, offers: { availability: 'https://schema.org/OutOfStock' } });
    return { status: 200, html: `<html><head><script type="application/ld+json">${data}</script></head><body><h1>${name}</h1><p>Sold out</p></body></html>` };
  }
  const data = JSON.stringify({ '@type': 'Product', name, offers: { price: shown.price, priceCurrency: 'RUB', availability: 'https://schema.org/InStock' } });
  return { status: 200, html: `<html><head><script type="application/ld+json">${data}</script></head><body><h1>${name}</h1></body></html>` };
}

describe('price alerts of recurring checks (schedule runs → history → confirmation re-fetch → signed webhook and email)', function () {
  this.timeout(300_000);
  let stack: Stack;
  let shop: FixtureServer;
  let receiver: Receiver;
  // Every response of these tests is also checked against the OpenAPI document (status, content type, body).
  const contract = new OpenApiContract(buildOpenApiDocument());
  const violations: string[] = [];
  class ApiClient extends PlainClient {
    constructor(baseUrl: string) {
      super(baseUrl, (method: string, path: string, res: ApiResponse) => {
        const operation = contract.match(method, path);
        if (operation) violations.push(...contract.check(operation, res));
        else violations.push(`${method} ${path}: not in the document`);
      });
    }
  }
  afterEach(() => {
    expect(violations.splice(0), 'responses that break the OpenAPI document').to.deep.equal([]);
  });
  /** Per page path: what the next requests see; `then` (if set) replaces it after one request. */
  const shown = new Map<string, { now: Shown; then?: Shown }>();

  before(async () => {
    stack = await getStack();
    receiver = await new Receiver().start();
    shop = await new FixtureServer()
      .route('/p/watched', (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
        const state = shown.get(path) ?? { now: { status: 404 } };
        const page = pageFor(`Grinder ${path}`, state.now);
        if (state.then) shown.set(path, { now: state.then });
        res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
      })
      .start();
  });

  after(async () => {
    await shop?.stop();
    await receiver?.stop();
  });

  const pageUrl = (id: string) => `${shop.baseUrl}/p/watched?id=${id}`;

  /** Triggers a run and waits until its workflow (task, confirmation and alerts) has ended. */
  async function runOnce(api: ApiClient, scheduleId: number): Promise<void> {
    const handle = stack.client.schedule.getHandle(`price-schedule-${scheduleId}`);
    const before = new Set((await handle.describe()).info.recentActions.map((a) => a.action.workflow.firstExecutionRunId));
    expect((await api.post(`/api/schedules/${scheduleId}/trigger`, {})).status).to.equal(202);
    let run = { workflowId: '', firstExecutionRunId: '' };
    await eventually(async () => {
      const fresh = (await handle.describe()).info.recentActions.map((a) => a.action.workflow).filter((w) => !before.has(w.firstExecutionRunId));
      expect(fresh).to.have.length(1);
      run = fresh[0]!;
    }, 60_000);
    await stack.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result();
  }

  async function historyAmounts(api: ApiClient, id: string): Promise<(string | null)[]> {
    const res = await api.get(`/api/history?url=${encodeURIComponent(pageUrl(id))}`);
    expect(res.status).to.equal(200);
    return res.body.kinds[0].points.map((p: { amount: string | null }) => p.amount);
  }

  async function scheduleTasks(api: ApiClient, scheduleId: number): Promise<{ id: number; status: string }[]> {
    const res = await api.get('/api/offer-tasks?limit=200');
    return res.body.items.filter((t: { scheduleId: number | null }) => t.scheduleId === scheduleId).reverse();
  }

  it('when the price changes between two runs, then exactly one signed webhook and one email arrive; failed, blocked and price-less runs in between change nothing', async () => {
    const api = new ApiClient(stack.apiUrl);
    const username = await api.signUp('alerts');
    const email = `${username}@example.test`;
    const id = `main-${crypto.randomBytes(3).toString('hex')}`;
    shown.set(id, { now: { price: '1299' } });
    const created = await api.post('/api/schedules', {
      name: 'Grinder',
      urls: [pageUrl(id)],
      every: 'P1D',
      alerts: [{ rule: 'any_change' }],
      webhook: { url: `${receiver.url}/hook/${id}`, secret: SECRET },
      email: true,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.deep.include({ alerts: [{ rule: 'any_change' }], webhook: { url: `${receiver.url}/hook/${id}`, hasSecret: true }, email: true });
    expect(JSON.stringify(created.body)).to.not.include(SECRET);
    const scheduleId: number = created.body.id;
    // Stored encrypted: a copy of the database alone does not give the signing key away (the signature below checks
    // that the sender opens it).
    const [stored] = await stack.db.em.getConnection().execute<{ webhook_secret: string }[]>('select webhook_secret from schedules where id = ?', [scheduleId]);
    expect(stored!.webhook_secret).to.match(/^sb1:/).and.not.include(SECRET);

    await runOnce(api, scheduleId); // the first point: nothing to compare with
    shown.set(id, { now: { price: '999' } });
    await runOnce(api, scheduleId); // a change, confirmed by the re-fetch → one alert
    expect(await historyAmounts(api, id)).to.deep.equal(['1299', '999']);

    await eventually(async () => expect(receiver.at(`/hook/${id}`)).to.have.length(1), 30_000);
    const [hook] = receiver.at(`/hook/${id}`);
    const expected = `sha256=${crypto.createHmac('sha256', SECRET).update(hook!.body, 'utf8').digest('hex')}`;
    expect(hook!.headers['x-signature']).to.equal(expected);
    const payload = JSON.parse(hook!.body);
    expect(payload).to.deep.include({
      rule: 'any_change',
      value: null,
      url: pageUrl(id),
      region: null,
      previous: { amount: '1299', currency: 'RUB', availability: 'InStock' },
      current: { amount: '999', currency: 'RUB', availability: 'InStock' },
      scheduleId,
    });
    expect(hook!.headers['x-alert-id']).to.equal(String(payload.alertId));
    const mail = await stack.mailbox.waitFor(email, { subject: /^Price alert/ });
    expect(mail.text).to.include('Before: 1299 RUB').and.include('Now: 999 RUB').and.include(pageUrl(id));

    // A run whose fetch fails (HTTP 500 after retries), one that finds no price, then the same price again.
    shown.set(id, { now: { status: 500 } });
    await runOnce(api, scheduleId);
    shown.set(id, { now: { noPrice: true } });
    await runOnce(api, scheduleId);
    shown.set(id, { now: { price: '999' } });
    await runOnce(api, scheduleId);
    expect(await historyAmounts(api, id)).to.deep.equal(['1299', '999']);

    const tasks = await scheduleTasks(api, scheduleId);
    // Five runs, and one confirmation task (of the second run) holding only the changed page.
    expect(tasks.map((t) => t.status)).to.deep.equal(['completed', 'completed', 'completed', 'failed', 'failed', 'completed']);
    const alerts = await api.get(`/api/alerts?scheduleId=${scheduleId}`);
    expect(alerts.status).to.equal(200);
    expect(alerts.body.items).to.have.length(1);
    const [alert] = alerts.body.items;
    expect(alert).to.deep.include({ id: payload.alertId, rule: 'any_change', taskId: tasks[1]!.id, confirmTaskId: tasks[2]!.id, url: pageUrl(id) });
    expect(payload.taskId).to.equal(tasks[1]!.id);
    await eventually(async () => {
      const deliveries = (await api.get(`/api/alerts?scheduleId=${scheduleId}`)).body.items[0].deliveries;
      expect(deliveries.map((d: { channel: string; status: string; attempts: number }) => [d.channel, d.status, d.attempts])).to.deep.equal([
        ['webhook', 'delivered', 1],
        ['email', 'delivered', 1],
      ]);
    }, 30_000);
    expect(receiver.at(`/hook/${id}`)).to.have.length(1);
    expect(stack.mailbox.to(email).filter((m) => /^Price alert/.test(m.subject))).to.have.length(1);

    // Only the owner sees the alerts.
    const other = new ApiClient(stack.apiUrl);
    await other.signUp('alerts-other');
    expect((await other.get('/api/alerts')).body.items).to.deep.equal([]);
    expect((await other.get(`/api/alerts?scheduleId=${scheduleId}`)).body.items).to.deep.equal([]);
  });

  it('when the webhook receiver fails twice, then the alert is retried with backoff and accepted exactly once (attempts = 3)', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('alerts-retry');
    const id = `retry-${crypto.randomBytes(3).toString('hex')}`;
    const hookPath = `/hook/${id}`;
    receiver.failFirst.set(hookPath, 2);
    shown.set(id, { now: { price: '2000' } });
    const created = await api.post('/api/schedules', {
      urls: [pageUrl(id)],
      every: 'P1D',
      alerts: [{ rule: 'drop_percent', value: 10 }],
      webhook: { url: `${receiver.url}${hookPath}`, secret: SECRET },
    });
    expect(created.status).to.equal(201);
    await runOnce(api, created.body.id);
    shown.set(id, { now: { price: '1900' } }); // a 5 % drop: below the rule's 10 %
    await runOnce(api, created.body.id);
    shown.set(id, { now: { price: '1500' } }); // 21 %
    await runOnce(api, created.body.id);

    let delivery: { status: string; attempts: number; lastError: string | null } = { status: '', attempts: 0, lastError: null };
    await eventually(async () => {
      const items = (await api.get(`/api/alerts?scheduleId=${created.body.id}`)).body.items;
      expect(items).to.have.length(1);
      delivery = items[0].deliveries[0];
      expect(delivery.status).to.equal('delivered');
    }, 60_000);
    expect(delivery).to.include({ attempts: 3, lastError: null });
    const got = receiver.at(hookPath);
    expect(got.map((r) => r.answered)).to.deep.equal([500, 500, 204]);
    expect(got.filter((r) => r.answered === 204)).to.have.length(1);
    // Every retry carried the same body, signature and alert id.
    expect(new Set(got.map((r) => r.body)).size).to.equal(1);
    expect(new Set(got.map((r) => JSON.stringify([r.headers['x-signature'], r.headers['x-alert-id']]))).size).to.equal(1);
    expect(JSON.parse(got[0]!.body)).to.deep.include({ rule: 'drop_percent', value: 10, previous: { amount: '1900', currency: 'RUB', availability: 'InStock' } });
  });

  it('when a page sells out and hides its price, then the run succeeds with its availability, the history keeps a price-less point, and out_of_stock then back_in_stock alert once each', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('alerts-stock');
    const id = `stock-${crypto.randomBytes(3).toString('hex')}`;
    shown.set(id, { now: { price: '1299' } });
    const created = await api.post('/api/schedules', {
      urls: [pageUrl(id)],
      every: 'P1D',
      alerts: [{ rule: 'out_of_stock' }, { rule: 'back_in_stock' }, { rule: 'any_change' }],
      webhook: { url: `${receiver.url}/hook/${id}`, secret: SECRET },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const scheduleId: number = created.body.id;
    await runOnce(api, scheduleId);
    shown.set(id, { now: { soldOut: true } });
    await runOnce(api, scheduleId);

    // The sold-out page was read correctly: a succeeded product with its availability and no price, not a failure.
    const soldOutRun = (await scheduleTasks(api, scheduleId))[1]!;
    const task = await api.waitForTask(soldOutRun.id);
    expect(task.status).to.equal('completed');
    expect(task.products[0]).to.deep.include({ status: 'succeeded', availability: 'OutOfStock', offers: [] });
    expect(await historyAmounts(api, id)).to.deep.equal(['1299', null]);

    shown.set(id, { now: { price: '1199' } });
    await runOnce(api, scheduleId);
    expect(await historyAmounts(api, id)).to.deep.equal(['1299', null, '1199']);
    const history = (await api.get(`/api/history?url=${encodeURIComponent(pageUrl(id))}`)).body;
    expect(history.kinds[0].points.map((p: { availability: string }) => p.availability)).to.deep.equal(['InStock', 'OutOfStock', 'InStock']);
    const chart = await api.get(`/api/history/chart.svg?url=${encodeURIComponent(pageUrl(id))}`);
    expect(chart.status).to.equal(200);
    expect(chart.text).to.include('out of stock').and.not.include('NaN');

    // Exactly one alert per availability change; `any_change` compares prices only, and there was no price to compare.
    await eventually(async () => expect(receiver.at(`/hook/${id}`)).to.have.length(2), 30_000);
    const bodies = receiver.at(`/hook/${id}`).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.rule, b.previous.amount, b.current.amount, b.current.availability])).to.have.deep.members([
      ['out_of_stock', '1299', null, 'OutOfStock'],
      ['back_in_stock', null, '1199', 'InStock'],
    ]);
    const alerts = (await api.get(`/api/alerts?scheduleId=${scheduleId}`)).body.items;
    expect(alerts.map((a: { rule: string }) => a.rule).sort()).to.deep.equal(['back_in_stock', 'out_of_stock']);
  });

  it('when the confirmation re-fetch disagrees (the price flips back), then no alert is raised, and the next run does not raise one either', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('alerts-flip');
    const id = `flip-${crypto.randomBytes(3).toString('hex')}`;
    shown.set(id, { now: { price: '500' } });
    const created = await api.post('/api/schedules', {
      urls: [pageUrl(id)],
      every: 'P1D',
      alerts: [{ rule: 'any_change' }],
      webhook: { url: `${receiver.url}/hook/${id}`, secret: SECRET },
    });
    const scheduleId: number = created.body.id;
    await runOnce(api, scheduleId);
    // The run sees 400 once; the confirmation's re-fetch sees 500 again.
    shown.set(id, { now: { price: '400' }, then: { price: '500' } });
    await runOnce(api, scheduleId);
    expect(await historyAmounts(api, id)).to.deep.equal(['500', '400', '500']);
    await runOnce(api, scheduleId);
    expect(await historyAmounts(api, id)).to.deep.equal(['500', '400', '500']);

    const tasks = await scheduleTasks(api, scheduleId);
    expect(tasks.map((t) => t.status)).to.deep.equal(['completed', 'completed', 'completed', 'completed']); // 3 runs + 1 confirmation
    expect((await api.get(`/api/alerts?scheduleId=${scheduleId}`)).body.items).to.deep.equal([]);
    // The sender polls every 100 ms in the test stack; a delivery would have been visible by now if one existed.
    const rows = await stack.db.em.fork().getConnection().execute(`select count(*)::int as n from alerts where schedule_id = ?`, [scheduleId]);
    expect(rows[0].n).to.equal(0);
    expect(receiver.at(`/hook/${id}`)).to.have.length(0);
  });

  it('when alert settings are invalid, then 422 names each field; PATCH changes timing in Temporal, alerts and webhook, owner only; pause stops runs and resume restarts them', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('alerts-patch');
    const urls = [pageUrl('patch')];
    shown.set('patch', { now: { price: '100' } });
    for (const [body, path] of [
      [{ urls, every: 'P1D', alerts: [{ rule: 'drop_percent' }] }, 'alerts.0.value'],
      [{ urls, every: 'P1D', alerts: [{ rule: 'drop_percent', value: 150 }] }, 'alerts.0.value'],
      [{ urls, every: 'P1D', alerts: [{ rule: 'price_at_or_below' }] }, 'alerts.0.value'],
      [{ urls, every: 'P1D', alerts: [{ rule: 'sometimes' }] }, 'alerts.0.rule'],
      [{ urls, every: 'P1D', webhook: { url: `${receiver.url}/x`, secret: 'short' } }, 'webhook.secret'],
      [{ urls, every: 'P1D', webhook: { url: 'http://169.254.169.254/latest/meta-data/', secret: SECRET } }, 'webhook.url'],
      [{ urls, every: 'P1D', webhook: { url: 'file:///etc/passwd', secret: SECRET } }, 'webhook.url'],
    ] as const) {
      const res = await api.post('/api/schedules', body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.include(path);
    }
    expect((await api.get('/api/schedules')).body.total).to.equal(0);

    const created = await api.post('/api/schedules', { urls, every: 'P1D', webhook: { url: `${receiver.url}/hook/patch`, secret: SECRET } });
    expect(created.status).to.equal(201);
    const id: number = created.body.id;
    const handle = stack.client.schedule.getHandle(`price-schedule-${id}`);

    const other = new ApiClient(stack.apiUrl);
    await other.signUp('alerts-patch-other');
    expect((await other.request('PATCH', `/api/schedules/${id}`, { every: 'PT12H' })).status).to.equal(404);
    expect((await other.request('PATCH', `/api/schedules/${id}`, { alerts: [{ rule: 'drop_percent' }] })).status).to.equal(404);

    const patched = await api.request('PATCH', `/api/schedules/${id}`, { every: 'PT12H', alerts: [{ rule: 'back_in_stock' }, { rule: 'out_of_stock' }], email: true, name: 'Renamed' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect(patched.body).to.deep.include({ every: 'PT12H', cron: null, name: 'Renamed', email: true, alerts: [{ rule: 'back_in_stock' }, { rule: 'out_of_stock' }] });
    expect((await handle.describe()).spec.intervals?.[0]?.every).to.equal(12 * 3600 * 1000);

    const newSecret = 'another-secret-0123456789';
    const rehooked = await api.request('PATCH', `/api/schedules/${id}`, { webhook: { url: `${receiver.url}/hook/patched`, secret: newSecret } });
    expect(rehooked.body.webhook).to.deep.equal({ url: `${receiver.url}/hook/patched`, hasSecret: true });
    expect(JSON.stringify(rehooked.body)).to.not.include(newSecret);
    const [stored] = await stack.db.em.fork().getConnection().execute<{ webhook_url: string; webhook_secret: string }[]>(`select webhook_url, webhook_secret from schedules where id = ?`, [id]);
    expect(stored!.webhook_url).to.equal(`${receiver.url}/hook/patched`);
    // Stored sealed with the service's key; it opens to the new secret.
    expect(stored!.webhook_secret).to.match(/^sb1:/).and.not.include(newSecret);
    expect(new SecretBox(resolveSecretsKeys(stack.config)).open(stored!.webhook_secret)).to.equal(newSecret);
    expect((await api.request('PATCH', `/api/schedules/${id}`, { webhook: { url: 'http://[::ffff:a9fe:a9fe]/hook', secret: newSecret } })).status).to.equal(422);

    const toCron = await api.request('PATCH', `/api/schedules/${id}`, { cron: '30 8 * * *', timezone: 'Europe/Moscow', webhook: null });
    expect(toCron.status).to.equal(200);
    expect(toCron.body).to.deep.include({ every: null, cron: '30 8 * * *', timezone: 'Europe/Moscow', webhook: null });
    const spec = (await handle.describe()).spec;
    expect(spec.timezone).to.equal('Europe/Moscow');
    expect(spec.intervals ?? []).to.have.length(0);
    expect(JSON.stringify(spec.calendars)).to.include('8');
    expect((await api.request('PATCH', `/api/schedules/${id}`, { every: 'PT1M' })).status).to.equal(422);
    expect((await api.request('PATCH', `/api/schedules/${id}`, { every: 'PT6H', cron: '0 9 * * *' })).status).to.equal(400);
    expect((await api.request('PATCH', `/api/schedules/${id}`, { alerts: [{ rule: 'drop_percent', value: 0 }] })).status).to.equal(422);
    expect((await api.get(`/api/schedules/${id}`)).body).to.deep.include({ cron: '30 8 * * *', alerts: [{ rule: 'back_in_stock' }, { rule: 'out_of_stock' }] });

    // Paused: Temporal starts nothing and a manual trigger is refused; resumed: runs start again.
    await api.post(`/api/schedules/${id}/pause`, {});
    expect((await handle.describe()).state.paused).to.equal(true);
    expect((await api.post(`/api/schedules/${id}/trigger`, {})).status).to.equal(409);
    expect(await scheduleTasks(api, id)).to.have.length(0);
    await api.post(`/api/schedules/${id}/resume`, {});
    expect((await handle.describe()).state.paused).to.equal(false);
    await runOnce(api, id);
    expect((await scheduleTasks(api, id)).map((t) => t.status)).to.deep.equal(['completed']);
    expect((await api.request('DELETE', `/api/schedules/${id}`, {})).status).to.equal(204);
  });
});
