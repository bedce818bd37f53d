import { expect } from 'chai';
import { BrowserPool, EgressProxy, fetchRenderedPage, ScrapeError, type FetchedPage } from '../../src/scraping/index.js';
import type { HostResolver, UrlPolicy } from '../../src/security/index.js';
import { CanaryServer } from '../support/canary-server.js';
import { FixtureServer } from '../support/fixture-server.js';

const PUBLIC_IP = '127.0.0.2';
const INTERNAL_IP = '127.0.0.3';

/**
 * A hostile "public" shop page against real Chromium: the shop is served from 127.0.0.2, which the policy counts
 * as public through its test seam; the canary listens on 127.0.0.3, loopback, which the policy refuses.
 * `rebind.test.example` answers public to the first look-up and internal to every later one.
 */
describe('egress: the browser cannot reach addresses the gate refuses', function () {
  this.timeout(60_000);
  let canary: CanaryServer;
  let shop: FixtureServer;
  let pool: BrowserPool;
  let egress: EgressProxy;
  const policy: UrlPolicy = { allowPrivateTargets: false, testPublicAddresses: [PUBLIC_IP] };
  const lookups = new Map<string, number>();
  const resolve: HostResolver = async (host) => {
    const n = (lookups.get(host) ?? 0) + 1;
    lookups.set(host, n);
    if (host === 'shop.test.example') return [PUBLIC_IP];
    if (host === 'rebind.test.example') return [n === 1 ? PUBLIC_IP : INTERNAL_IP];
    throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
  };

  before(async () => {
    canary = await new CanaryServer().start(INTERNAL_IP);
    const inside = `http://${INTERNAL_IP}:${canary.port}`;
    const rebind = `http://rebind.test.example:${canary.port}`;
    shop = await new FixtureServer()
      .html(
        '/hostile',
        `<html><body><h1>Hostile</h1><div class="price">10 ₽</div>
        <form id="f" method="post" target="_blank" action="${inside}/form-post"><input name="a" value="1"></form>
        <script>
          window.open('${inside}/popup');
          window.open('${inside}/popup-noopener', '_blank', 'noopener');
          document.getElementById('f').submit();
          try { new WebSocket('ws://${INTERNAL_IP}:${canary.port}/ws'); } catch (e) {}
          new Worker(URL.createObjectURL(new Blob(["fetch('${inside}/worker', { mode: 'no-cors' }).catch(() => 0)"])));
          fetch('${rebind}/rebind-fetch', { mode: 'no-cors' }).catch(() => 0);
          const s = document.createElement('script'); s.src = '${rebind}/rebind-script'; document.body.append(s);
          addEventListener('load', () => setTimeout(() => { location.href = '${rebind}/rebind-navigation'; }, 150));
          setTimeout(() => { location.href = '${inside}/idle-navigation'; }, 1_500);
        </script></body></html>`,
      )
      .route('/set-cookie', (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'tenant=alice; Max-Age=3600; Path=/' })
          .end('<html><body><h1>Alice</h1><script>localStorage.setItem("tenant", "alice")</script></body></html>'),
      )
      .route('/show-cookie', (req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<html><body><p id="sent">${(req.headers.cookie ?? 'none').replace(/[<&]/g, '')}</p><p id="stored"></p>` +
              '<script>document.getElementById("stored").textContent = String(localStorage.getItem("tenant"))</script></body></html>',
          ),
      )
      .start(PUBLIC_IP);
    egress = new EgressProxy({ policy, resolve, connectTimeoutMs: 2_000 });
    await egress.start();
    pool = new BrowserPool({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      maxPages: 2,
      egress,
      // Chromium's own resolver gives the names the answers an attacker would want it to see.
      extraArgs: [`--host-resolver-rules=MAP shop.test.example ${PUBLIC_IP}, MAP rebind.test.example ${INTERNAL_IP}`],
    });
  });

  after(async () => {
    await pool?.close();
    await egress?.stop();
    await shop?.stop();
    await canary?.stop();
  });

  it('when a page opens popups, posts a form to a new window, opens a WebSocket, starts a worker, navigates after load and uses a rebinding name, then the canary sees nothing', async () => {
    let outcome: FetchedPage | ScrapeError;
    const refusals: string[] = [];
    try {
      outcome = await pool.withPage((page, lease) => {
        // Read after the idle wait below: the tab and its popups keep trying after the scrape returned.
        setTimeout(() => refusals.push(...(lease.egress?.failuresSince(0).map((f) => f.target) ?? [])), 2_400);
        return fetchRenderedPage(page, {
          url: `http://shop.test.example:${shop.port}/hostile`,
          policy,
          resolve,
          ...(lease.egress ? { egress: lease.egress } : {}),
          navigationTimeoutMs: 5_000,
          maxPageBytes: 1_000_000,
          renderWaitMs: 1_000,
        });
      });
    } catch (err) {
      if (!(err instanceof ScrapeError)) throw err;
      outcome = err;
    }
    // The idle tab and any popups get time to do whatever they were going to do.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(canary.seen, 'requests that reached the canary').to.deep.equal([]);
    expect(canary.connections).to.equal(0);
    // The proxy is what stopped them: it saw and refused the internal address and the rebinding name.
    expect(refusals).to.include(`${INTERNAL_IP}:${canary.port}`).and.include(`rebind.test.example:${canary.port}`);
    if (outcome instanceof ScrapeError) expect(outcome.code).to.equal('forbidden-target');
    else expect(outcome.html).to.contain('Hostile');
  });

  it("when one user's page sets a cookie and local storage, then another user's scrape of the same site sees neither", async () => {
    const load = (path: string, contextKey: string) =>
      pool.withPage(
        (page, lease) =>
          fetchRenderedPage(page, {
            url: `http://shop.test.example:${shop.port}${path}`,
            policy,
            resolve,
            navigationTimeoutMs: 5_000,
            maxPageBytes: 1_000_000,
            renderWaitMs: 200,
            ...(lease.egress ? { egress: lease.egress } : {}),
          }),
        undefined,
        { contextKey },
      );
    await load('/set-cookie', 'task-1');
    const sameTenant = await load('/show-cookie', 'task-1');
    expect(sameTenant.html, 'the first user still has its own cookie').to.contain('tenant=alice').and.match(/id="stored">alice</);
    const otherTenant = await load('/show-cookie', 'task-2');
    expect(otherTenant.html).to.not.contain('alice');
    expect(otherTenant.html).to.contain('<p id="sent">none</p>').and.contain('<p id="stored">null</p>');
  });
});
