import type { Page } from 'puppeteer-core';

/**
 * Labels of tabs, accordions and "show all" buttons that open a product's characteristics, in Russian, Ukrainian,
 * English, German, French, Spanish, Italian, Polish, Dutch and Czech. Generic "show all" wording is allowed
 * because `NOT_SPECS` filters out the reviews / questions it often belongs to.
 */
const SPEC_LABEL = [
  'характеристик', 'показать (?:все|всё|ещё|еще|больше|полностью)', 'развернуть', 'параметры', 'всі характеристики', 'показати (?:всі|все|більше)',
  'specs?\\b', 'specifications?', 'tech(?:nical)? (?:specs|specifications|details|data)', '(?:show|see|view) (?:all|more|full)', 'more details',
  'technische daten', 'alle (?:anzeigen|details)', 'mehr anzeigen', 'eigenschaften', 'merkmale', 'produktdetails',
  'caractéristiques', 'fiche technique', '(?:voir|afficher) (?:plus|tout)', 'tout afficher',
  'especificaciones', 'características', '(?:ver|mostrar) (?:más|todo|todas)',
  'specifiche', 'caratteristiche', 'scheda tecnica', '(?:mostra|vedi) (?:tutto|tutte|di più|altro)',
  'specyfikacja', 'dane techniczne', 'parametry', '(?:pokaż|zobacz) (?:wszystko|więcej|wszystkie)',
  'specificaties', 'kenmerken', 'toon (?:alles|meer)', 'parametry', 'zobrazit (?:vše|více)',
].join('|');
const NOT_SPECS = 'отзыв|вопрос|комментар|відгук|review|question|comment|bewertung|rezension|frage|avis|opinion|recensio|domand|opini|pytani|recenz|beoordeling|productos|products|товары|товаров|colou?rs|цвет';

interface RevealOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Opens characteristics a visitor reaches by clicking: tabs kept `display:none` until selected, collapsed
 * "show all characteristics" blocks and accordions. Clicks each matching control at most once (never a link to
 * another document, never a form submit), then waits until the DOM stops changing or `timeoutMs` runs out.
 * Returns the number of clicks; never throws, as a page without such controls is the common case.
 */
export async function revealCharacteristics(page: Page, options: RevealOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  let clicks = 0;
  try {
    // A click can render further controls ("show all" inside the tab it opened), so a few rounds are made.
    for (let round = 0; round < 3 && !options.signal?.aborted && Date.now() < deadline; round++) {
      const clicked = await page.evaluate(clickSpecControls, SPEC_LABEL, NOT_SPECS);
      clicks += clicked;
      await waitForQuietDom(page, deadline, options.signal);
      if (clicked === 0) break;
    }
  } catch {
    // The page closed or navigated away mid-way; what was revealed so far is still worth snapshotting.
  }
  return clicks;
}

/**
 * Runs in the page: finds matching controls not clicked before, keeps the innermost, clicks them. Written without
 * named inner functions, because the TypeScript loader used in development wraps those in a helper the page lacks.
 */
function clickSpecControls(labelSource: string, notSource: string): number {
  const label = new RegExp(labelSource, 'iu');
  const notSpecs = new RegExp(notSource, 'iu');
  const here = new URL(location.href);
  const selector = 'button, summary, [role=tab], [role=button], a, [onclick], [data-toggle], [data-bs-toggle], [data-tab], [aria-controls]';
  const candidates = Array.from(document.querySelectorAll(selector)).filter((el) => {
    if (!(el instanceof HTMLElement) || el.hasAttribute('data-pc-revealed')) return false;
    // Already open: a second click would close an accordion again.
    if (el.getAttribute('aria-expanded') === 'true' || el.getAttribute('aria-selected') === 'true') return false;
    if (el.tagName === 'SUMMARY' && el.closest('details[open]')) return false;
    const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
    if (text.length === 0 || text.length > 60 || !label.test(text) || notSpecs.test(text)) return false;
    const link = el.closest('a[href]');
    if (link) {
      const href = link.getAttribute('href') ?? '';
      const target = new URL(href, document.baseURI);
      const sameDocument = target.origin + target.pathname + target.search === here.origin + here.pathname + here.search && target.hash !== '';
      if (link.getAttribute('target') === '_blank' || (!/^javascript:/i.test(href) && !sameDocument)) return false;
    }
    const button = el.closest('button');
    return !(button instanceof HTMLButtonElement && button.form !== null && button.type === 'submit');
  });
  // A label often sits in nested clickables (li[role=tab] > a); one click on the innermost reaches both handlers.
  const innermost = candidates.filter((el) => !candidates.some((other) => other !== el && el.contains(other)));
  for (const el of innermost) {
    for (const c of candidates) if (c === el || c.contains(el)) c.setAttribute('data-pc-revealed', '1');
    (el as HTMLElement).click();
  }
  return innermost.length;
}

/** Resolves once the DOM has not changed for a short while (scripts filling the opened block), or at the deadline. */
async function waitForQuietDom(page: Page, deadline: number, signal?: AbortSignal): Promise<void> {
  const quietMs = 400;
  while (!signal?.aborted && Date.now() < deadline) {
    const budget = Math.max(1, deadline - Date.now());
    const changed = await page.evaluate(
      (quiet: number, max: number) => {
        const state: { seen: boolean; settle?: (seen: boolean) => void } = { seen: false };
        const settled = new Promise<boolean>((resolve) => { state.settle = resolve; });
        let timer = setTimeout(() => state.settle?.(false), quiet);
        const observer = new MutationObserver(() => {
          state.seen = true;
          clearTimeout(timer);
          timer = setTimeout(() => state.settle?.(true), quiet);
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        const cap = setTimeout(() => state.settle?.(state.seen), max);
        return settled.then((seen) => {
          observer.disconnect();
          clearTimeout(timer);
          clearTimeout(cap);
          return seen;
        });
      },
      quietMs,
      budget,
    );
    await page.waitForNetworkIdle({ idleTime: 100, timeout: Math.max(1, Math.min(1000, deadline - Date.now())) }).catch(() => undefined);
    if (!changed) return;
  }
}
