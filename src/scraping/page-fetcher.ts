import type { HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';
import { isAddressAllowed, type HostResolver, type UrlPolicy } from '../security/index.js';
import { BlockedScrapeError, ForbiddenTargetError, PermanentScrapeError, RetryableScrapeError, ScrapeError } from './errors.js';
import { guardPage } from './request-guard.js';
import { EGRESS_REFUSED_HEADER, type EgressView } from './egress-proxy.js';
import { annotateRendering } from './render-annotations.js';

export interface FetchPageOptions {
  url: string;
  policy: UrlPolicy;
  /** How the request guard resolves names; the egress proxy must use the same one. @default the system resolver */
  resolve?: HostResolver;
  /**
   * The egress proxy's record for the page's context (`PageLease.egress`). With it, Chromium's remote address
   * is the proxy's, so the proxy's refusals decide instead of that address.
   */
  egress?: EgressView;
  /** Limit for the first load of the document. */
  navigationTimeoutMs: number;
  /** Largest serialised DOM accepted. */
  maxPageBytes: number;
  /** How long to keep waiting for client-side rendering once the document loaded. @default 5000 */
  renderWaitMs?: number;
  /** Says whether the rendered HTML already holds what we came for; polling stops when it does. */
  isReady?: (html: string, finalUrl: string) => boolean;
  /**
   * Runs in the loaded page after the content wait and before the DOM is annotated and read, e.g. to open
   * characteristics tabs (`revealCharacteristics`). Its errors are ignored: the page as loaded is still worth reading.
   */
  beforeSnapshot?: (page: Page, signal?: AbortSignal) => Promise<void>;
  /** Called after each step, so the activity can heartbeat. */
  onStep?: (step: 'navigated' | 'rendered') => void;
  signal?: AbortSignal;
}

export interface FetchedPage {
  html: string;
  finalUrl: string;
  status: number;
}

/**
 * Loads one product page in a guarded tab and returns the DOM as rendered after its scripts ran. Maps every way
 * a load can go wrong onto a typed ScrapeError so the workflow knows whether retrying makes sense.
 */
export async function fetchRenderedPage(page: Page, options: FetchPageOptions): Promise<FetchedPage> {
  const guard = await guardPage(page, options.policy, options.resolve);
  const startedMs = Date.now();
  const refusedByProxy: string[] = [];
  const onResponse = (response: HTTPResponse) => {
    if (isMainNavigation(page, response.request()) && response.headers()[EGRESS_REFUSED_HEADER] === 'refused') refusedByProxy.push(response.url());
  };
  const onFailed = (request: HTTPRequest) => {
    if (isMainNavigation(page, request) && proxyRefused(options, startedMs)) refusedByProxy.push(request.url());
  };
  if (options.egress) {
    page.on('response', onResponse);
    page.on('requestfailed', onFailed);
  }
  const abort = () => void page.close().catch(() => undefined);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    page.setDefaultNavigationTimeout(options.navigationTimeoutMs);
    let response;
    try {
      response = await page.goto(options.url, { waitUntil: 'load', timeout: options.navigationTimeoutMs });
    } catch (err) {
      throw classifyNavigationError(err, options.url, [...guard.refusedNavigations, ...refusedByProxy], egressFailure(options, startedMs));
    }
    if (refusedByProxy.length > 0) throw forbidden(refusedByProxy[0]!);
    if (guard.refusedNavigations.length > 0 && response === null) throw forbidden(guard.refusedNavigations[0]!);
    if (options.egress && response?.headers()[EGRESS_REFUSED_HEADER] === 'unresolvable') {
      throw new PermanentScrapeError('dns-failure', `the host of ${options.url} does not resolve; check the URL`);
    }
    const status = response?.status() ?? 0;
    checkStatus(status, options.url);
    options.onStep?.('navigated');

    await waitForContent(page, options);
    const before = options.beforeSnapshot;
    if (before) await Promise.resolve().then(() => before(page, options.signal)).catch(() => undefined);
    await annotateRendering(page).catch(() => undefined);
    const html = await readContent(page, Date.now() + 2_000);
    checkSize(html, options.maxPageBytes);
    options.onStep?.('rendered');
    const finalUrl = page.url();
    const refused = [...guard.refusedNavigations, ...refusedByProxy];
    if (refused.length > 0) throw forbidden(refused[0]!);
    if (!options.egress) checkRemoteAddress(response?.remoteAddress().ip, options);
    return { html, finalUrl, status };
  } catch (err) {
    if (options.signal?.aborted) throw new RetryableScrapeError('cancelled', 'scrape cancelled');
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
}

function isMainNavigation(page: Page, request: HTTPRequest): boolean {
  return request.isNavigationRequest() && request.frame() === page.mainFrame();
}

function proxyRefused(options: FetchPageOptions, sinceMs: number): boolean {
  return options.egress?.failuresSince(sinceMs).some((f) => f.kind === 'refused') ?? false;
}

/** What the proxy says went wrong for this context since the load started, worst first. */
function egressFailure(options: FetchPageOptions, sinceMs: number): 'refused' | 'unresolvable' | undefined {
  const kinds = new Set(options.egress?.failuresSince(sinceMs).map((f) => f.kind));
  return kinds.has('refused') ? 'refused' : kinds.has('unresolvable') ? 'unresolvable' : undefined;
}

async function waitForContent(page: Page, options: FetchPageOptions): Promise<string> {
  const deadline = Date.now() + (options.renderWaitMs ?? 5000);
  // A short settle first (scripts that run right after `load`), longer waits only while the price is missing.
  let idle = { idleTime: 50, timeout: 300 };
  for (;;) {
    await page.waitForNetworkIdle({ idleTime: idle.idleTime, timeout: Math.max(1, Math.min(idle.timeout, deadline - Date.now())) }).catch(() => undefined);
    idle = { idleTime: 200, timeout: 1500 };
    const html = await readContent(page, deadline);
    checkSize(html, options.maxPageBytes);
    if (!options.isReady || options.isReady(html, page.url()) || Date.now() >= deadline) return html;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Chromium resolves names itself, so the address it actually connected to is checked too (closes most of the
 * DNS-rebinding gap between our look-up and Chromium's).
 */
function checkRemoteAddress(ip: string | undefined, options: FetchPageOptions): void {
  if (ip && !isAddressAllowed(ip, options.policy)) throw forbidden(`${options.url} (connected to ${ip})`);
}

function checkSize(html: string, maxPageBytes: number): void {
  if (Buffer.byteLength(html) > maxPageBytes) {
    throw new PermanentScrapeError('page-too-large', `the page is larger than ${maxPageBytes} bytes; it is not scraped`);
  }
}

/** `page.content()` throws while a navigation replaces the document; try again until the deadline. */
async function readContent(page: Page, deadline: number): Promise<string> {
  for (;;) {
    try {
      return await page.content();
    } catch (err) {
      if (page.isClosed() || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function checkStatus(status: number, url: string): void {
  if (status === 0 || (status >= 200 && status < 400)) return;
  if (status === 404 || status === 410) throw new PermanentScrapeError(`http-${status}`, `${url} answered ${status}: the page does not exist; check the URL`);
  if (status === 429) throw new BlockedScrapeError('rate-limited', `${url} answered 429 Too Many Requests; will retry later with backoff`);
  if (status === 403) throw new BlockedScrapeError('blocked', `${url} answered 403 Forbidden (anti-bot or region lock); will retry later with backoff`);
  if (status >= 500) throw new RetryableScrapeError(`http-${status}`, `${url} answered ${status}; the site has a temporary problem, retrying`);
  throw new PermanentScrapeError(`http-${status}`, `${url} answered ${status}; the page cannot be scraped`);
}

/**
 * A refusal through the proxy shows up as a tunnel or proxy error (https) or as the proxy's 403 (http); the
 * proxy's own record says which it was.
 */
function classifyNavigationError(err: unknown, url: string, refused: string[], egress: 'refused' | 'unresolvable' | undefined): ScrapeError {
  const message = err instanceof Error ? err.message : String(err);
  if (refused.length > 0 || message.includes('ERR_BLOCKED_BY_CLIENT')) return forbidden(refused[0] ?? url);
  const viaProxy = /ERR_TUNNEL_CONNECTION_FAILED|ERR_PROXY_|ERR_EMPTY_RESPONSE/.test(message);
  if (viaProxy && egress === 'refused') return forbidden(url);
  if (viaProxy && egress === 'unresolvable') return new PermanentScrapeError('dns-failure', `the host of ${url} does not resolve; check the URL`);
  if (/timeout/i.test(message)) return new RetryableScrapeError('timeout', `${url} did not finish loading in time; retrying`);
  if (/ERR_NAME_NOT_RESOLVED/.test(message)) return new PermanentScrapeError('dns-failure', `the host of ${url} does not resolve; check the URL`);
  if (/ERR_TOO_MANY_REDIRECTS/.test(message)) return new PermanentScrapeError('redirect-loop', `${url} redirects in a loop`);
  if (/ERR_ABORTED/.test(message)) return new PermanentScrapeError('not-a-page', `${url} did not load as a page (a download or an aborted navigation)`);
  if (/Target closed|Session closed|detached|Protocol error|Connection closed/i.test(message)) {
    return new RetryableScrapeError('browser-crash', `the browser failed while loading ${url}; retrying`);
  }
  return new RetryableScrapeError('network-error', `loading ${url} failed: ${message.split('\n')[0]}`);
}

function forbidden(target: string): ForbiddenTargetError {
  return new ForbiddenTargetError('forbidden-target', `the page led to ${target.slice(0, 200)}, an address that may not be fetched (private, loopback or link-local); nothing was fetched from it`);
}
