import { expect } from 'chai';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { fetchHtmlDirect, ForbiddenTargetError, ScrapeError, TryTheBrowser } from '../../src/scraping/index.js';
import { FixtureServer } from '../support/fixture-server.js';

const GZIPPED_PAGE = zlib.gzipSync(`<html><body>${'<p>Товар</p>'.repeat(2_000)}</body></html>`);
const BOMB_CHUNK_BYTES = 16 << 20;
const BOMB_CHUNKS = 128;

/**
 * A brotli body of about 1.8 KB that decompresses to 2 GiB of zeros. Compressing 2 GiB takes seconds, so two
 * 16 MiB chunks are compressed, each followed by a flush: the second flush's bytes ("copy 16 MiB from distance 1")
 * are the same for every further chunk and are repeated.
 */
async function brotliBomb(): Promise<Buffer> {
  const q = zlib.constants;
  const encoder = zlib.createBrotliCompress({ params: { [q.BROTLI_PARAM_QUALITY]: 9, [q.BROTLI_PARAM_LGWIN]: 24 } });
  const zeros = Buffer.alloc(BOMB_CHUNK_BYTES);
  const flushed = async (): Promise<Buffer> => {
    const parts: Buffer[] = [];
    const collect = (chunk: Buffer): number => parts.push(chunk);
    encoder.on('data', collect);
    await new Promise<void>((resolve) => encoder.flush(q.BROTLI_OPERATION_FLUSH, resolve));
    encoder.off('data', collect);
    return Buffer.concat(parts);
  };
  encoder.write(zeros);
  const first = await flushed();
  encoder.write(zeros);
  const repeated = await flushed();
  const tail: Buffer[] = [];
  encoder.on('data', (chunk: Buffer) => tail.push(chunk));
  encoder.end();
  await once(encoder, 'end');
  return Buffer.concat([first, ...Array<Buffer>(BOMB_CHUNKS - 1).fill(repeated), ...tail]);
}

/** The promise's outcome, or 'still pending' once `limitMs` has passed (so a hang fails the test instead of timing it out). */
async function settledWithin(promise: Promise<unknown>, limitMs: number): Promise<{ outcome: unknown; elapsedMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still pending'), limitMs)));
  const outcome = await Promise.race([promise.catch((err: unknown) => err), limit]);
  clearTimeout(timer);
  return { outcome, elapsedMs: performance.now() - started };
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** The plain-HTTP fast path against a local server: every hop checked, typed outcomes, real decoding. */
describe('plain-HTTP fast path', function () {
  this.timeout(30_000);
  let shop: FixtureServer;
  const options = { policy: { allowPrivateTargets: true }, timeoutMs: 3_000, maxBytes: 200_000 };

  let bomb: Buffer;

  before(async () => {
    bomb = await brotliBomb();
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
      .route('/gzip-cut', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': GZIPPED_PAGE.length });
        res.write(GZIPPED_PAGE.subarray(0, GZIPPED_PAGE.length >> 1), () => res.destroy());
      })
      .route('/gzip-stall', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': GZIPPED_PAGE.length });
        res.write(GZIPPED_PAGE.subarray(0, GZIPPED_PAGE.length >> 1));
      })
      .route('/bomb', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(bomb))
      .route('/trickle', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        let sent = 0;
        const drip = setInterval(() => (++sent > 40 ? res.end() : res.write('x')), 150);
        res.on('close', () => clearInterval(drip));
      })
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

  describe('bounds', () => {
    it('when a gzip body stops half-way and the connection closes, then the fetch settles within its deadline', async () => {
      // The limit is the behaviour: past it the outcome would be 'still pending'.
      const { outcome } = await settledWithin(fetchHtmlDirect(shop.baseUrl + '/gzip-cut', options), options.timeoutMs + 1_000);
      expect(outcome).to.be.instanceOf(TryTheBrowser);
    });

    it('when a gzip body stops half-way on an open connection, then the deadline settles the fetch', async () => {
      const fetch = fetchHtmlDirect(shop.baseUrl + '/gzip-stall', { ...options, timeoutMs: 500 });
      // The connection never ends, so settling at all is the deadline's doing; it must not fire before its time.
      const { outcome, elapsedMs } = await settledWithin(fetch, 2_000);
      expect(outcome).to.be.instanceOf(TryTheBrowser);
      expect(elapsedMs).to.be.at.least(400);
    });

    it('when a gzip body stops half-way and the caller aborts, then the abort settles the fetch at once', async () => {
      const signal = AbortSignal.timeout(200);
      // Without the abort only the 3,000 ms deadline would settle it; the limit is below that.
      const { outcome } = await settledWithin(fetchHtmlDirect(shop.baseUrl + '/gzip-stall', { ...options, signal }), options.timeoutMs - 1_000);
      expect(outcome).to.be.instanceOf(Error).and.not.to.equal('still pending');
    });

    it(`when a ${Math.round(BOMB_CHUNK_BYTES / 1024 ** 2) * BOMB_CHUNKS / 1024} GiB brotli bomb arrives, then it is refused and the decompressor stops (under 1 s of CPU)`, async () => {
      const before = process.cpuUsage();
      const { outcome } = await settledWithin(fetchHtmlDirect(shop.baseUrl + '/bomb', options), options.timeoutMs + 1_000);
      // An unstopped decompressor keeps running after the fetch has settled, so the two seconds after count too.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const spentMs = cpuMs(process.cpuUsage(before));
      expect((outcome as ScrapeError).code).to.equal('page-too-large');
      expect(spentMs).to.be.below(1_000);
    });

    it('when a server trickles a byte every 150 ms, then a fetch with a 1,000 ms deadline fails within it', async () => {
      const fetch = fetchHtmlDirect(shop.baseUrl + '/trickle', { ...options, timeoutMs: 1_000 });
      // The trickle would end after 41 × 150 ms ≈ 6.2 s; settling before 4 s means each byte did not reset the deadline,
      // and not before 900 ms means the deadline did not fire early.
      const { outcome, elapsedMs } = await settledWithin(fetch, 4_000);
      expect(outcome).to.be.instanceOf(TryTheBrowser);
      expect(elapsedMs).to.be.at.least(900);
    });
  });
});
