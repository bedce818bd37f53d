import { expect } from 'chai';
import { BrowserPool, fetchRenderedPage, revealCharacteristics, type FetchPageOptions } from '../../src/scraping/index.js';
import { extractProduct } from '../../src/extraction/index.js';
import { FixtureServer } from '../support/fixture-server.js';
import { expected, noSpecsPage, specTablePage, tabbedSpecsPage } from '../support/spec-pages.js';

/** Characteristics behind tabs and "show all" buttons, opened in real Chromium before the snapshot. */
describe('revealing characteristics in real Chromium', function () {
  this.timeout(60_000);
  let pool: BrowserPool;
  let shop: FixtureServer;
  let clicks: number[] = [];

  before(async () => {
    pool = new BrowserPool({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', maxPages: 2 });
    shop = await new FixtureServer()
      .html('/tabbed', tabbedSpecsPage())
      .html('/table', specTablePage())
      .html('/none', noSpecsPage())
      .html('/away', '<html><body><h1>Lamp</h1><a href="/elsewhere">Все характеристики</a><form action="/elsewhere"><button>Show all</button></form></body></html>')
      .html('/elsewhere', '<html><body><h1>Elsewhere</h1></body></html>')
      .start();
  });

  after(async () => {
    await pool?.close();
    await shop?.stop();
  });

  beforeEach(() => { clicks = []; });

  const load = (path: string, extra: Partial<FetchPageOptions> = {}) =>
    pool.withPage((page) =>
      fetchRenderedPage(page, {
        url: shop.baseUrl + path,
        policy: { allowPrivateTargets: true },
        navigationTimeoutMs: 5_000,
        maxPageBytes: 2_000_000,
        renderWaitMs: 500,
        beforeSnapshot: (p, s) => revealCharacteristics(p, { timeoutMs: 3000, signal: s }).then((n) => { clicks.push(n); }),
        ...extra,
      }),
    );

  it('opens the specs tab and "show all", and waits for the script-filled block', async () => {
    const page = await load('/tabbed');
    expect(clicks).to.deep.equal([2]);
    const product = extractProduct(page.html, { url: page.finalUrl });
    expect(product.additionalProperties).to.deep.equal(expected.tabbedSpecs);
    expect(product.price).to.equal('89990');
  });

  it('leaves pages without such controls as they are', async () => {
    const table = await load('/table');
    expect(extractProduct(table.html, { url: table.finalUrl }).additionalProperties).to.deep.equal(expected.specTable);
    const none = await load('/none');
    expect(extractProduct(none.html, { url: none.finalUrl }).additionalProperties).to.deep.equal([]);
    expect(clicks).to.deep.equal([0, 0]);
  });

  it('never follows a link or submits a form to another document', async () => {
    const page = await load('/away');
    expect(clicks).to.deep.equal([0]);
    expect(page.html).to.contain('Lamp');
    expect(shop.hits('/elsewhere')).to.equal(0);
  });

  it('never throws, even on a closed page, and stops at the timeout', async () => {
    const n = await pool.withPage(async (page) => {
      await page.close();
      return revealCharacteristics(page, { timeoutMs: 200 });
    });
    expect(n).to.equal(0);
  });
});
