import puppeteer, { type Browser, type BrowserContext, type CDPSession, type Page } from 'puppeteer-core';
import type { EgressProxy, EgressView } from './egress-proxy.js';

export interface BrowserPoolOptions {
  /** Chromium executable. */
  executablePath: string;
  /** Extra Chromium flags appended to the defaults. @default [] */
  extraArgs?: string[];
  /** Pages open at once; further callers wait. @default 4 */
  maxPages?: number;
  /** Close a tab after it served this many loads (tabs are reused in between). @default 50 */
  reusePageCount?: number;
  /** Relaunch the browser after this many pages to bound memory growth. @default 500 */
  retireBrowserAfterPageCount?: number;
  /**
   * The proxy all of Chromium's traffic goes through, loopback included; started before the first page and
   * stopped after `close()`. Without it Chromium connects directly and only the request guard polices it.
   */
  egress?: EgressProxy;
  /** Browser contexts (one per tenant key) kept at once; the least recently used idle one is closed first. @default 8 */
  maxContexts?: number;
  /** An unused context is closed after this long. @default 60000 */
  contextIdleMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** Flags that keep Chromium quiet and safe on a machine without internet, running as root. */
const DEFAULT_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--dns-prefetch-disable',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** What `withPage` hands to the work besides the page. */
export interface PageLease {
  /** The tenant key whose browser context the page belongs to. */
  contextKey: string;
  /** The egress proxy's refusals for this context, when the pool has a proxy. */
  egress?: EgressView;
}

export interface WithPageOptions {
  /** Tenant (task) the page works for: pages, cookies, storage and service workers are never shared across keys. @default '' */
  contextKey?: string;
}

interface Tenant {
  key: string;
  browser: Browser;
  context: Promise<BrowserContext>;
  /** User name at the egress proxy (correlates its refusals with this context). */
  tag?: string;
  idle: { page: Page; uses: number }[];
  leases: number;
  lastUsedMs: number;
}

/** How long freezing or thawing a tab may take before the tab is closed instead. */
const PARK_TIMEOUT_MS = 2_000;

/**
 * One shared Chromium per worker, launched lazily and relaunched when it crashes or disconnects. Each tenant key
 * (a task) gets its own browser context, so one tenant's cookies, storage, service workers and tabs never meet
 * another's; tabs are reused only within a context, and a context is closed when idle or evicted (LRU).
 */
export class BrowserPool {
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private pagesServed = 0;
  /** Insertion order is recency: a used tenant is moved to the end. */
  private readonly tenants = new Map<string, Tenant>();
  private readonly pageUses = new WeakMap<Page, number>();
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: BrowserPoolOptions) {}

  /**
   * Runs `work` with a page of the context of `contextKey`. Pages are reused within that context (a new tab
   * costs more than the load itself): after a successful use the page is parked on about:blank, so no page
   * runs scripts while it waits. A page whose work failed, or that served `reusePageCount` loads, is closed.
   */
  async withPage<T>(work: (page: Page, lease: PageLease) => Promise<T>, signal?: AbortSignal, options: WithPageOptions = {}): Promise<T> {
    await this.acquireSlot(signal);
    let tenant: Tenant | undefined;
    let page: Page | undefined;
    let reusable = false;
    try {
      tenant = await this.enter(options.contextKey ?? '');
      page = await this.takePage(tenant);
      this.pagesServed++;
      const egress = tenant.tag === undefined ? undefined : this.options.egress?.viewFor(tenant.tag);
      const result = await work(page, { contextKey: tenant.key, ...(egress ? { egress } : {}) });
      reusable = true;
      return result;
    } finally {
      if (tenant && page) await this.givePageBack(tenant, page, reusable);
      if (tenant) this.leave(tenant);
      this.releaseSlot();
      await this.retireIfWorn();
    }
  }

  /** Number of browser contexts open now (tests and metrics). */
  get openContexts(): number {
    return this.tenants.size;
  }

  private async enter(key: string): Promise<Tenant> {
    const browser = await this.getBrowser();
    let tenant = this.tenants.get(key);
    if (tenant && tenant.browser !== browser) {
      this.dropTenant(tenant);
      tenant = undefined;
    }
    if (!tenant) {
      const tag = this.options.egress?.newTag();
      tenant = { key, browser, context: browser.createBrowserContext(), idle: [], leases: 0, lastUsedMs: Date.now(), ...(tag ? { tag } : {}) };
      tenant.context.catch(() => undefined);
      this.startSweeper();
    }
    this.tenants.delete(key);
    this.tenants.set(key, tenant);
    tenant.leases++;
    this.evictOverCap();
    return tenant;
  }

  private leave(tenant: Tenant): void {
    tenant.leases--;
    tenant.lastUsedMs = Date.now();
  }

  private async takePage(tenant: Tenant): Promise<Page> {
    for (let idle = tenant.idle.pop(); idle; idle = tenant.idle.pop()) {
      if (!idle.page.isClosed() && (await setLifecycle(idle.page, 'active'))) {
        this.pageUses.set(idle.page, idle.uses);
        return idle.page;
      }
      await idle.page.close().catch(() => undefined);
    }
    const page = await (await tenant.context).newPage();
    this.pageUses.set(page, 0);
    if (tenant.tag !== undefined && this.options.egress) await page.authenticate(this.options.egress.credentialsFor(tenant.tag));
    return page;
  }

  private async givePageBack(tenant: Tenant, page: Page, reusable: boolean): Promise<void> {
    const uses = (this.pageUses.get(page) ?? 0) + 1;
    this.pageUses.delete(page);
    const keep = reusable && !this.closed && !page.isClosed() && uses < (this.options.reusePageCount ?? 50) && this.tenants.get(tenant.key) === tenant;
    // A parked tab is frozen (Page lifecycle "frozen": no timers, tasks or script run in it), which costs one
    // protocol message instead of a navigation; it is thawed when the same task takes it again.
    if (keep && (await setLifecycle(page, 'frozen'))) {
      tenant.idle.push({ page, uses });
      return;
    }
    await page.close().catch(() => undefined);
  }

  /** Closes least recently used idle contexts while there are more than `maxContexts`. */
  private evictOverCap(): void {
    const cap = this.options.maxContexts ?? 8;
    for (const tenant of this.tenants.values()) {
      if (this.tenants.size <= cap) return;
      if (tenant.leases === 0) this.dropTenant(tenant);
    }
  }

  private sweepIdle(): void {
    const limit = Date.now() - (this.options.contextIdleMs ?? 60_000);
    for (const tenant of [...this.tenants.values()]) if (tenant.leases === 0 && tenant.lastUsedMs < limit) this.dropTenant(tenant);
    if (this.tenants.size === 0) this.stopSweeper();
  }

  private dropTenant(tenant: Tenant): void {
    if (this.tenants.get(tenant.key) === tenant) this.tenants.delete(tenant.key);
    tenant.idle.length = 0;
    if (tenant.tag !== undefined) this.options.egress?.forget(tenant.tag);
    void tenant.context.then((context) => context.close()).catch(() => undefined);
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const every = Math.max(1_000, Math.floor((this.options.contextIdleMs ?? 60_000) / 2));
    this.sweeper = setInterval(() => this.sweepIdle(), every);
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** PID of the running Chromium, if one is up (fault tests kill it). */
  async browserPid(): Promise<number | undefined> {
    const current = this.browser;
    return current ? (await current.catch(() => null))?.process()?.pid : undefined;
  }

  /** Number of pages open now (for health and metrics). */
  get openPages(): number {
    return this.active;
  }

  /** Closes Chromium; call after the worker stopped taking work. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopSweeper();
    for (const tenant of [...this.tenants.values()]) this.dropTenant(tenant);
    const current = this.browser;
    this.browser = null;
    if (current) await (await current.catch(() => null))?.close().catch(() => undefined);
  }

  private getBrowser(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error('browser pool is closed'));
    if (!this.browser) {
      const launching = this.launch();
      this.browser = launching;
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
    }
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    const browser = await puppeteer.launch({
      executablePath: this.options.executablePath,
      headless: true,
      args: [...DEFAULT_ARGS, ...this.proxyArgs(), ...(this.options.extraArgs ?? [])],
      downloadBehavior: { policy: 'deny' },
      // Over a pipe, Chromium exits by itself when the worker dies (even on kill -9): no orphaned browsers.
      pipe: true,
      // The worker drains activities first and then closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    browser.on('disconnected', () => {
      for (const tenant of [...this.tenants.values()]) if (tenant.browser === browser) this.dropTenant(tenant);
      this.options.log?.('chromium disconnected; it will be relaunched on next use');
      if (this.browser && !this.closed) this.browser = null;
    });
    browser.on('targetcreated', (target) => {
      // Popups opened by a page are never needed for extraction; close them at once.
      if (target.type() === 'page' && target.opener()) void target.page().then((p) => p?.close()).catch(() => undefined);
    });
    this.options.log?.('chromium launched', { pid: browser.process()?.pid });
    return browser;
  }

  /**
   * Everything through the egress proxy: `<-loopback>` removes Chromium's implicit bypass of localhost and
   * 127.0.0.0/8, which would otherwise be the one way around it.
   */
  private proxyArgs(): string[] {
    const egress = this.options.egress;
    return egress ? [`--proxy-server=${egress.url}`, '--proxy-bypass-list=<-loopback>'] : [];
  }

  private async retireIfWorn(): Promise<void> {
    const limit = this.options.retireBrowserAfterPageCount ?? 500;
    if (this.pagesServed < limit || this.active > 0 || !this.browser) return;
    const old = this.browser;
    this.browser = null;
    this.pagesServed = 0;
    for (const tenant of [...this.tenants.values()]) this.dropTenant(tenant);
    await (await old.catch(() => null))?.close().catch(() => undefined);
  }

  private acquireSlot(signal?: AbortSignal): Promise<void> {
    const max = this.options.maxPages ?? 4;
    if (this.active < max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  private releaseSlot(): void {
    this.active--;
    this.waiters.shift()?.();
  }
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** Freezes or thaws a tab through the DevTools protocol; false when the tab cannot be (it is then closed). */
async function setLifecycle(page: Page, state: 'frozen' | 'active'): Promise<boolean> {
  let session = sessions.get(page);
  if (!session) {
    session = page.createCDPSession();
    sessions.set(page, session);
  }
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PARK_TIMEOUT_MS).unref());
  const done = session.then((s) => s.send('Page.setWebLifecycleState', { state })).then(() => true, () => false);
  return Promise.race([done, timeout]);
}
