/**
 * Orchestrates the layers over one rendered page. Parsing happens once
 * (htmlparser2 through cheerio/slim: page.content() is already well-formed,
 * and htmlparser2 is several times faster than parse5 for bulk runs).
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import { currencyFromUrl } from './currency-table.js';
import { domLayer } from './dom-heuristics.layer.js';
import { jsonLdLayer } from './json-ld.layer.js';
import { mergeLayers } from './merge.js';
import type { ExtractedProduct, LayerResult } from './types.js';

/** Parses HTML the way every layer expects it. */
export function loadHtml(html: string): CheerioAPI {
  return load(html, { xml: { xmlMode: false, decodeEntities: true } });
}

/**
 * Extracts the main product of a rendered product page. Never throws on
 * malformed markup; fields that cannot be established are null rather than
 * guessed, because a wrong price is worse than none.
 */
export function extractProduct(html: string, options: { url: string }): ExtractedProduct {
  const url = options.url;
  const $ = loadHtml(html);
  const layers: LayerResult[] = [];
  const jsonLd = jsonLdLayer($, url);
  if (jsonLd) layers.push(jsonLd);
  const hint = layers.find((l) => l.currency)?.currency ?? currencyFromUrl(url);
  const dom = domLayer($, url, hint);
  return mergeLayers(url, layers, dom);
}
