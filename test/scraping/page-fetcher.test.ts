import { expect } from 'chai';
import { BrowserPool, fetchRenderedPage, ScrapeError, type FetchPageOptions } from '../../src/scraping/index.js';
import { FixtureServer } from '../support/fixture-server.js';
import { eventually } from '../support/eventually.js';
import { extractProduct } from '../../src/extraction/index.js';

/** Hostile and broken pages against real Chromium: every one ends in a typed outcome and the browser stays usable. */
describe('guarded page loading in real Chromium', function () {
  this.timeout(60_000);
  let pool: BrowserPool;
  let shop: FixtureServer;

  before(async () => {
    pool = new BrowserPool({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', maxPages: 2 });
    shop = await new FixtureServer()
      .html('/ok', '<html><body><h1>Fine</h1><div class="price">10 ₽</div></body></html>')
      .html(
        '/css-hidden',
        '<html><head><style>.was-variant{display:none}</style></head><body><h1>Desk lamp</h1><div class="product"><div class="price was-variant">9 999 ₽</div><div class="price">4 990 ₽</div></div></body></html>',
      )
      .html('/alert', '<html><body><script>alert("hi"); confirm("sure?"); prompt("name?")</script><h1>After dialogs</h1></body></html>')
      .html('/popup', '<html><body><script>window.open("/ok"); window.open("about:blank")</script><h1>Opener</h1></body></html>')
      .route('/download', (_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="x.bin"' }).end(Buffer.alloc(1024)))
      .route('/huge', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${'<p>filler text</p>'.repeat(20_000)}</body></html>`))
      .route('/hang', () => undefined)
      .route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end())
      .route('/gone', (_req, res) => res.writeHead(410).end('gone'))
      .route('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '5' }).end('slow down'))
      .start();
  });

  after(async () => {
    await pool?.close();
    await shop?.stop();
  });

  const load = (path: string, extra: Partial<FetchPageOptions> = {}) =>
    pool.withPage((page) =>
      fetchRenderedPage(page, {
        url: shop.baseUrl + path,
        policy: { allowPrivateTargets: true },
        navigationTimeoutMs: 3_000,
        maxPageBytes: 1_000_000,
        renderWaitMs: 500,
        ...extra,
      }),
    );

  const failure = async (promise: Promise<unknown>): Promise<ScrapeError> => {
    try {
      await promise;
    } catch (err) {
      expect(err).to.be.instanceOf(ScrapeError);
      return err as ScrapeError;
    }
    throw new Error('expected a ScrapeError');
  };

  it('when a stylesheet hides one price and shows another, then the extractor sees which one a visitor sees', async () => {
    const page = await load('/css-hidden');
    expect(page.html).to.match(/data-pc-hidden="1"[^>]*>9 999 ₽/);
    const product = extractProduct(page.html, { url: page.finalUrl });
    expect(product.price).to.equal('4990');
    expect(product.currency).to.equal('RUB');
  });

  it('when a page opens alert/confirm/prompt, then the dialogs are dismissed and the page is read', async () => {
    const page = await load('/alert');
    expect(page.html).to.contain('After dialogs');
  });

  it('when a page opens popups, then they are closed and the opener is read', async () => {
    const page = await load('/popup');
    expect(page.html).to.contain('Opener');
    await eventually(async () => {
      const browserPages = await pool.withPage(async (p) => (await p.browser().pages()).length);
      expect(browserPages).to.be.at.most(2);
    });
  });

  it('when the URL is a download, then it fails as not-a-page, permanently', async () => {
    const err = await failure(load('/download'));
    expect(err.code).to.equal('not-a-page');
    expect(err.retryable).to.equal(false);
  });

  it('when the page is larger than the cap, then it fails as page-too-large', async () => {
    const err = await failure(load('/huge', { maxPageBytes: 100_000 }));
    expect(err.code).to.equal('page-too-large');
  });

  it('when the page never answers, then it fails as a retryable timeout', async () => {
    const err = await failure(load('/hang'));
    expect(err.code).to.equal('timeout');
    expect(err.retryable).to.equal(true);
  });

  it('when the page redirects forever, then it fails as redirect-loop', async () => {
    const err = await failure(load('/loop'));
    expect(err.code).to.equal('redirect-loop');
  });

  it('when the page answers 410 or 429, then gone is permanent and rate-limited is retryable', async () => {
    expect((await failure(load('/gone'))).code).to.equal('http-410');
    const busy = await failure(load('/busy'));
    expect(busy.code).to.equal('rate-limited');
    expect(busy.retryable).to.equal(true);
  });

  it('when Chromium is killed, then the next page relaunches it and loads', async () => {
    await load('/ok');
    const pid = await pool.browserPid();
    expect(pid).to.be.a('number');
    process.kill(pid!, 'SIGKILL');
    await eventually(async () => {
      const page = await load('/ok');
      expect(page.html).to.contain('Fine');
    });
    expect(await pool.browserPid()).to.not.equal(pid);
  });

  it('after all of the above, then no page is left open', () => {
    expect(pool.openPages).to.equal(0);
  });
});
