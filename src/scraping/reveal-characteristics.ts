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

/** Runs in the page: finds matching controls not clicked before, keeps the innermost, clicks them. */
function clickSpecControls(labelSource: string, notSource: string): number {
  const label = new RegExp(labelSource, 'iu');
  const notSpecs = new RegExp(notSource, 'iu');
  const MARK = 'data-pc-revealed';
  const selector = 'button, summary, [role=tab], [role=button], a, [onclick], [data-toggle], [data-bs-toggle], [data-tab], [aria-controls]';

  const navigatesAway = (el: Element): boolean => {
    const link = el.closest('a[href]');
    if (link) {
      const href = link.getAttribute('href') ?? '';
      if (!href.startsWith('#') && !/^javascript:/i.test(href)) {
        const target = new URL(href, document.baseURI);
        const here = new URL(location.href);
        if (target.origin + target.pathname + target.search !== here.origin + here.pathname + here.search || !target.hash) return true;
      }
      if (link.getAttribute('target') === '_blank') return true;
    }
    const button = el.closest('button, input');
    return button instanceof HTMLButtonElement && button.form !== null && button.type === 'submit';
  };

  const wanted = (el: Element): boolean => {
    if (!(el instanceof HTMLElement) || el.hasAttribute(MARK)) return false;
    if (el.getAttribute('aria-expanded') === 'true' || el.getAttribute('aria-selected') === 'true') return false;
    if (el.closest('details[open]') && el.tagName === 'SUMMARY') return false;
    const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
    return text.length > 0 && text.length <= 60 && label.test(text) && !notSpecs.test(text) && !navigatesAway(el);
  };

  const candidates = Array.from(document.querySelectorAll(selector)).filter(wanted);
  // A label often sits in nested clickables (li[role=tab] > a); one click on the innermost reaches both handlers.
  const innermost = candidates.filter((el) => !candidates.some((other) => other !== el && el.contains(other)));
  for (const el of innermost) {
    for (const c of candidates) if (c === el || c.contains(el)) c.setAttribute(MARK, '1');
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
      (quiet: number, max: number) =>
        new Promise<boolean>((resolve) => {
          let seen = false;
          let timer = setTimeout(done, quiet);
          const observer = new MutationObserver(() => {
            seen = true;
            clearTimeout(timer);
            timer = setTimeout(done, quiet);
          });
          const cap = setTimeout(done, max);
          function done(): void {
            observer.disconnect();
            clearTimeout(timer);
            clearTimeout(cap);
            resolve(seen);
          }
          observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        }),
      quietMs,
      budget,
    );
    await page.waitForNetworkIdle({ idleTime: 100, timeout: Math.max(1, Math.min(1000, deadline - Date.now())) }).catch(() => undefined);
    if (!changed) return;
  }
}
