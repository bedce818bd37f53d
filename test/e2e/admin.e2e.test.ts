import { expect } from 'chai';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { User, UserRole } from '../../src/entities/index.js';

const PASSWORD = 'correct horse battery staple';

describe('roles, admin account management and disabled accounts', function () {
  this.timeout(120_000);
  let stack: Stack;
  let admin: ApiClient;
  let adminId: number;

  before(async () => {
    stack = await getStack();
    admin = new ApiClient(stack.apiUrl);
    const name = await admin.signUp('admin');
    adminId = (await admin.get('/api/auth/me')).body.id;
    await stack.db.em.fork().nativeUpdate(User, { username: name }, { role: UserRole.Admin });
  });

  async function member(): Promise<{ api: ApiClient; id: number; username: string }> {
    const api = new ApiClient(stack.apiUrl);
    const username = await api.signUp('member');
    return { api, id: (await api.get('/api/auth/me')).body.id, username };
  }

  it('when a disabled user uses an existing session or token, then both get 401 at once; sign-in says disabled; enabling lets the token work again', async () => {
    const { api, id, username } = await member();
    const created = await api.post('/api/tokens', { name: 'script' });
    expect(created.status).to.equal(201);
    const script = new ApiClient(stack.apiUrl);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await script.request('GET', '/api/auth/me', undefined, bearer)).status).to.equal(200);

    const disabled = await admin.post(`/api/admin/users/${id}/disable`);
    expect(disabled.status).to.equal(200);
    expect(disabled.body.disabledAt).to.be.a('string');
    // Checked before the session is used again (a refused session is also rewritten without its user).
    const rows = await stack.db.em.fork().getConnection().execute(`select count(*)::int as n from user_sessions where sess->'passport'->>'user' = ?`, [String(id)]);
    expect(rows[0].n, 'session rows deleted').to.equal(0);

    expect((await api.get('/api/auth/me')).status, 'session').to.equal(401);
    expect((await script.request('GET', '/api/auth/me', undefined, bearer)).status, 'token').to.equal(401);
    expect((await script.request('GET', '/api/offer-tasks', undefined, bearer)).status, 'token on tasks').to.equal(401);
    const signIn = await new ApiClient(stack.apiUrl).post('/api/auth/login', { username, password: PASSWORD });
    expect(signIn.status).to.equal(403);
    expect(signIn.body.detail).to.match(/disabled/);
    expect((await new ApiClient(stack.apiUrl).post('/api/auth/login', { username, password: 'wrong password' })).status, 'wrong password stays 401').to.equal(401);

    expect((await admin.post(`/api/admin/users/${id}/enable`)).body.disabledAt).to.equal(null);
    expect((await script.request('GET', '/api/auth/me', undefined, bearer)).status).to.equal(200);
    expect((await new ApiClient(stack.apiUrl).post('/api/auth/login', { username, password: PASSWORD })).status).to.equal(200);
  });

  it('when an account is marked disabled but its session rows remain, then the session is still refused on the next request', async () => {
    const { api, id } = await member();
    expect((await api.get('/api/auth/me')).status).to.equal(200);
    // Only the flag, as if the session delete had not happened (e.g. a session written by a request in flight).
    await stack.db.em.fork().nativeUpdate(User, { id }, { disabledAt: new Date() });
    expect((await api.get('/api/auth/me')).status).to.equal(401);
    expect((await api.get('/api/offer-tasks')).status).to.equal(401);
  });

  it('when a non-admin or anonymous caller uses the admin routes, then 403 or 401; an admin cannot disable themselves', async () => {
    const { api, id } = await member();
    expect((await api.get('/api/admin/users')).status).to.equal(403);
    expect((await api.post(`/api/admin/users/${id}/disable`)).status).to.equal(403);
    expect((await new ApiClient(stack.apiUrl).get('/api/admin/users')).status).to.equal(401);
    expect((await admin.post(`/api/admin/users/${adminId}/disable`)).status).to.equal(409);
    expect((await admin.post('/api/admin/users/2147483000/disable')).status).to.equal(404);
    expect((await admin.post('/api/admin/users/abc/enable')).status).to.equal(404);
  });

  it('when an admin lists users, then pages of every account come back with roles', async () => {
    await member();
    const first = await admin.get('/api/admin/users?limit=1');
    expect(first.status).to.equal(200);
    expect(first.body.items).to.have.length(1);
    expect(first.body.total).to.be.greaterThan(1);
    const all = await admin.get(`/api/admin/users?limit=200&offset=0`);
    expect(all.body.items.map((u: { id: number }) => u.id)).to.include(adminId);
    expect(all.body.items.find((u: { id: number }) => u.id === adminId).role).to.equal('admin');
    expect((await admin.get('/api/admin/users?limit=0')).status).to.equal(400);
    expect((await admin.get('/api/admin/users?extra=1')).status).to.equal(400);
  });

  it("when an admin lists tasks, then every user's appear (ownerId filters); a member sees only their own and 404 for others'", async () => {
    const owner = await member();
    const other = await member();
    const task = await owner.api.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/admin-sees-this'] });
    expect(task.status, JSON.stringify(task.body)).to.be.oneOf([201, 202]);
    const taskId = task.body.id as number;

    const everyone = await admin.get('/api/offer-tasks?limit=200');
    expect(everyone.body.items.map((t: { id: number }) => t.id)).to.include(taskId);
    expect(everyone.body.items.find((t: { id: number }) => t.id === taskId).ownerId, 'an admin sees whose task it is').to.equal(owner.id);
    const filtered = await admin.get(`/api/offer-tasks?ownerId=${owner.id}`);
    expect(filtered.body.items.map((t: { id: number }) => t.id)).to.deep.equal([taskId]);
    expect((await admin.get(`/api/offer-tasks?ownerId=${other.id}`)).body.items).to.deep.equal([]);
    expect((await admin.get(`/api/offer-tasks/${taskId}`)).status).to.equal(200);

    expect((await other.api.get('/api/offer-tasks')).body.items).to.deep.equal([]);
    expect((await other.api.get(`/api/offer-tasks?ownerId=${owner.id}`)).body).to.include({ total: 0 });
    expect((await other.api.get(`/api/offer-tasks/${taskId}`)).status).to.equal(404);
    expect((await other.api.post(`/api/offer-tasks/${taskId}/cancel`)).status).to.equal(404);
  });
});

describe('CLI: create-admin and demo-data', function () {
  this.timeout(180_000);
  let stack: Stack;
  before(async () => {
    stack = await getStack();
  });

  function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  it('when create-admin runs with a piped password, then the admin signs in and manages accounts; run again for a user, it promotes them', async () => {
    const username = `cli-admin-${crypto.randomBytes(4).toString('hex')}`;
    const made = await cli(['create-admin', '--username', username, '--email', `${username}@example.test`], { DATABASE_URL: stack.databaseUrl }, 'a long admin password\n');
    expect(made.code, made.stderr).to.equal(0);
    expect(made.stdout).to.match(/created admin/);
    const api = new ApiClient(stack.apiUrl);
    const login = await api.post('/api/auth/login', { username, password: 'a long admin password' });
    expect(login.status).to.equal(200);
    expect(login.body).to.include({ role: 'admin', isAdmin: true, emailConfirmed: true });
    expect((await api.get('/api/admin/users')).status).to.equal(200);

    const member = new ApiClient(stack.apiUrl);
    const name = await member.signUp('promote');
    const promoted = await cli(['create-admin', '--username', name.toUpperCase(), '--email', 'ignored@example.test'], { DATABASE_URL: stack.databaseUrl });
    expect(promoted.code, promoted.stderr).to.equal(0);
    expect(promoted.stdout).to.match(/promoted/);
    expect((await member.get('/api/auth/me')).body.role).to.equal('admin');

    const short = await cli(['create-admin', '--username', `${username}x`, '--email', `x${username}@example.test`], { DATABASE_URL: stack.databaseUrl }, 'short\n');
    expect(short.code).to.equal(1);
    expect(short.stderr).to.match(/password/);
  });

  it('when demo-data runs on an empty database, then it creates users and finished tasks with results; a database with users is refused', async () => {
    const dbName = `demo_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: stack.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${dbName}`);
      const url = new URL(stack.databaseUrl);
      url.pathname = `/${dbName}`;
      const loaded = await cli(['demo-data'], { DATABASE_URL: url.toString() });
      expect(loaded.code, loaded.stderr).to.equal(0);
      expect(loaded.stdout).to.match(/demo-admin \/ password demo-admin-password/);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      try {
        const users = await db.query(`select username, role, email_confirmed_at is not null as confirmed from users order by id`);
        expect(users.rows.map((r: { username: string }) => r.username)).to.deep.equal(['demo-admin', 'anna', 'boris']);
        expect(users.rows[0]).to.include({ role: 'admin', confirmed: true });
        const tasks = await db.query(`select kind, status, count(*)::int as n from tasks group by kind, status order by kind`);
        expect(tasks.rows).to.deep.equal([
          { kind: 'offer', status: 'completed', n: 3 },
          { kind: 'spec', status: 'completed', n: 3 },
        ]);
        expect((await db.query(`select count(*)::int as n from offers`)).rows[0].n).to.be.greaterThan(0);
        expect((await db.query(`select count(*)::int as n from product_characteristics`)).rows[0].n).to.be.greaterThan(0);
      } finally {
        await db.end();
      }
      const again = await cli(['demo-data'], { DATABASE_URL: url.toString() });
      expect(again.code).to.equal(3);
      expect(again.stderr).to.match(/already has 3 user/);
      expect((await cli(['demo-data', '--force'], { DATABASE_URL: url.toString() })).code).to.equal(0);
    } finally {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    expect(fs.existsSync(`src/db/migrations/.snapshot-${dbName}.json`), 'migrating a database never writes into the source tree').to.equal(false);
  });
});
