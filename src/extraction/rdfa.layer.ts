/** schema.org RDFa (Lite) layer (vocab / typeof / property). */
import type { CheerioAPI } from 'cheerio/slim';
import { productFromSchema } from './schema-product.js';
import { productItems, RDFA } from './structured-dom.js';
import type { LayerResult } from './types.js';

/** The main RDFa Product, or null. */
export function rdfaLayer($: CheerioAPI, pageUrl: string): LayerResult | null {
  const main = productItems($, RDFA)[0];
  return main ? productFromSchema(main.item, 'rdfa', pageUrl) : null;
}
