/** schema.org microdata layer (itemscope / itemtype / itemprop). */
import type { CheerioAPI } from 'cheerio/slim';
import { productFromSchema } from './schema-product.js';
import { MICRODATA, productItems } from './structured-dom.js';
import type { LayerResult } from './types.js';

/** The main microdata Product, or null; related-product items are skipped. */
export function microdataLayer($: CheerioAPI, pageUrl: string): LayerResult | null {
  const main = productItems($, MICRODATA)[0];
  return main ? productFromSchema(main.item, 'microdata', pageUrl) : null;
}
