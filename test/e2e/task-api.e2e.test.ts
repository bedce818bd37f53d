import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { jsonLdPage } from '../support/marketplace-pages.js';
import { jsonLdAdditionalPropertyPage } from '../support/spec-pages.js';

/** What both task kinds share: bulk CSV submission, list filters and cursors, statistics per owner, big exports. */
describe('task API for both kinds', function () {
  this.timeout(180_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer()
      .html('/p/json-ld', jsonLdPage)
      .html('/s/json-ld', jsonLdAdditionalPropertyPage())
      .html('/s/nul', NUL_PAGE)
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  describe('CSV upload', () => {
    it('when a CSV with url and region columns is uploaded, then one product per distinct row is collected with its own region', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('csv');
      const origin = { origin: stack.apiUrl };
      const csv = `url,region\n${shop.baseUrl}/p/json-ld?utm_source=mail,Москва\n${shop.baseUrl}/p/json-ld#reviews,Москва\n\n${shop.baseUrl}/p/json-ld,Казань\n`;
      const res = await api.upload('/api/offer-tasks', { name: 'urls.csv', content: csv }, {}, origin);
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      const task = await api.waitForTask(res.body.id);
      expect(task.status).to.equal('completed');
      expect(task.products.map((p: { url: string; region: string }) => [p.url, p.region])).to.deep.equal([
        [`${shop.baseUrl}/p/json-ld`, 'Москва'],
        [`${shop.baseUrl}/p/json-ld`, 'Казань'],
      ]);
      const request = (await api.get(`/api/offer-tasks/${task.id}/request`)).body;
      expect(request).to.include({ taskId: task.id, source: 'csv', region: null });
      expect(request.urls, 'what was sent, before normalisation').to.deep.equal([
        `${shop.baseUrl}/p/json-ld?utm_source=mail`,
        `${shop.baseUrl}/p/json-ld#reviews`,
        `${shop.baseUrl}/p/json-ld`,
      ]);
    });

    it('when some rows are bad, then 422 names each by line and reason and nothing is stored', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('csv-bad');
      const csv = `URL,Region\n${shop.baseUrl}/p/json-ld,\nfile:///etc/passwd,\n,Москва\n${shop.baseUrl}/p/json-ld,<script>\nhttp://169.254.169.254/latest/meta-data/,\n`;
      const res = await api.upload('/api/spec-tasks', { name: 'urls.csv', content: csv }, {}, { origin: stack.apiUrl });
      expect(res.status).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).to.deep.equal([
        [4, 'invalid-url'],
        [5, 'invalid-region'],
      ]);
      // Row-level problems come first; once the rows are well-formed, the URL gate reports by line too.
      const gate = await api.upload('/api/spec-tasks', { name: 'u.csv', content: `url\n${shop.baseUrl}/s/json-ld\nfile:///etc/passwd\nhttp://169.254.169.254/x\n` }, {}, { origin: stack.apiUrl });
      expect(gate.status).to.equal(422);
      expect(gate.body.errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).to.deep.equal([
        [3, 'scheme-not-allowed'],
        [4, 'non-public-address'],
      ]);
      expect((await api.get('/api/spec-tasks')).body.total).to.equal(0);
    });

    it('when the file has no url column, is missing, or the upload comes from another site, then it is refused', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('csv-refused');
      const file = { name: 'u.csv', content: `link\n${shop.baseUrl}/p/json-ld\n` };
      const noColumn = await api.upload('/api/offer-tasks', file, {}, { origin: stack.apiUrl });
      expect(noColumn.status).to.equal(400);
      expect(noColumn.body.detail).to.include('`url` column');
      const crossSite = await api.upload('/api/offer-tasks', { name: 'u.csv', content: `url\n${shop.baseUrl}/p/json-ld\n` }, {}, { origin: 'https://evil.example' });
      expect(crossSite.status).to.equal(403);
      const noOrigin = await api.upload('/api/offer-tasks', { name: 'u.csv', content: `url\n${shop.baseUrl}/p/json-ld\n` });
      expect(noOrigin.status, 'a cookie-authenticated upload must show it comes from this site').to.equal(403);
      expect((await api.upload('/api/auth/logout', file, {}, { origin: stack.apiUrl })).status, 'only task submission takes files').to.equal(415);
      expect((await api.get('/api/offer-tasks')).body.total).to.equal(0);

      const token = (await api.post('/api/tokens', { name: 'script' })).body.token as string;
      const script = new ApiClient(stack.apiUrl);
      const byToken = await script.upload('/api/offer-tasks', { name: 'u.csv', content: `url\n${shop.baseUrl}/p/json-ld\n` }, {}, { authorization: `Bearer ${token}` });
      expect(byToken.status, 'a script with a token needs no Origin').to.equal(202);
    });
  });

  describe('lists', () => {
    it('when a user pages through tasks with a cursor and filters by status and date, then each task appears once, newest first', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('lists');
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/p/json-ld?i=${i}`] })).body.id);
      for (const id of ids) await api.waitForTask(id);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: number }[]; nextCursor: string | null; total: number } } = await api.get(`/api/offer-tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.body.total).to.equal(5);
        seen.push(...page.body.items.map((t) => t.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).to.deep.equal([...ids].reverse());
      expect((await api.get('/api/offer-tasks?status=completed')).body.total).to.equal(5);
      expect((await api.get('/api/offer-tasks?status=failed')).body.items).to.deep.equal([]);
      expect((await api.get('/api/offer-tasks?createdFrom=2999-01-01')).body.total).to.equal(0);
      expect((await api.get(`/api/offer-tasks?createdTo=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.total).to.equal(5);
      for (const bad of ['cursor=abc', 'status=done', 'createdFrom=yesterday', 'limit=0', 'userId=1']) {
        expect((await api.get(`/api/offer-tasks?${bad}`)).status, bad).to.equal(400);
      }
    });
  });

  describe('statistics', () => {
    it('when two users ran tasks of both kinds, then each sees only their own figures per kind, and an admin sees everyone', async () => {
      const alice = new ApiClient(stack.apiUrl);
      await alice.signUp('alice');
      const bob = new ApiClient(stack.apiUrl);
      await bob.signUp('bob');
      const a1 = await alice.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/p/json-ld`, `${shop.baseUrl}/p/missing`] });
      const a2 = await alice.post('/api/spec-tasks', { urls: [`${shop.baseUrl}/s/json-ld`] });
      const b1 = await bob.post('/api/spec-tasks', { urls: [`${shop.baseUrl}/s/json-ld`, `${shop.baseUrl}/p/json-ld?no-specs`] });
      await alice.waitForTask(a1.body.id);
      await alice.waitForTask(a2.body.id, 60_000, 'spec-tasks');
      await bob.waitForTask(b1.body.id, 60_000, 'spec-tasks');

      const mine = (client: ApiClient) => client.get('/api/stats/sites').then((r) => r.body);
      const aliceStats = await mine(alice);
      expect(aliceStats.scope).to.equal('own');
      expect(aliceStats.sites.map(pick)).to.deep.equal([
        { kind: 'offer', collected: 1, failed: 1, reasons: { 'http-404': 1 } },
        { kind: 'spec', collected: 1, failed: 0, reasons: {} },
      ]);
      const bobStats = await mine(bob);
      expect(bobStats.sites.map(pick)).to.deep.equal([{ kind: 'spec', collected: 1, failed: 1, reasons: { 'no-characteristics-found': 1 } }]);
      expect((await alice.get('/api/stats/sites?kind=spec')).body.sites.map(pick)).to.deep.equal([{ kind: 'spec', collected: 1, failed: 0, reasons: {} }]);

      const em = stack.db.em.fork();
      await em.getConnection().execute(`update users set role = 'admin' where id = (select owner_id from tasks where id = ?)`, [b1.body.id]);
      const adminView = await mine(bob);
      expect(adminView.scope).to.equal('all-users');
      const spec = adminView.sites.find((s: { kind: string }) => s.kind === 'spec');
      expect(spec.collected).to.be.at.least(2);
    });
  });

  describe('hostile text', () => {
    it('when structured data carries NUL characters, then the product is stored without them instead of failing its write', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('nul');
      const submitted = await api.post('/api/spec-tasks', { urls: [`${shop.baseUrl}/s/nul`] });
      const task = await api.waitForTask(submitted.body.id, 60_000, 'spec-tasks');
      expect(task.status, JSON.stringify(task.products[0])).to.equal('completed');
      expect(task.products[0].name).to.equal('Vacuum X');
      expect(task.products[0].characteristics).to.deep.equal([{ name: 'Power', value: '40 W', number: 40, unit: 'W' }]);
    });
  });

  describe('results of any size', () => {
    it('when a task has 20,000 products, then its results stream completely in CSV, JSON and JSON Lines', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('big-export');
      const me = (await api.get('/api/auth/me')).body;
      const taskId = await insertFinishedTask(stack, me.id, 20_000);
      const csv = await fetchText(`${stack.apiUrl}/api/spec-tasks/${taskId}/results?format=csv`, api);
      const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\n');
      // Two characteristics per product, one header.
      expect(lines).to.have.length(1 + 40_000);
      expect(lines[1]).to.match(/^1,https:\/\/shop\.example\/p\/0,shop\.example,,succeeded,Item 0,.*,Память,RAM,8 ГБ,8,GB$/);
      expect(lines[40_000]).to.match(/^20000,https:\/\/shop\.example\/p\/19999,.*,Экран,Screen,"6\.1""",6\.1,in$/);
      const jsonl = (await fetchText(`${stack.apiUrl}/api/spec-tasks/${taskId}/results?format=jsonl`, api)).trimEnd().split('\n');
      expect(jsonl).to.have.length(20_000);
      expect(JSON.parse(jsonl[19_999]!).characteristics).to.have.length(2);
      const json = JSON.parse(await fetchText(`${stack.apiUrl}/api/spec-tasks/${taskId}/results`, api)) as unknown[];
      expect(json).to.have.length(20_000);
    });
  });
});

/** JSON-LD whose strings hold escaped NULs: JSON.parse turns them into real NUL characters. */
const NUL_PAGE = `<!doctype html><html><head><title>x</title><script type="application/ld+json">
{"@context":"https://schema.org","@type":"Product","name":"Vacuum\\u0000 X","offers":{"@type":"Offer","price":"10","priceCurrency":"EUR"},
"additionalProperty":[{"@type":"PropertyValue","name":"Pow\\u0000er","value":"40 W"}]}</script></head><body><h1>Vacuum X</h1></body></html>`;

function pick(s: { kind: string; collected: number; failed: number; failuresByReason: Record<string, number> }) {
  return { kind: s.kind, collected: s.collected, failed: s.failed, reasons: s.failuresByReason };
}

async function fetchText(url: string, api: ApiClient): Promise<string> {
  const res = await api.get(url.slice(api.baseUrl.length));
  expect(res.status).to.equal(200);
  return typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
}

/** A finished characteristics task written straight into PostgreSQL: scraping 20,000 pages is not what is tested here. */
async function insertFinishedTask(stack: Stack, ownerId: number, products: number): Promise<number> {
  const conn = stack.db.em.fork().getConnection();
  const [task] = await conn.execute<{ id: number }[]>(
    `insert into tasks (kind, owner_id, status, created_at, updated_at, finished_at) values ('spec', ?, 'completed', now(), now(), now()) returning id`,
    [ownerId],
  );
  await conn.execute(
    `insert into task_products (task_id, position, url, domain, status, name, attempts, created_at, updated_at, collected_at, finished_at)
     select ?, g, 'https://shop.example/p/' || g, 'shop.example', 'succeeded', 'Item ' || g, 1, now(), now(), now(), now() from generate_series(0, ? - 1) g`,
    [task!.id, products],
  );
  await conn.execute(
    `insert into product_characteristics (product_id, position, name, normalized_name, value, number, unit, group_name)
     select id, 0, 'RAM', 'ram', '8 ГБ', 8, 'GB', 'Память' from task_products where task_id = ?
     union all select id, 1, 'Screen', 'screen', '6.1"', 6.1, 'in', 'Экран' from task_products where task_id = ?`,
    [task!.id, task!.id],
  );
  return task!.id;
}
