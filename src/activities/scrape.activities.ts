import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Database } from '../db/orm.js';
import { extractProduct, type ExtractedProduct } from '../extraction/index.js';
import { assertSafeUrl, UnsafeUrlError, type UrlPolicy } from '../security/index.js';
import { OfferProgressService, type ProductResult } from '../services/offer-progress.service.js';
import {
  BrowserPool,
  BlockedScrapeError,
  PermanentScrapeError,
  ScrapeError,
  TryTheBrowser,
  detectAntiBot,
  fetchHtmlDirect,
  fetchRenderedPage,
} from '../scraping/index.js';

export interface ScrapeActivityDeps {
  db: Database;
  pool: BrowserPool;
  policy: UrlPolicy;
  navigationTimeoutMs: number;
  maxPageBytes: number;
  /** How often a running scrape reports liveness. @default 5000 */
  heartbeatIntervalMs?: number;
  /** Try a plain GET first and skip the browser when the HTML carries a structured price. @default false */
  httpFastPath?: boolean;
}

export interface ScrapeOfferInput {
  productId: number;
  url: string;
  region: string | null;
}

export interface ScrapeOfferSummary {
  /** `skipped` when the product had already ended (a duplicate delivery, or it was cancelled meanwhile). */
  status: 'succeeded' | 'skipped';
  prices: number;
}

/** Browser activities: run on the browser task queue by workers that own a Chromium. */
export function createScrapeActivities(deps: ScrapeActivityDeps) {
  return {
    /**
     * Scrapes one product page and stores its prices idempotently. Returns a small summary: page bodies never
     * travel through Temporal.
     */
    async scrapeOffer(input: ScrapeOfferInput): Promise<ScrapeOfferSummary> {
      const ctx = Context.current();
      const progress = new OfferProgressService(deps.db.em.fork());
      if (!(await progress.markProductRunning(input.productId))) return { status: 'skipped', prices: 0 };
      let stage = 'started';
      ctx.heartbeat(stage);
      const beat = setInterval(() => ctx.heartbeat(stage), deps.heartbeatIntervalMs ?? 5000);
      try {
        await recheckTarget(input.url, deps.policy);
        const direct = deps.httpFastPath ? await tryPlainHttp(input.url, deps, ctx.cancellationSignal) : null;
        if (direct) {
          stage = 'fetched';
          const saved = await progress.saveProductResult(input.productId, toProductResult(direct.product, direct.finalUrl, 'http'));
          return saved ? { status: 'succeeded', prices: direct.product.prices.length } : { status: 'skipped', prices: 0 };
        }
        const page = await deps.pool.withPage(
          (tab) =>
            fetchRenderedPage(tab, {
              url: input.url,
              policy: deps.policy,
              navigationTimeoutMs: deps.navigationTimeoutMs,
              maxPageBytes: deps.maxPageBytes,
              signal: ctx.cancellationSignal,
              isReady: (html, finalUrl) => extractProduct(html, { url: finalUrl }).price !== null,
              onStep: (step) => {
                stage = step;
                ctx.heartbeat(step);
              },
            }),
          ctx.cancellationSignal,
        );
        const product = extractProduct(page.html, { url: page.finalUrl });
        if (product.price === null) throw noPriceError(input.url, page.html);
        const saved = await progress.saveProductResult(input.productId, toProductResult(product, page.finalUrl, 'browser'));
        return saved ? { status: 'succeeded', prices: product.prices.length } : { status: 'skipped', prices: 0 };
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('scrape cancelled');
        throw toActivityFailure(err, ctx.info.attempt);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

export type ScrapeActivities = ReturnType<typeof createScrapeActivities>;

/** Layers whose price is data the site published, not a guess from the page's look: safe without rendering. */
function hasStructuredPrice(product: ExtractedProduct): boolean {
  const source = product.provenance.price;
  return product.price !== null && !!source && (source.startsWith('adapter:') || ['embedded-state', 'json-ld', 'microdata', 'rdfa'].includes(source));
}

/**
 * The plain-HTTP fast path: returns the product when the raw HTML already carries a structured price, null when
 * the browser should look (no structured price, anti-bot wall, refused plain client). Outcomes the browser would
 * meet too (404, 5xx, forbidden target) are thrown as they are.
 */
async function tryPlainHttp(url: string, deps: ScrapeActivityDeps, signal: AbortSignal): Promise<{ product: ExtractedProduct; finalUrl: string } | null> {
  try {
    const page = await fetchHtmlDirect(url, { policy: deps.policy, timeoutMs: deps.navigationTimeoutMs, maxBytes: deps.maxPageBytes, signal });
    const product = extractProduct(page.html, { url: page.finalUrl });
    return hasStructuredPrice(product) && !detectAntiBot(page.html) ? { product, finalUrl: page.finalUrl } : null;
  } catch (err) {
    if (err instanceof TryTheBrowser || signal.aborted) return null;
    throw err;
  }
}

/** DNS may have changed since submission: check the target again right before fetching it. */
async function recheckTarget(url: string, policy: UrlPolicy): Promise<void> {
  try {
    await assertSafeUrl(url, policy);
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw new PermanentScrapeError('forbidden-target', err.message);
    throw err;
  }
}

function noPriceError(url: string, html: string): ScrapeError {
  const wall = detectAntiBot(html);
  if (wall) return new BlockedScrapeError('blocked', `${url} answered with an anti-bot page (${wall}); will retry later with backoff`);
  return new PermanentScrapeError('no-price-found', `no price was found on ${url}; is it a product page?`);
}

/** Maps our typed errors onto Temporal failures: the type names the error, details carry the product error code. */
function toActivityFailure(err: unknown, attempt: number): ApplicationFailure {
  if (err instanceof ScrapeError) {
    const blockedDelayMs = err instanceof BlockedScrapeError ? Math.min(5_000 * 2 ** (attempt - 1), 600_000) : undefined;
    return ApplicationFailure.create({
      type: err.name,
      message: err.message,
      nonRetryable: !err.retryable,
      details: [{ code: err.code }],
      nextRetryDelay: blockedDelayMs,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.create({ type: 'UnexpectedScrapeError', message, details: [{ code: 'internal-error' }] });
}

function toProductResult(product: ExtractedProduct, finalUrl: string, fetchedWith: 'http' | 'browser'): ProductResult {
  const { prices, name, availability, ...rest } = product;
  return {
    name,
    availability,
    fetchedWith,
    prices: prices
      .filter((p) => /^\d{1,15}(\.\d{1,6})?$/.test(p.amount))
      .map((p) => ({ kind: p.kind, amount: p.amount, currency: p.currency, raw: p.raw ?? null })),
    details: { ...rest, finalUrl },
  };
}
