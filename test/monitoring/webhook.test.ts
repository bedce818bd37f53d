import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { postWebhook, signBody, verifySignature, WebhookError } from '../../src/monitoring/webhook.js';

const LOCAL = { allowPrivateTargets: true };

describe('webhook signing and sending', () => {
  it('when a body is signed, then the signature is sha256=<hex HMAC-SHA256 of the raw body> and verifies only for that body and secret', () => {
    const body = '{"rule":"any_change","alertId":1}';
    const secret = 'a-secret-of-enough-length';
    const expected = crypto.createHmac('sha256', secret).update(body).digest('hex');
    expect(signBody(body, secret)).to.equal(`sha256=${expected}`);
    expect(verifySignature(body, secret, `sha256=${expected}`)).to.equal(true);
    expect(verifySignature(body + ' ', secret, `sha256=${expected}`)).to.equal(false);
    expect(verifySignature(body, 'another-secret-of-length', `sha256=${expected}`)).to.equal(false);
    expect(verifySignature(body, secret, 'sha256=00')).to.equal(false);
  });

  describe('postWebhook against a local receiver', () => {
    let server: http.Server;
    let base = '';
    const seen: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

    before(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen.push({ path: req.url ?? '', headers: req.headers, body });
          if (req.url === '/ok') res.writeHead(204).end();
          else if (req.url === '/redirect') res.writeHead(307, { location: '/ok' }).end();
          else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2000);
          else res.writeHead(500).end('boom');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    beforeEach(() => (seen.length = 0));

    it('when the receiver answers 2xx, then the body and headers arrive as given', async () => {
      await postWebhook(`${base}/ok`, '{"a":1}', { 'X-Signature': 'sha256=ab', 'X-Alert-Id': '7' }, { policy: LOCAL, timeoutMs: 5000 });
      expect(seen).to.have.length(1);
      expect(seen[0]!.body).to.equal('{"a":1}');
      expect(seen[0]!.headers).to.include({ 'x-signature': 'sha256=ab', 'x-alert-id': '7', 'content-type': 'application/json' });
    });

    it('when the receiver redirects, then the redirect is not followed and the send fails retryably', async () => {
      const err = await postWebhook(`${base}/redirect`, '{}', {}, { policy: LOCAL, timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(WebhookError).and.include({ permanent: false });
      expect((err as Error).message).to.match(/307.*not followed/);
      expect(seen.map((s) => s.path)).to.deep.equal(['/redirect']);
    });

    it('when the receiver answers 500 or too slowly, then the send fails retryably', async () => {
      const failed = await postWebhook(`${base}/fail`, '{}', {}, { policy: LOCAL, timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(failed).to.be.instanceOf(WebhookError).and.include({ permanent: false });
      const slow = await postWebhook(`${base}/slow`, '{}', {}, { policy: LOCAL, timeoutMs: 300 }).catch((e: unknown) => e);
      expect(slow).to.be.instanceOf(WebhookError).and.include({ permanent: false });
    });

    it('when the URL gate refuses the address (loopback under the production policy, cloud metadata always), then the send fails permanently and nothing is sent', async () => {
      for (const [url, policy] of [
        [`${base}/ok`, { allowPrivateTargets: false }],
        ['http://169.254.169.254/latest/meta-data/', LOCAL],
        ['file:///etc/passwd', LOCAL],
      ] as const) {
        const err = await postWebhook(url, '{}', {}, { policy, timeoutMs: 5000 }).catch((e: unknown) => e);
        expect(err, url).to.be.instanceOf(WebhookError).and.include({ permanent: true });
      }
      expect(seen).to.have.length(0);
    });
  });
});
