import type { Page } from 'puppeteer-core';

/**
 * Writes what only the rendered page knows into the DOM before it is serialised, for the extractor running in
 * Node: `data-pc-hidden="1"` on elements a visitor cannot see (CSS display/visibility/opacity, zero size,
 * off-screen) and `data-pc-font-size` on visible elements that carry digits or look like prices. Only such
 * elements are measured, and at most `maxElements` are visited, so a huge page stays cheap.
 */
export async function annotateRendering(page: Page, maxElements = 20_000): Promise<void> {
  await page.evaluate((limit: number) => {
    const PRICEISH = /price|cost|amount|cena|цен|стоим/i;
    const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK']);
    const all = document.body ? document.body.getElementsByTagName('*') : [];
    const count = Math.min(all.length, limit);
    for (let i = 0; i < count; i++) {
      const el = all[i] as HTMLElement;
      if (SKIP.has(el.tagName)) continue;
      let ownDigits = false;
      for (const node of Array.from(el.childNodes)) {
        if (node.nodeType === 3 && /\d/.test(node.textContent ?? '')) {
          ownDigits = true;
          break;
        }
      }
      const cls = typeof el.className === 'string' ? el.className : '';
      if (!ownDigits && !PRICEISH.test(cls) && !el.hasAttribute('itemprop')) continue;
      const rect = el.getBoundingClientRect();
      const visible =
        (el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : el.offsetParent !== null) &&
        rect.width > 0 &&
        rect.height > 0 &&
        rect.right > 0 &&
        rect.bottom > -5000;
      if (!visible) el.setAttribute('data-pc-hidden', '1');
      else el.setAttribute('data-pc-font-size', String(parseFloat(getComputedStyle(el).fontSize) || 0));
    }
  }, maxElements);
}
