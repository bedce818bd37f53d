/**
 * Orchestrates the layers over one rendered page. Parsing happens once
 * (htmlparser2 through cheerio/slim: page.content() is already well-formed,
 * and htmlparser2 is several times faster than parse5 for bulk runs).
 */
import type { CheerioAPI } from 'cheerio/slim';
import { adapterFor, runAdapter } from './adapters/engine.js';
import { extractCharacteristics } from './characteristics.js';
import { currencyFromLocale, currencyFromUrl } from './currency-table.js';
import { domLayer } from './dom-heuristics.layer.js';
import { gtinFromRows } from './dom-identifiers.js';
import { findTitleElement } from './dom-title.js';
import { collectStateBlobs } from './embedded-json.js';
import { embeddedStateLayer } from './embedded-state.layer.js';
import { jsonLdLayer } from './json-ld.layer.js';
import { mergeLayers } from './merge.js';
import { metaLayer, readMetaTags } from './meta.layer.js';
import { microdataLayer } from './microdata.layer.js';
import { pageIndex, parsePage } from './page-index.js';
import { rdfaLayer } from './rdfa.layer.js';
import type { ExtractedProduct, LayerResult } from './types.js';

/** Parses HTML the way every layer expects it. */
export function loadHtml(html: string): CheerioAPI {
  return parsePage(html);
}

/** The currency of the page's declared locale (`<html lang="es-CL">`, `og:locale`), for a `$` on a generic domain. */
function pageLocaleCurrency($: CheerioAPI): string | null {
  return currencyFromLocale(pageIndex($).byTag('html')[0]?.attribs['lang']) ?? currencyFromLocale(readMetaTags($).get('og:locale'));
}

/**
 * Extracts the main product of a rendered product page. Never throws on
 * malformed markup; fields that cannot be established are null rather than
 * guessed, because a wrong price is worse than none.
 */
export function extractProduct(html: string, options: { url: string }): ExtractedProduct {
  const url = options.url;
  const $ = loadHtml(typeof html === 'string' ? html : '');
  const urlCurrency = currencyFromUrl(url, pageIndex($).byTag('html')[0]?.attribs['lang']);
  const blobs = collectStateBlobs($);
  const adapter = adapterFor(url);
  const structured = [jsonLdLayer($, url), microdataLayer($, url), rdfaLayer($, url), metaLayer($, url)]
    .filter((l): l is LayerResult => l !== null);
  const adapterResult = adapter ? runAdapter(adapter, $, blobs, urlCurrency) : null;
  const hint = adapterResult?.currency ?? structured.find((l) => l.currency)?.currency ?? urlCurrency ?? adapter?.currency ??
    pageLocaleCurrency($);
  const dom = domLayer($, url, hint, !!adapterResult?.sku || structured.some((l) => l.sku));
  const characteristics = extractCharacteristics($, findTitleElement($));
  if (characteristics.length) dom.additionalProperties = characteristics;
  if (!dom.gtin) {
    const gtin = gtinFromRows(characteristics);
    if (gtin) dom.gtin = gtin;
  }
  const title = adapterResult?.name ?? dom.name ?? structured.find((l) => l.name)?.name ?? null;
  const embedded = embeddedStateLayer(blobs, url, title, dom.visibleAmounts, hint);
  const layers = [adapterResult, embedded, ...structured].filter((l): l is LayerResult => l !== null);
  const product = mergeLayers(url, layers, dom);
  if (!product.name) {
    const ogTitle = readMetaTags($).get('og:title');
    if (ogTitle) {
      product.name = ogTitle;
      product.provenance.name = 'meta';
    }
  }
  return product;
}
