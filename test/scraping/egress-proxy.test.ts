import { expect } from 'chai';
import http from 'node:http';
import { EgressProxy, EGRESS_REFUSED_HEADER } from '../../src/scraping/index.js';
import type { UrlPolicy } from '../../src/security/index.js';
import { CanaryServer } from '../support/canary-server.js';
import { FixtureServer } from '../support/fixture-server.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to the proxy: absolute-form GET, or CONNECT when `target` has no scheme. */
function ask(proxy: EgressProxy, target: string, auth?: { username: string; password: string }): Promise<Answer> {
  const proxyUrl = new URL(proxy.url);
  const headers = auth ? { 'proxy-authorization': `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  const connect = !target.includes('://');
  return new Promise((resolve, reject) => {
    const req = http.request({ host: proxyUrl.hostname, port: proxyUrl.port, method: connect ? 'CONNECT' : 'GET', path: target, headers, agent: false });
    req.on('connect', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk.slice(0, 10_000)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('proxy did not answer')));
    req.end();
  });
}

describe('egress proxy', () => {
  let canary: CanaryServer;
  let shop: FixtureServer;
  const proxies: EgressProxy[] = [];
  const startProxy = async (policy: UrlPolicy) => {
    const proxy = new EgressProxy({ policy, resolve: async (host) => (host === 'shop.test.example' ? ['127.0.0.1'] : []), connectTimeoutMs: 1_000 });
    await proxy.start();
    proxies.push(proxy);
    return proxy;
  };

  before(async () => {
    canary = await new CanaryServer().start('127.0.0.3');
    shop = await new FixtureServer().html('/ok', '<h1>ok</h1>').start();
  });

  after(async () => {
    for (const proxy of proxies) await proxy.stop();
    await shop.stop();
    await canary.stop();
  });

  it('when a local process has no or wrong credentials, then nothing is relayed (407)', async () => {
    const proxy = await startProxy({ allowPrivateTargets: true });
    expect((await ask(proxy, `http://127.0.0.3:${canary.port}/x`)).status).to.equal(407);
    expect((await ask(proxy, `127.0.0.3:${canary.port}`)).status).to.equal(407);
    expect((await ask(proxy, `http://127.0.0.3:${canary.port}/x`, { username: 'tag', password: 'guess' })).status).to.equal(407);
    expect(canary.connections).to.equal(0);
  });

  it('when private targets are allowed, then loopback is carried and link-local and cloud metadata still are refused', async () => {
    const proxy = await startProxy({ allowPrivateTargets: true });
    const tag = proxy.newTag();
    const auth = proxy.credentialsFor(tag);
    const ok = await ask(proxy, `${shop.baseUrl}/ok`, auth);
    expect(ok).to.include({ status: 200, body: '<h1>ok</h1>' });
    expect((await ask(proxy, `http://shop.test.example:${shop.port}/ok`, auth)).status).to.equal(200);
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://0.0.0.0:80/']) {
      const answer = await ask(proxy, target, auth);
      expect(answer.status, target).to.equal(403);
      expect(answer.headers[EGRESS_REFUSED_HEADER], target).to.equal('refused');
    }
    expect((await ask(proxy, '169.254.169.254:443', auth)).status).to.equal(403);
    expect(proxy.viewFor(tag).failuresSince(0).map((f) => f.kind)).to.include('refused');
    expect(proxy.viewFor(proxy.newTag()).failuresSince(0)).to.deep.equal([]);
  });

  it('when private targets are refused, then loopback is refused over plain HTTP and CONNECT, and unknown names answer unresolvable', async () => {
    const proxy = await startProxy({ allowPrivateTargets: false });
    const auth = proxy.credentialsFor(proxy.newTag());
    expect((await ask(proxy, `http://127.0.0.3:${canary.port}/x`, auth)).status).to.equal(403);
    expect((await ask(proxy, `127.0.0.3:${canary.port}`, auth)).status).to.equal(403);
    expect((await ask(proxy, `http://localhost:${canary.port}/x`, auth)).status).to.equal(403);
    const unknown = await ask(proxy, 'http://nowhere.test.example/', auth);
    expect(unknown.status).to.equal(502);
    expect(unknown.headers[EGRESS_REFUSED_HEADER]).to.equal('unresolvable');
    expect(canary.connections).to.equal(0);
  });

  it('when the policy lists ports, then other ports are refused', async () => {
    const proxy = await startProxy({ allowPrivateTargets: true, allowedPorts: [443] });
    const auth = proxy.credentialsFor(proxy.newTag());
    expect((await ask(proxy, `${shop.baseUrl}/ok`, auth)).status).to.equal(403);
  });
});
