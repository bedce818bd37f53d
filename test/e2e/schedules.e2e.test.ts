import { expect } from 'chai';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { FixtureServer } from '../support/fixture-server.js';
import { jsonLdPage } from '../support/marketplace-pages.js';

describe('recurring price checks on Temporal Schedules (HTTP API → Temporal schedule → price task)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer().html('/p/json-ld', jsonLdPage).start();
  });

  after(async () => {
    await shop?.stop();
  });

  it('when timing or URLs are wrong, then 400 for malformed timing and 422 below the minimum interval; nothing is stored', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sched-bad');
    const urls = [`${shop.baseUrl}/p/json-ld`];
    for (const body of [
      { urls, every: 'PT6X' },
      { urls, every: 'P1M' },
      { urls, cron: '* * *' },
      { urls, cron: '61 * * * *' },
      { urls, every: 'PT6H', cron: '0 9 * * *' },
      { urls },
      { urls, every: 'PT6H', timezone: 'Europe/Moscow' },
      { urls, cron: '0 9 * * *', timezone: 'Mars/Olympus' },
      { urls: [], every: 'PT6H' },
    ]) {
      const res = await api.post('/api/schedules', body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    }
    for (const body of [
      { urls, every: 'PT1M' },
      { urls, cron: '*/2 * * * *' },
    ]) {
      const res = await api.post('/api/schedules', body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({ minIntervalSecs: 300 });
    }
    const refused = await api.post('/api/schedules', { urls: ['ftp://example.com/x'], every: 'PT6H' });
    expect(refused.status).to.equal(422);
    expect((await api.get('/api/schedules')).body).to.deep.equal({ items: [], total: 0 });
  });

  it('when an unconfirmed account creates a schedule, then 403', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sched-unconfirmed', { confirm: false });
    const res = await api.post('/api/schedules', { urls: [`${shop.baseUrl}/p/json-ld`], every: 'PT6H' });
    expect(res.status).to.equal(403);
  });

  it('when a schedule is created, triggered, paused, resumed and deleted, then each run is a price task with its scheduleId and only the owner sees it', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sched');
    const other = new ApiClient(stack.apiUrl);
    await other.signUp('sched-other');

    const created = await api.post('/api/schedules', { name: 'Coffee grinder', urls: [`${shop.baseUrl}/p/json-ld`], region: 'Moscow', every: 'PT6H' });
    expect(created.status).to.equal(201);
    const id: number = created.body.id;
    expect(created.headers.get('location')).to.equal(`/api/schedules/${id}`);
    expect(created.body).to.include({ name: 'Coffee grinder', every: 'PT6H', cron: null, paused: false, temporalScheduleId: `price-schedule-${id}`, lastTaskId: null });

    // The Temporal schedule carries the policies the API promises.
    const handle = stack.client.schedule.getHandle(`price-schedule-${id}`);
    const described = await handle.describe();
    expect(described.policies.overlap).to.equal(ScheduleOverlapPolicy.SKIP);
    expect(described.policies.catchupWindow).to.equal(600_000);
    expect(described.state.paused).to.equal(false);

    // Only the owner sees it.
    expect((await api.get('/api/schedules')).body.items.map((s: { id: number }) => s.id)).to.deep.equal([id]);
    expect((await other.get('/api/schedules')).body).to.deep.equal({ items: [], total: 0 });
    for (const [method, path] of [
      ['GET', `/api/schedules/${id}`],
      ['DELETE', `/api/schedules/${id}`],
      ['POST', `/api/schedules/${id}/pause`],
      ['POST', `/api/schedules/${id}/resume`],
      ['POST', `/api/schedules/${id}/trigger`],
    ] as const) {
      expect((await other.request(method, path, method === 'GET' ? undefined : {})).status, `${method} ${path}`).to.equal(404);
    }
    const own = await api.get(`/api/schedules/${id}`);
    expect(own.status).to.equal(200);
    expect(Date.parse(own.body.nextRunAt)).to.be.greaterThan(Date.now());

    // A triggered run is an ordinary price task that names its schedule.
    expect((await api.post(`/api/schedules/${id}/trigger`, {})).status).to.equal(202);
    let taskId = 0;
    await eventually(async () => {
      taskId = (await api.get(`/api/schedules/${id}`)).body.lastTaskId;
      expect(taskId).to.be.a('number');
    }, 60_000);
    const task = await api.waitForTask(taskId, 120_000);
    expect(task).to.include({ status: 'completed', scheduleId: id, region: 'Moscow', workflowId: `offer-task-${taskId}` });
    expect(task.products[0].offers.map((o: { kind: string; amount: string }) => [o.kind, Number(o.amount)])).to.deep.equal([['current', 1299]]);
    const listed = await api.get('/api/offer-tasks');
    expect(listed.body.items.find((t: { id: number }) => t.id === taskId)).to.include({ scheduleId: id });
    expect((await other.get(`/api/offer-tasks/${taskId}`)).status).to.equal(404);

    // Paused: no runs, and a manual trigger is refused until resumed.
    const paused = await api.post(`/api/schedules/${id}/pause`, {});
    expect(paused.status).to.equal(200);
    expect(paused.body.paused).to.equal(true);
    expect((await handle.describe()).state.paused).to.equal(true);
    const refused = await api.post(`/api/schedules/${id}/trigger`, {});
    expect(refused.status).to.equal(409);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const resumed = await api.post(`/api/schedules/${id}/resume`, {});
    expect(resumed.body.paused).to.equal(false);
    expect((await handle.describe()).state.paused).to.equal(false);

    // Deleting removes the Temporal schedule; the run's task stays, no longer linked.
    expect((await api.request('DELETE', `/api/schedules/${id}`, {})).status).to.equal(204);
    let gone: unknown;
    await handle.describe().catch((err: unknown) => (gone = err));
    expect(gone).to.be.instanceOf(ScheduleNotFoundError);
    expect((await api.get(`/api/schedules/${id}`)).status).to.equal(404);
    expect((await api.get(`/api/offer-tasks/${taskId}`)).body).to.include({ status: 'completed', scheduleId: null });
  });

  it('when a schedule fires on its own timer, then pause stops the timed runs and resume restarts them; a pause made in the Web UI is what the API shows', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sched-timer');
    const created = await api.post('/api/schedules', { urls: [`${shop.baseUrl}/p/json-ld`], every: 'PT6H' });
    expect(created.status).to.equal(201);
    const id: number = created.body.id;
    // An operator shortens the timer in Temporal (the API refuses anything below MIN_SCHEDULE_INTERVAL_SECS), so the
    // test sees real timed fires within seconds instead of triggers.
    const handle = stack.client.schedule.getHandle(`price-schedule-${id}`);
    await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every: '2s' }] } }));
    const runTasks = async (): Promise<{ id: number; status: string }[]> => {
      const res = await api.get('/api/offer-tasks?limit=100');
      return (res.body.items as { id: number; status: string; scheduleId: number | null }[]).filter((t) => t.scheduleId === id);
    };
    const settled = (tasks: { status: string }[]) => tasks.every((t) => ['completed', 'partially_completed', 'failed', 'cancelled'].includes(t.status));

    await eventually(async () => expect((await runTasks()).length).to.be.at.least(2), 60_000);

    expect((await api.post(`/api/schedules/${id}/pause`, {})).status).to.equal(200);
    // A run that fired just before the pause may still be finishing; after that, nothing new may start.
    await eventually(async () => expect(settled(await runTasks())).to.equal(true), 60_000);
    const whilePaused = (await runTasks()).length;
    const actionsWhilePaused = (await handle.describe()).info.numActionsTaken;
    await new Promise((r) => setTimeout(r, 7_000)); // three and a half intervals of the 2 s timer
    expect((await runTasks()).length, 'tasks started while paused').to.equal(whilePaused);
    expect((await handle.describe()).info.numActionsTaken, 'Temporal actions while paused').to.equal(actionsWhilePaused);

    expect((await api.post(`/api/schedules/${id}/resume`, {})).status).to.equal(200);
    await eventually(async () => expect((await runTasks()).length).to.be.greaterThan(whilePaused), 60_000);

    // An operator pausing it in the Web UI (straight in Temporal) is what the API then answers and enforces.
    // The list asks Temporal too (checked first, before anything else could refresh the stored state).
    await handle.pause('operator, in the Web UI');
    expect((await api.get('/api/schedules')).body.items[0]).to.include({ id, paused: true });
    await handle.unpause('operator, in the Web UI');
    expect((await api.get('/api/schedules')).body.items[0]).to.include({ id, paused: false });
    await handle.pause('operator, in the Web UI');
    const seen = await api.get(`/api/schedules/${id}`);
    expect(seen.body).to.include({ paused: true, nextRunAt: null });
    expect((await api.post(`/api/schedules/${id}/trigger`, {})).status).to.equal(409);
    await handle.unpause('operator, in the Web UI');
    expect((await api.get(`/api/schedules/${id}`)).body).to.include({ paused: false });

    expect((await api.request('DELETE', `/api/schedules/${id}`, {})).status).to.equal(204);
  });

  it('when a user reaches MAX_SCHEDULES_PER_USER (3 in the test stack), then the next schedule is refused with 429', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('sched-limit');
    const urls = [`${shop.baseUrl}/p/json-ld`];
    const ids: number[] = [];
    for (const body of [
      { urls, every: 'P1D' },
      { urls, cron: '0 9 * * 1-5', timezone: 'Europe/Moscow' },
      { urls, cron: '*/5 * * * *' },
    ]) {
      const res = await api.post('/api/schedules', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      ids.push(res.body.id);
    }
    const over = await api.post('/api/schedules', { urls, every: 'PT12H' });
    expect(over.status).to.equal(429);
    expect(over.body).to.include({ schedules: 3, limit: 3 });
    const cron = await stack.client.schedule.getHandle(`price-schedule-${ids[1]}`).describe();
    expect(cron.spec.timezone).to.equal('Europe/Moscow');
    for (const id of ids) expect((await api.request('DELETE', `/api/schedules/${id}`, {})).status).to.equal(204);
  });
});
