import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient as PlainClient, type ApiResponse } from '../support/api-client.js';
import { OpenApiContract } from '../support/openapi-contract.js';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi-document.js';

/**
 * Accounts, sessions, input validation and ownership, through the real API on a real database. Every response any
 * test here gets is also checked with ajv against the OpenAPI document: a documented status, content type and body.
 */
describe('API contract: accounts, validation, ownership', function () {
  this.timeout(60_000);
  let stack: Stack;
  const contract = new OpenApiContract(buildOpenApiDocument());
  const violations: string[] = [];
  let checked = 0;
  const checkAgainstDocument = (method: string, path: string, res: ApiResponse) => {
    checked++;
    const operation = contract.match(method, path);
    // Paths the API does not have are answered by the catch-all 404, a plain problem.
    if (!operation) {
      const problem = contract.validator('/components/schemas/Problem');
      if (res.status !== 404 || !problem(res.body)) violations.push(`${method} ${path} → ${res.status}: undocumented path without a 404 problem`);
      return;
    }
    violations.push(...contract.check(operation, res));
  };
  /** A client whose every response is checked against the document. */
  class ApiClient extends PlainClient {
    constructor(baseUrl: string) {
      super(baseUrl, checkAgainstDocument);
    }
  }

  before(async () => {
    stack = await getStack();
  });

  // A failing hook names the test it ran after and stops the rest of its describe: the run fails either way.
  afterEach(() => {
    expect(violations.splice(0), 'responses that break the OpenAPI document').to.deep.equal([]);
  });

  after(() => {
    expect(checked, 'responses checked against the document').to.be.greaterThan(50);
  });

  const problemOf = (res: { status: number; headers: Headers; body: any }) => {
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.status).to.equal(res.status);
    expect(res.body.title).to.be.a('string');
    return res.body;
  };

  describe('accounts and sessions', () => {
    it('when a user registers, signs in and out, then /me follows the session', async () => {
      const api = new ApiClient(stack.apiUrl);
      expect((await api.get('/api/auth/me')).status).to.equal(401);
      const name = await api.signUp('acct');
      const me = await api.get('/api/auth/me');
      expect(me.status).to.equal(200);
      expect(me.body).to.include({ username: name, email: `${name}@example.test`, isAdmin: false });
      expect(me.body).to.not.have.property('passwordHash');
      const out = await api.post('/api/auth/logout');
      expect(out.status).to.equal(204);
      expect((await api.get('/api/auth/me')).status).to.equal(401);
    });

    it('when a session is older than the absolute lifetime, then it is ended however active it was', async () => {
      const api = new ApiClient(stack.apiUrl);
      const name = await api.signUp('absolute');
      expect((await api.get('/api/auth/me')).status).to.equal(200);
      const em = stack.db.em.fork();
      const aged = await em.execute<{ sid: string }[]>(
        `update user_sessions set sess = (sess::jsonb || '{"signedInAt": 1}'::jsonb)::json
         where sess::jsonb -> 'passport' ->> 'user' = (select id::text from users where username = ?) returning sid`,
        [name],
      );
      expect(aged).to.have.length(1);
      expect((await api.get('/api/auth/me')).status).to.equal(401);
      const left = await em.execute<{ n: string }[]>('select count(*) as n from user_sessions where sid = ?', [aged[0]!.sid]);
      expect(Number(left[0]!.n)).to.equal(0);
    });

    it('when the session cookie is set, then it is HttpOnly and SameSite', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('cookie');
      const username = `cookie2-${Date.now()}`;
      await api.post('/api/auth/register', { username, email: `${username}@example.test`, password: 'long enough password' });
      const res = await fetch(`${stack.apiUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'long enough password' }),
      });
      const text = await res.text();
      checkAgainstDocument('POST', '/api/auth/login', { status: res.status, headers: res.headers, body: JSON.parse(text), text });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).to.match(/^pc\.sid=/);
      expect(cookie).to.match(/HttpOnly/i);
      expect(cookie).to.match(/SameSite=Lax/i);
    });

    it('when the password is wrong or the user unknown, then both answer the same 401', async () => {
      const api = new ApiClient(stack.apiUrl);
      const name = await api.signUp('pw');
      const wrong = await new ApiClient(stack.apiUrl).post('/api/auth/login', { username: name, password: 'not the password' });
      const unknown = await new ApiClient(stack.apiUrl).post('/api/auth/login', { username: `${name}-nobody`, password: 'not the password' });
      expect(wrong.status).to.equal(401);
      expect(unknown.status).to.equal(401);
      expect(problemOf(wrong).detail).to.equal(problemOf(unknown).detail);
    });

    it('when a username is taken, then registering again answers 409', async () => {
      const api = new ApiClient(stack.apiUrl);
      const name = await api.signUp('dup');
      const again = await new ApiClient(stack.apiUrl).post('/api/auth/register', { username: name, email: `x${name}@example.test`, password: 'another password' });
      expect(again.status).to.equal(409);
      problemOf(again);
    });

    it('when a password is 1,000 characters, then it is accepted whole; when it is 5,000, then 400', async () => {
      const api = new ApiClient(stack.apiUrl);
      const username = `longpw-${Date.now()}`;
      const password = 'p'.repeat(999) + 'X';
      expect((await api.post('/api/auth/register', { username, email: `${username}@example.test`, password })).status).to.equal(201);
      expect((await api.post('/api/auth/login', { username, password: password.slice(0, 999) + 'Y' })).status).to.equal(401);
      expect((await api.post('/api/auth/login', { username, password })).status).to.equal(200);
      const huge = await api.post('/api/auth/register', { username: `${username}2`, email: `2${username}@example.test`, password: 'p'.repeat(5000) });
      expect(huge.status).to.equal(400);
    });

    it('when sign-ins keep failing for one account, then the 11th is throttled with Retry-After', async () => {
      const api = new ApiClient(stack.apiUrl);
      const name = await api.signUp('throttle');
      const guesser = new ApiClient(stack.apiUrl);
      for (let i = 0; i < 10; i++) expect((await guesser.post('/api/auth/login', { username: name, password: `guess-${i}` })).status).to.equal(401);
      const blocked = await guesser.post('/api/auth/login', { username: name, password: 'correct horse battery staple' });
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
    });
  });

  describe('bad input', () => {
    let api: ApiClient;
    before(async () => {
      api = new ApiClient(stack.apiUrl);
      await api.signUp('input');
    });

    it('when the JSON is malformed, then 400 problem+json', async () => {
      const res = await api.request('POST', '/api/offer-tasks', '{"urls": [', { 'content-type': 'application/json' });
      expect(res.status).to.equal(400);
      expect(problemOf(res).title).to.equal('Malformed JSON');
    });

    it('when the body is larger than the limit, then 413', async () => {
      const res = await api.post('/api/offer-tasks', { urls: ['https://example.com/' + 'a'.repeat(2_000_000)] });
      expect(res.status).to.equal(413);
      problemOf(res);
    });

    it('when a state change is not sent as JSON, then 415 and nothing happens', async () => {
      const res = await api.request('POST', '/api/offer-tasks', 'urls=https://example.com', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.status).to.equal(415);
      problemOf(res);
    });

    it('when a cross-site Origin sends a state change, then 403', async () => {
      const res = await api.post('/api/offer-tasks', { urls: ['https://example.com/'] }, { origin: 'https://evil.example' });
      expect(res.status).to.equal(403);
    });

    it('when unknown fields such as isAdmin or userId are sent, then 400 naming them', async () => {
      const reg = await api.post('/api/auth/register', { username: `adm-${Date.now()}`, email: `adm${Date.now()}@example.test`, password: 'long enough password', isAdmin: true });
      expect(reg.status).to.equal(400);
      expect(problemOf(reg).detail).to.match(/isAdmin/);
      const task = await api.post('/api/offer-tasks', { urls: ['https://example.com/'], userId: 1 });
      expect(task.status).to.equal(400);
      expect(problemOf(task).detail).to.match(/userId/);
    });

    it('when urls is empty, missing or not a list of strings, then 400', async () => {
      for (const body of [{ urls: [] }, {}, { urls: 'https://example.com' }, { urls: [42] }, []]) {
        const res = await api.post('/api/offer-tasks', body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        problemOf(res);
      }
    });

    it('when 10,001 URLs are sent, then 400 says the limit and nothing is stored', async () => {
      const before = await api.get('/api/offer-tasks');
      const urls = Array.from({ length: 10_001 }, (_, i) => `https://example.com/p/${i}`);
      const res = await api.post('/api/offer-tasks', { urls });
      expect(res.status).to.equal(400);
      expect(problemOf(res).detail).to.match(/10000/);
      expect((await api.get('/api/offer-tasks')).body.total).to.equal(before.body.total);
    });

    it('when the route does not exist, then 404 problem+json', async () => {
      const res = await api.get('/api/nope');
      expect(res.status).to.equal(404);
      problemOf(res);
    });
  });

  describe('ownership', () => {
    it('when another user or nobody asks for a task, then 404 and 401; the owner sees it', async () => {
      const owner = new ApiClient(stack.apiUrl);
      await owner.signUp('owner');
      const created = await owner.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/never'] });
      expect(created.status).to.equal(202);
      const id = created.body.id;
      const stranger = new ApiClient(stack.apiUrl);
      await stranger.signUp('stranger');
      expect((await stranger.get(`/api/offer-tasks/${id}`)).status).to.equal(404);
      expect((await stranger.post(`/api/offer-tasks/${id}/cancel`)).status).to.equal(404);
      expect((await new ApiClient(stack.apiUrl).get(`/api/offer-tasks/${id}`)).status).to.equal(401);
      expect((await owner.get(`/api/offer-tasks/${id}`)).status).to.equal(200);
      const list = await stranger.get('/api/offer-tasks');
      expect(list.body.items.map((t: { id: number }) => t.id)).to.not.include(id);
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) expect((await owner.get(`/api/offer-tasks/${bad}`)).status).to.equal(404);
      await owner.waitForTask(id);
      // The results of the ended task in every format, each checked against its documented media type.
      for (const format of ['json', 'jsonl', 'csv']) expect((await owner.get(`/api/offer-tasks/${id}/results?format=${format}`)).status, format).to.equal(200);
      expect((await owner.get(`/api/offer-tasks/${id}/export.csv`)).status).to.equal(200);
      expect((await stranger.get(`/api/offer-tasks/${id}/results`)).status).to.equal(404);
    });
  });

  describe('CSV upload', () => {
    it('when a file of URLs is uploaded with an API token, then a task is created; a bad row answers 422 by line', async () => {
      const owner = new ApiClient(stack.apiUrl);
      await owner.signUp('csv');
      const auth = { authorization: `Bearer ${(await owner.post('/api/tokens', { name: 'csv' })).body.token}` };
      const script = new ApiClient(stack.apiUrl);
      const created = await script.upload('/api/spec-tasks', { name: 'urls.csv', content: 'url,region\nhttp://127.0.0.1:9/a,Москва\nhttp://127.0.0.1:9/b,\n' }, { region: 'Казань' }, auth);
      expect(created.status).to.equal(202);
      expect(created.body.progress.total).to.equal(2);
      const refused = await script.upload('/api/offer-tasks', { name: 'urls.csv', content: 'url\nhttp://127.0.0.1:9/ok\n\n"not a url\u0001"\n' }, {}, auth);
      expect(refused.status).to.equal(422);
      expect(refused.body.errors[0]).to.include({ line: 4 });
      expect((await script.upload('/api/offer-tasks', { name: 'x.csv', content: 'url\n' }, {}, auth)).status).to.equal(400);
      await owner.post(`/api/spec-tasks/${created.body.id}/cancel`);
      await owner.waitForTask(created.body.id, 60_000, 'spec-tasks');
    });
  });

  describe('API tokens', () => {
    it('when a user creates a token, then a script can use it without a session until it is revoked', async () => {
      const owner = new ApiClient(stack.apiUrl);
      const name = await owner.signUp('tokens');
      const created = await owner.post('/api/tokens', { name: 'nightly price script' });
      expect(created.status).to.equal(201);
      expect(created.body.token).to.match(/^pct_[A-Za-z0-9_-]{43}$/);
      const auth = { authorization: `Bearer ${created.body.token}` };

      const script = new ApiClient(stack.apiUrl);
      const me = await script.request('GET', '/api/auth/me', undefined, auth);
      expect(me.status).to.equal(200);
      expect(me.body.username).to.equal(name);
      const task = await script.request('POST', '/api/offer-tasks', { urls: ['http://127.0.0.1:9/token'] }, auth);
      expect(task.status).to.equal(202);
      expect((await owner.get(`/api/offer-tasks/${task.body.id}`)).status).to.equal(200);
      expect((await script.request('POST', '/api/tokens', { name: 'minted by a token' }, auth)).status).to.equal(403);

      const list = await owner.get('/api/tokens');
      expect(list.body.items).to.have.length(1);
      expect(list.body.items[0]).to.include({ name: 'nightly price script', revokedAt: null });
      expect(JSON.stringify(list.body)).to.not.include(created.body.token);

      const revoked = await owner.post(`/api/tokens/${created.body.id}/revoke`);
      expect(revoked.status).to.equal(200);
      expect(revoked.body.revokedAt).to.be.a('string');
      expect((await script.request('GET', '/api/auth/me', undefined, auth)).status).to.equal(401);
      await owner.post(`/api/offer-tasks/${task.body.id}/cancel`);
    });

    it('when the Authorization header is malformed or the token unknown, then 401 and never anonymous access', async () => {
      const script = new ApiClient(stack.apiUrl);
      for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer pct_short', `Bearer pct_${'A'.repeat(43)}`]) {
        const res = await script.request('GET', '/api/offer-tasks', undefined, { authorization: header });
        expect(res.status, header).to.equal(401);
        problemOf(res);
      }
    });

    it("when someone revokes another user's token id, then 404", async () => {
      const owner = new ApiClient(stack.apiUrl);
      await owner.signUp('tok-owner');
      const created = await owner.post('/api/tokens', { name: 'mine' });
      const other = new ApiClient(stack.apiUrl);
      await other.signUp('tok-other');
      expect((await other.post(`/api/tokens/${created.body.id}/revoke`)).status).to.equal(404);
      expect((await owner.get('/api/tokens')).body.items[0].revokedAt).to.equal(null);
    });
  });

  describe('idempotency', () => {
    it('when the same Idempotency-Key is sent twice, then one task and one workflow', async () => {
      const api = new ApiClient(stack.apiUrl);
      await api.signUp('idem');
      const key = `key-${Date.now()}`;
      const first = await api.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/a'] }, { 'idempotency-key': key });
      const second = await api.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/a'] }, { 'idempotency-key': key });
      expect(first.status).to.equal(202);
      expect(second.status).to.equal(200);
      expect(second.body.id).to.equal(first.body.id);
      expect((await api.get('/api/offer-tasks')).body.total).to.equal(1);
      await api.waitForTask(first.body.id);
    });
  });

  describe('health', () => {
    it('when PostgreSQL and Temporal answer, then 200 ok', async () => {
      const res = await new ApiClient(stack.apiUrl).get('/api/health');
      expect((await new ApiClient(stack.apiUrl).get('/api/docs/openapi.json')).status).to.equal(200);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok', database: 'ok', temporal: 'ok' });
    });
  });
});
