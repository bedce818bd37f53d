import { expect } from 'chai';
import type { Client } from '@temporalio/client';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { startApi } from '../../src/api/api-runtime.js';
import type { RunningServer } from '../../src/api/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { resolveSecretsKeys } from '../../src/config/secrets-key.js';

/** SSRF defence at submission (API) and at fetch time (Chromium), with the real stack. */
describe('URL safety end to end', function () {
  this.timeout(120_000);
  let stack: Stack;
  let strictApi: RunningServer;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    // A second API on the same database and Temporal, with the production default: private targets refused.
    strictApi = await startApi({
      config: { ...stack.config, ALLOW_PRIVATE_TARGETS: false },
      databaseUrl: stack.databaseUrl,
      db: stack.db,
      temporal: stack.client as Client,
      logger: createLogger('silent', 'test'),
      sessionSecrets: ['strict-secret-strict-secret-strict'],
      secretsKeys: resolveSecretsKeys(stack.config),
      port: 0,
    });
    shop = await new FixtureServer()
      .route('/r/http-302', (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end())
      .html('/r/meta-refresh', '<html><head><meta http-equiv="refresh" content="0;url=http://169.254.169.254/latest/meta-data/"></head><body>moving</body></html>')
      .html('/r/script', '<html><body><script>location = "http://[fe80::1]/admin";</script></body></html>')
      .start();
  });

  after(async () => {
    await strictApi?.stop();
    await shop?.stop();
  });

  const refusedByDefault = [
    'http://127.0.0.1:5432/',
    'http://localhost:7233/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://[::1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://100.64.0.1/',
    'http://10.0.0.5/',
    'http://0.0.0.0:8080/',
    'file:///etc/passwd',
    'file:etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://crash',
    'view-source:file:///etc/passwd',
    'gopher://127.0.0.1:6379/_x',
    'http://evil.example@127.0.0.1/',
    'http://127.0.0.1:80\\@evil.example/',
    'https://example.com/' + 'a'.repeat(10_000),
  ];

  for (const url of refusedByDefault) {
    it(`when ${url.slice(0, 60)} is submitted with the default policy, then it is refused and nothing is enqueued`, async () => {
      const api = new ApiClient(strictApi.url);
      await api.signUp('ssrf');
      const res = await api.post('/api/offer-tasks', { urls: ['http://93.184.216.34/fine', url] });
      expect(res.status).to.be.oneOf([400, 422]);
      expect(res.headers.get('content-type')).to.match(/problem\+json/);
      if (res.status === 422) {
        expect(res.body.errors).to.have.length(1);
        expect(res.body.errors[0]).to.include({ index: 1 });
        expect(res.body.errors[0].message).to.be.a('string').and.not.be.empty;
      }
      expect((await api.get('/api/offer-tasks')).body.total).to.equal(0);
    });
  }

  it('when private targets are allowed (tests), then cloud metadata and link-local still are refused', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('meta');
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[::ffff:a9fe:a9fe]/', 'file:///etc/passwd']) {
      const res = await api.post('/api/offer-tasks', { urls: [url] });
      expect(res.status, url).to.equal(422);
    }
    expect((await api.get('/api/offer-tasks')).body.total).to.equal(0);
  });

  it('when a page redirects to cloud metadata (302, meta refresh, script), then each product fails as forbidden-target and its neighbours are unaffected', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('redirect');
    const submitted = await api.post('/api/offer-tasks', {
      urls: [`${shop.baseUrl}/r/http-302`, `${shop.baseUrl}/r/meta-refresh`, `${shop.baseUrl}/r/script`],
    });
    expect(submitted.status).to.equal(202);
    const task = await api.waitForTask(submitted.body.id, 90_000);
    expect(task.status).to.equal('failed');
    for (const product of task.products) {
      expect(product, product.url).to.include({ status: 'failed', errorCode: 'forbidden-target' });
      expect(product.offers).to.deep.equal([]);
    }
  });
});
