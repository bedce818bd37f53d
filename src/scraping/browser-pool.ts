import puppeteer, { type Browser, type Page } from 'puppeteer-core';

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
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/**
 * One shared Chromium per worker, launched lazily and relaunched when it crashes or disconnects. Pages are new
 * tabs in the default context (a fresh incognito context per page costs ~3x the throughput), closed after use.
 */
export class BrowserPool {
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private pagesServed = 0;
  private readonly idlePages: { page: Page; uses: number }[] = [];
  private readonly pageUses = new WeakMap<Page, number>();
  private closed = false;

  constructor(private readonly options: BrowserPoolOptions) {}

  /**
   * Runs `work` with a page. Pages are reused (a new tab costs more than the load itself): after a successful
   * use the page waits for the next caller, who navigates it elsewhere. A page whose work failed, or that
   * served `reusePageCount` loads, is closed instead.
   */
  async withPage<T>(work: (page: Page) => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquireSlot(signal);
    let page: Page | undefined;
    let reusable = false;
    try {
      page = await this.takePage();
      this.pagesServed++;
      const result = await work(page);
      reusable = true;
      return result;
    } finally {
      if (page) await this.givePageBack(page, reusable);
      this.releaseSlot();
      await this.retireIfWorn();
    }
  }

  private async takePage(): Promise<Page> {
    const browser = await this.getBrowser();
    for (let idle = this.idlePages.pop(); idle; idle = this.idlePages.pop()) {
      if (!idle.page.isClosed() && idle.page.browser() === browser) {
        this.pageUses.set(idle.page, idle.uses);
        return idle.page;
      }
    }
    const page = await browser.newPage();
    this.pageUses.set(page, 0);
    return page;
  }

  private async givePageBack(page: Page, reusable: boolean): Promise<void> {
    const uses = (this.pageUses.get(page) ?? 0) + 1;
    this.pageUses.delete(page);
    if (reusable && !this.closed && !page.isClosed() && uses < (this.options.reusePageCount ?? 50)) {
      // The next load navigates away; until then the request guard still polices whatever the old page does.
      this.idlePages.push({ page, uses });
      return;
    }
    await page.close().catch(() => undefined);
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
      args: [...DEFAULT_ARGS, ...(this.options.extraArgs ?? [])],
      downloadBehavior: { policy: 'deny' },
      // Over a pipe, Chromium exits by itself when the worker dies (even on kill -9): no orphaned browsers.
      pipe: true,
      // The worker drains activities first and then closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    browser.on('disconnected', () => {
      this.idlePages.length = 0;
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

  private async retireIfWorn(): Promise<void> {
    const limit = this.options.retireBrowserAfterPageCount ?? 500;
    if (this.pagesServed < limit || this.active > 0 || !this.browser) return;
    const old = this.browser;
    this.browser = null;
    this.pagesServed = 0;
    this.idlePages.length = 0;
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
