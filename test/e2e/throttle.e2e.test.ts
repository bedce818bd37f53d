import { expect } from 'chai';
import crypto from 'node:crypto';
import pg from 'pg';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { startApi } from '../../src/api/api-runtime.js';
import type { RunningServer } from '../../src/api/server.js';
import type { AppConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { clientKey, RateLimits } from '../../src/api/rate-limits.js';
import { HttpProblem } from '../../src/api/problem.js';
import { resolveSecretsKeys } from '../../src/config/secrets-key.js';

/**
 * Throttles whose counters live in PostgreSQL: extra API instances on the shared stack's database, with small
 * budgets and `TRUST_PROXY=loopback`, so each test speaks from its own addresses via X-Forwarded-For.
 */
const PASSWORD = 'correct horse battery staple';

describe('throttles in PostgreSQL (sign-in, registration, reset requests)', function () {
  this.timeout(120_000);
  let stack: Stack;
  const started: RunningServer[] = [];

  before(async () => {
    stack = await getStack();
  });
  after(async () => {
    for (const server of started) await server.stop();
  });

  async function instance(overrides: Partial<AppConfig> = {}): Promise<RunningServer> {
    const config: AppConfig = {
      ...stack.config,
      TRUST_PROXY: 'loopback',
      LOGIN_FREE_FAILURES: 3,
      LOGIN_MAX_DELAY_SECS: 4,
      LOGIN_IP_MAX_FAILURES: 5,
      REGISTER_MAX_PER_IP: 3,
      ...overrides,
    };
    const server = await startApi({
      config,
      databaseUrl: stack.databaseUrl,
      db: stack.db,
      temporal: stack.client,
      logger: createLogger('silent', 'test'),
      sessionSecrets: ['test-secret-test-secret-test-secret'],
      secretsKeys: resolveSecretsKeys(stack.config),
      port: 0,
    });
    started.push(server);
    return server;
  }

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const login = (url: string, username: string, password: string, ip: string) => new ApiClient(url).post('/api/auth/login', { username, password }, from(ip));
  const uniqueName = (prefix: string) => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
  /** A fresh address per call, from the benchmarking range 198.18.0.0/15 (never routed). */
  let host = 0;
  const freshIp = () => `198.18.${Math.floor(host / 250)}.${(host++ % 250) + 1}`;

  async function register(url: string, ip: string): Promise<string> {
    const username = uniqueName('thr');
    const res = await new ApiClient(url).post('/api/auth/register', { username, email: `${username}@example.test`, password: PASSWORD }, from(ip));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return username;
  }

  it('when an account fails on one replica, then another replica and a restarted one refuse it too', async () => {
    const a = await instance();
    const b = await instance();
    const name = await register(a.url, freshIp());
    const attacker = freshIp();
    for (let i = 0; i < 3; i++) expect((await login(a.url, name, `guess-${i}`, attacker)).status).to.equal(401);
    const onB = await login(b.url, name, PASSWORD, freshIp());
    expect(onB.status).to.equal(429);
    expect(Number(onB.headers.get('retry-after'))).to.be.within(1, 4);

    // Per address too: the budget spent on replica B holds on a replica started afterwards.
    const noisy = freshIp();
    for (let i = 0; i < 5; i++) expect((await login(b.url, uniqueName('nobody'), 'wrong password', noisy)).status).to.equal(401);
    await b.stop();
    started.splice(started.indexOf(b), 1);
    const c = await instance();
    const afterRestart = await login(c.url, uniqueName('nobody'), 'wrong password', noisy);
    expect(afterRestart.status).to.equal(429);
    expect(Number(afterRestart.headers.get('retry-after'))).to.be.greaterThan(60);
  });

  it("when an attacker fails from other addresses, then the owner's known address is never held up and a new one waits at most the cap", async () => {
    const api = await instance();
    const home = freshIp();
    const name = await register(api.url, home);
    expect((await login(api.url, name, PASSWORD, home)).status).to.equal(200);

    // The attacker rotates addresses (each under its per-address budget) and keeps guessing, waiting out delays.
    const waits: number[] = [];
    const deadline = Date.now() + 9_000;
    while (Date.now() < deadline) {
      const res = await login(api.url, name, 'guess', freshIp());
      if (res.status === 429) {
        const wait = Number(res.headers.get('retry-after'));
        waits.push(wait);
        await new Promise((r) => setTimeout(r, Math.min(wait, 2) * 1000));
      } else expect(res.status).to.equal(401);
    }
    expect(waits.length, 'the attacker was slowed down').to.be.greaterThan(0);
    expect(Math.max(...waits), 'never more than LOGIN_MAX_DELAY_SECS').to.be.at.most(4);

    // Now the account is held up for new addresses, at most for the cap …
    const probe = await login(api.url, name, 'guess', freshIp());
    expect(probe.status).to.be.oneOf([401, 429]);
    const stranger = await login(api.url, name, PASSWORD, freshIp());
    expect(stranger.status).to.equal(429);
    expect(Number(stranger.headers.get('retry-after'))).to.be.within(1, 4);
    // … but the owner at an address that signed in before is not held up at all.
    expect((await login(api.url, name, PASSWORD, home)).status).to.equal(200);
    // That success reset the account's count: from a new address the owner gets in at once, a guess is a plain 401.
    expect((await login(api.url, name, PASSWORD, freshIp())).status).to.equal(200);
    expect((await login(api.url, name, 'one more guess', freshIp())).status).to.equal(401);
  });

  it('when failures come from addresses of one IPv6 /64, then they share one budget; another /64 has its own', async () => {
    const api = await instance();
    const prefix = `2001:db8:${crypto.randomInt(1, 0xffff).toString(16)}:7`;
    const inside = [`${prefix}::1`, `${prefix}::2`, `${prefix}:abcd::1`, `${prefix}:ffff:ffff:ffff:fffe`, `${prefix}:0:0:0:99`];
    for (const ip of inside) expect((await login(api.url, uniqueName('nobody'), 'wrong password', ip)).status, ip).to.equal(401);
    expect((await login(api.url, uniqueName('nobody'), 'wrong password', `${prefix}::1234`)).status).to.equal(429);
    expect((await login(api.url, uniqueName('nobody'), 'wrong password', `${prefix.replace(/:7$/, ':8')}::1`)).status).to.equal(401);
  });

  it('when TRUST_PROXY is off, then X-Forwarded-For is ignored: rotating it does not escape the per-address budget', async () => {
    const api = await instance({ TRUST_PROXY: false, LOGIN_IP_MAX_FAILURES: 5 });
    const statuses: number[] = [];
    // Every request really comes from 127.0.0.1, whatever the header claims.
    for (let i = 0; i < 6; i++) statuses.push((await login(api.url, uniqueName('nobody'), 'wrong password', freshIp())).status);
    expect(statuses).to.include(429);
  });

  it('when one address registers more than REGISTER_MAX_PER_IP times an hour, then 429 with Retry-After; other addresses still register', async () => {
    const api = await instance();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await register(api.url, ip);
    const username = uniqueName('thr');
    const refused = await new ApiClient(api.url).post('/api/auth/register', { username, email: `${username}@example.test`, password: PASSWORD }, from(ip));
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    await register(api.url, freshIp());
  });

  it('when password resets are requested for one email too often, then 429 even from new addresses; other emails go on', async () => {
    const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
    try {
      const limits = new RateLimits(pool, { resetPerEmailPerHour: 2, resetPerIpPerHour: 3 });
      const headers: Record<string, string> = {};
      const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as import('express').Response;
      const req = (ip: string) => ({ ip }) as import('express').Request;
      const email = `${uniqueName('victim')}@example.test`;
      await limits.passwordResetRequest(req(freshIp()), res, email);
      await limits.passwordResetRequest(req(freshIp()), res, email.toUpperCase());
      const refused = await limits.passwordResetRequest(req(freshIp()), res, email).then(() => null, (err: unknown) => err);
      expect(refused).to.be.instanceOf(HttpProblem);
      expect((refused as HttpProblem).status).to.equal(429);
      expect(Number(headers['Retry-After'])).to.be.greaterThan(0);
      // Per address: the fourth request from one address is refused, whatever the email.
      const ip = freshIp();
      for (let i = 0; i < 3; i++) await limits.passwordResetRequest(req(ip), res, `${uniqueName('r')}@example.test`);
      const byIp = await limits.passwordResetRequest(req(ip), res, `${uniqueName('r')}@example.test`).then(() => null, (err: unknown) => err);
      expect((byIp as HttpProblem).status).to.equal(429);
    } finally {
      await pool.end();
    }
  });
});

describe('client address keys', () => {
  it('when addresses are in one IPv6 /64, then they share a key; IPv4 and IPv4-mapped addresses are keyed as IPv4', () => {
    expect(clientKey('2001:db8:1:2::1')).to.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:1:2::1')).to.equal('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).to.not.equal(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::1')).to.equal('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).to.equal('fe80:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.7')).to.equal('192.0.2.7');
    expect(clientKey('192.0.2.7')).to.equal('192.0.2.7');
    expect(clientKey('64:ff9b::192.0.2.7')).to.equal('64:ff9b:0:0::/64');
    expect(clientKey(undefined)).to.equal('unknown');
    expect(clientKey('not an address')).to.equal('unknown');
  });
});
