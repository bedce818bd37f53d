import { expect } from 'chai';
import zlib from 'node:zlib';
import { fetchHtmlDirect, ForbiddenTargetError, ScrapeError, TryTheBrowser } from '../../src/scraping/index.js';
import { FixtureServer } from '../support/fixture-server.js';

/** The plain-HTTP fast path against a local server: every hop checked, typed outcomes, real decoding. */
describe('plain-HTTP fast path', function () {
  this.timeout(30_000);
  let shop: FixtureServer;
  const options = { policy: { allowPrivateTargets: true }, timeoutMs: 3_000, maxBytes: 200_000 };

  before(async () => {
    const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
    shop = await new FixtureServer()
      .html('/ok', '<html><body><h1>Plain</h1></body></html>')
      .route('/gzip', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(zlib.gzipSync('<h1>Сжато</h1>')))
      .route('/cp1251', (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from('<meta charset="windows-1251"><h1>'), cyrillic, Buffer.from('</h1>')])),
      )
      .route('/to-ok', (_req, res) => res.writeHead(301, { location: '/ok' }).end())
      .route('/to-metadata', (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end())
      .route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end())
      .route('/gone', (_req, res) => res.writeHead(404).end())
      .route('/down', (_req, res) => res.writeHead(503).end())
      .route('/bot-wall', (_req, res) => res.writeHead(403).end())
      .route('/pdf', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF'))
      .route('/huge', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('x'.repeat(500_000)))
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  const outcome = async (path: string): Promise<unknown> => fetchHtmlDirect(shop.baseUrl + path, options).catch((err: unknown) => err);

  it('when the page is gzip-compressed or in windows-1251, then the text is decoded right', async () => {
    expect((await fetchHtmlDirect(shop.baseUrl + '/gzip', options)).html).to.equal('<h1>Сжато</h1>');
    expect((await fetchHtmlDirect(shop.baseUrl + '/cp1251', options)).html).to.contain('<h1>Привет</h1>');
  });

  it('when the page redirects, then the final URL is reported', async () => {
    const page = await fetchHtmlDirect(shop.baseUrl + '/to-ok', options);
    expect(page.finalUrl).to.equal(`${shop.baseUrl}/ok`);
    expect(page.html).to.contain('Plain');
  });

  it('when a redirect points at cloud metadata, then it is refused before any connection to it', async () => {
    const err = await outcome('/to-metadata');
    expect(err).to.be.instanceOf(ForbiddenTargetError);
  });

  it('when the page is gone, down, looping or too large, then the typed outcome says whether to retry', async () => {
    expect(((await outcome('/gone')) as ScrapeError).code).to.equal('http-404');
    const down = (await outcome('/down')) as ScrapeError;
    expect(down.code).to.equal('http-503');
    expect(down.retryable).to.equal(true);
    expect(((await outcome('/loop')) as ScrapeError).code).to.equal('redirect-loop');
    expect(((await outcome('/huge')) as ScrapeError).code).to.equal('page-too-large');
  });

  it('when a plain client is refused or the answer is not HTML, then the browser is asked to try', async () => {
    expect(await outcome('/bot-wall')).to.be.instanceOf(TryTheBrowser);
    expect(await outcome('/pdf')).to.be.instanceOf(TryTheBrowser);
  });

  it('when private targets are not allowed, then even the first request to 127.0.0.1 is refused', async () => {
    const err = await fetchHtmlDirect(shop.baseUrl + '/ok', { ...options, policy: { allowPrivateTargets: false } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ForbiddenTargetError);
  });
});
