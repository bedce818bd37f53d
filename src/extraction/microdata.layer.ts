/** schema.org microdata layer (itemscope / itemtype / itemprop). */
import type { CheerioAPI } from 'cheerio/slim';
import { elementText, type Element } from './dom-text.js';
import { pageIndex } from './page-index.js';
import { parsePrice } from './price-parser.js';
import { productFromSchema } from './schema-product.js';
import { MICRODATA, productItems } from './structured-dom.js';
import type { LayerResult } from './types.js';

/**
 * A crossed-out amount (`<del>`, `<s>`, `<strike>`) printed inside the main Offer's own markup, above its price:
 * the shop wrapped its visible price block in the Offer, so the struck amount is that offer's price before discount
 * (read even where a template hides the block until its script runs).
 */
function struckInOffer($: CheerioAPI, product: Element, result: LayerResult): void {
  const price = result.price;
  if (!price || result.regularPrice) return;
  const index = pageIndex($);
  const offer = index.find(product, '[itemprop~="offers"][itemscope]')[0];
  if (!offer) return;
  for (const el of index.find(offer, 'del, s, strike')) {
    if (index.find(el, '[itemscope]').length > 0) continue;
    const parsed = parsePrice(elementText(el, false, 100), price.currency);
    if (!parsed.amount || Number(parsed.amount) <= Number(price.amount)) continue;
    if (parsed.currency && price.currency && parsed.currency !== price.currency) continue;
    result.regularPrice = { amount: parsed.amount, currency: parsed.currency ?? price.currency, currencyRaw: parsed.currencyRaw };
    return;
  }
}

/** The main microdata Product, or null; related-product items are skipped. */
export function microdataLayer($: CheerioAPI, pageUrl: string): LayerResult | null {
  const main = productItems($, MICRODATA)[0];
  if (!main) return null;
  const result = productFromSchema(main.item, 'microdata', pageUrl);
  struckInOffer($, main.el, result);
  return result;
}
