import net from 'node:net';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { isAddressAllowed, systemResolver, type HostResolver, type UrlPolicy } from '../security/index.js';

/** Resource types a price extractor never needs; skipping them roughly halves page load time. */
const SKIPPED_RESOURCE_TYPES = new Set(['image', 'media', 'font']);

export interface RequestGuard {
  /** URLs the page tried to reach that the policy refused (redirect hops, subresources, navigations). */
  readonly refused: string[];
  /** Refused top-level navigations (redirects, meta refresh, script `location=`): the page itself is forbidden. */
  readonly refusedNavigations: string[];
}

interface GuardedPage {
  policy: UrlPolicy;
  resolve: HostResolver;
  current: RequestGuard;
  decisions: Map<string, Promise<boolean>>;
}

const guarded = new WeakMap<Page, GuardedPage>();

/**
 * Makes Chromium obey the URL policy: every request, including each redirect hop and every subresource, is
 * checked against the addresses its host resolves to before it is let through. Also dismisses dialogs and
 * bypasses service workers. Listeners are installed once per tab; a reused tab gets a fresh record of refusals
 * (and a fresh DNS cache) per load. WebSockets and worker fetches are not visible to interception (see README).
 */
export async function guardPage(page: Page, policy: UrlPolicy, resolve: HostResolver = systemResolver): Promise<RequestGuard> {
  const current: RequestGuard = { refused: [], refusedNavigations: [] };
  const existing = guarded.get(page);
  if (existing) {
    Object.assign(existing, { policy, resolve, current, decisions: new Map() });
    return current;
  }
  const state: GuardedPage = { policy, resolve, current, decisions: new Map() };
  guarded.set(page, state);
  await page.setBypassServiceWorker(true);
  await page.setRequestInterception(true);
  page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
  page.on('request', (request) => void decide(request, state, page));
  return current;
}

async function decide(request: HTTPRequest, state: GuardedPage, page: Page): Promise<void> {
  if (request.isInterceptResolutionHandled()) return;
  const raw = request.url();
  const guard = state.current;
  try {
    if (raw.startsWith('data:') || raw.startsWith('blob:')) return await request.continue();
    const url = new URL(raw);
    const allowedScheme = url.protocol === 'http:' || url.protocol === 'https:';
    if (!allowedScheme || url.username || url.password || !(await hostAllowed(state, url.hostname))) {
      guard.refused.push(raw);
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) guard.refusedNavigations.push(raw);
      return await request.abort('blockedbyclient');
    }
    if (SKIPPED_RESOURCE_TYPES.has(request.resourceType())) return await request.abort('aborted');
    await request.continue();
  } catch {
    // The page may have closed while we decided; nothing is left to do for this request.
  }
}

function hostAllowed(state: GuardedPage, hostname: string): Promise<boolean> {
  let decision = state.decisions.get(hostname);
  if (!decision) {
    decision = resolveAndCheck(hostname, state.policy, state.resolve);
    state.decisions.set(hostname, decision);
  }
  return decision;
}

async function resolveAndCheck(hostname: string, policy: UrlPolicy, resolve: HostResolver): Promise<boolean> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (net.isIP(host)) return isAddressAllowed(host, policy);
  try {
    const addresses = await resolve(host);
    return addresses.length > 0 && addresses.every((address) => isAddressAllowed(address, policy));
  } catch {
    return false;
  }
}
