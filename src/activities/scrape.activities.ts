import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Database } from '../db/orm.js';
import { newErrorRef } from '../util/error-ref.js';
import { extractProduct, type ExtractedProduct } from '../extraction/index.js';
import { assertSafeUrl, UnsafeUrlError, type UrlPolicy } from '../security/index.js';
import type { ScrapeActivities, ScrapeProductInput, ScrapeProductSummary } from '../tasks/contract.js';
import { kindDefinition } from '../tasks/registry.js';
import type { TaskKindDefinition } from '../tasks/task-kind.js';
import { TaskTransitions } from '../tasks/task-transitions.js';
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
  /** Try a plain GET first and skip the browser when the HTML carries structured data. @default false */
  httpFastPath?: boolean;
}

interface ReadPage {
  product: ExtractedProduct;
  finalUrl: string;
  fetchedWith: 'http' | 'browser';
}

/** Browser activities: run on the browser task queue by workers that own a Chromium. */
export function createScrapeActivities(deps: ScrapeActivityDeps) {
  return {
    /**
     * Scrapes one product page for what its task's kind collects and stores it idempotently. Returns a small
     * summary: page bodies never travel through Temporal.
     */
    async scrapeProduct(input: ScrapeProductInput): Promise<ScrapeProductSummary> {
      const ctx = Context.current();
      const kind = kindDefinition(input.kind);
      const transitions = new TaskTransitions(deps.db.em.fork());
      const startedAt = performance.now();
      let stage = 'started';
      ctx.heartbeat(stage);
      const beat = setInterval(() => ctx.heartbeat(stage), deps.heartbeatIntervalMs ?? 5000);
      try {
        if (!(await transitions.markProductRunning(input.productId))) return { status: 'skipped', items: 0 };
        await recheckTarget(input.url, deps.policy);
        const read =
          (deps.httpFastPath ? await tryPlainHttp(input.url, kind, deps, ctx.cancellationSignal) : null) ??
          (await renderInBrowser(input.url, contextKeyOf(input), kind, deps, ctx.cancellationSignal, (step) => {
            stage = step;
            ctx.heartbeat(step);
          }));
        stage = 'saving';
        const items = await transitions.saveProductResult(input.productId, kind, read.product, {
          fetchedWith: read.fetchedWith,
          finalUrl: read.finalUrl,
          durationMs: performance.now() - startedAt,
        });
        return items === null ? { status: 'skipped', items: 0 } : { status: 'succeeded', items };
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('scrape cancelled');
        throw toActivityFailure(err, ctx.info.attempt, (detail) => {
          const ref = newErrorRef();
          ctx.log.error('scrape failed unexpectedly', { ref, url: input.url, productId: input.productId, error: detail });
          return ref;
        });
      } finally {
        clearInterval(beat);
      }
    },
  } satisfies ScrapeActivities;
}

/**
 * Pages of one task share a browser context and no other task does. An input queued before `taskId` existed
 * (in flight across a deploy) gets a context of its own product rather than a shared one.
 */
function contextKeyOf(input: ScrapeProductInput): string {
  return Number.isInteger(input.taskId) ? `task-${input.taskId}` : `product-${input.productId}`;
}

async function renderInBrowser(
  url: string,
  contextKey: string,
  kind: TaskKindDefinition<unknown>,
  deps: ScrapeActivityDeps,
  signal: AbortSignal,
  onStep: (step: string) => void,
): Promise<ReadPage> {
  const page = await deps.pool.withPage(
    (tab, lease) =>
      fetchRenderedPage(tab, {
        url,
        policy: deps.policy,
        ...(lease.egress ? { egress: lease.egress } : {}),
        navigationTimeoutMs: deps.navigationTimeoutMs,
        maxPageBytes: deps.maxPageBytes,
        signal,
        isReady: (html, finalUrl) => kind.missing(extractProduct(html, { url: finalUrl }), url) === null,
        ...(kind.beforeSnapshot ? { beforeSnapshot: kind.beforeSnapshot } : {}),
        onStep,
      }),
    signal,
    { contextKey },
  );
  const product = extractProduct(page.html, { url: page.finalUrl });
  const missing = kind.missing(product, url);
  if (missing) {
    const wall = detectAntiBot(page.html);
    if (wall) throw new BlockedScrapeError('blocked', `${url} answered with an anti-bot page (${wall}); will retry later with backoff`);
    throw new PermanentScrapeError(missing.code, missing.message);
  }
  return { product, finalUrl: page.finalUrl, fetchedWith: 'browser' };
}

/**
 * The plain-HTTP fast path: returns the product when the raw HTML already carries what the kind collects as
 * structured data, null when the browser should look (no structured data, anti-bot wall, refused plain client).
 * Outcomes the browser would meet too (404, 5xx, forbidden target) are thrown as they are.
 */
async function tryPlainHttp(url: string, kind: TaskKindDefinition<unknown>, deps: ScrapeActivityDeps, signal: AbortSignal): Promise<ReadPage | null> {
  try {
    const page = await fetchHtmlDirect(url, { policy: deps.policy, timeoutMs: deps.navigationTimeoutMs, maxBytes: deps.maxPageBytes, signal });
    const product = extractProduct(page.html, { url: page.finalUrl });
    if (!kind.completeWithoutBrowser(product) || detectAntiBot(page.html)) return null;
    return { product, finalUrl: page.finalUrl, fetchedWith: 'http' };
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

/**
 * Maps our typed errors onto Temporal failures: the type names the error, details carry the product error code.
 * Anything else is an internal fault: its text (SQL, ORM, connection errors) goes to the log under a reference,
 * and the product shows only the reference.
 */
function toActivityFailure(err: unknown, attempt: number, logInternal: (detail: string) => string): ApplicationFailure {
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
  const ref = logInternal(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return ApplicationFailure.create({
    type: 'UnexpectedScrapeError',
    message: `an internal error interrupted collecting this page (reference ${ref}); it is retried automatically, and if it keeps failing, retry the task later or report the reference`,
    details: [{ code: 'internal-error' }],
  });
}
