import { expect } from 'chai';
import { BrowserPool, fetchRenderedPage } from '../../src/scraping/index.js';
import { FixtureServer } from '../support/fixture-server.js';

/** A page that keeps calling home: once its scrape is done, its parked tab must not run it any more. */
const CHATTY_PAGE = `<html><body><h1>Chatty</h1><div class="price">10 ₽</div>
<script>let n = 0; setInterval(() => fetch('/tick?n=' + n++).catch(() => 0), 50);</script></body></html>`;

describe('idle tabs of the browser pool', function () {
  this.timeout(60_000);
  let shop: FixtureServer;
  let pool: BrowserPool;
  let ticks = 0;

  before(async () => {
    shop = await new FixtureServer()
      .html('/chatty', CHATTY_PAGE)
      .route('/tick', (_req, res) => {
        ticks++;
        res.writeHead(204).end();
      })
      .start();
    pool = new BrowserPool({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', maxPages: 2 });
  });

  after(async () => {
    await pool?.close();
    await shop?.stop();
  });

  it('when a scrape is done, then its tab runs no more script until the same task takes it again', async () => {
    const load = () =>
      pool.withPage((page) => fetchRenderedPage(page, { url: `${shop.baseUrl}/chatty`, policy: { allowPrivateTargets: true }, navigationTimeoutMs: 10_000, maxPageBytes: 1_000_000, renderWaitMs: 400 }), undefined, {
        contextKey: 'task-1',
      });
    await load();
    await new Promise((r) => setTimeout(r, 300));
    const parkedAt = ticks;
    expect(parkedAt, 'the page did run while it was being scraped').to.be.greaterThan(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ticks - parkedAt, 'ticks from a parked tab').to.equal(0);
    // The tab still works for the next page of the same task.
    const again = await load();
    expect(again.html).to.include('Chatty');
  });
});
