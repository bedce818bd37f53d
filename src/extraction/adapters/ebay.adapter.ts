/**
 * eBay item pages, both layouts. Classic ("vi", to about 2021): `#itemTitle` (its "Details about" / "Détails sur"
 * prefix sits in a hidden `g-hdn` span), `#prcIsum` or the markdown pair `#mm-saleDscPrc` / `#mm-saleOrgPrc`,
 * the original retail price `#orgPrc` (its "Was:" label is filled in by a script), an auction's `#prcIsum_bidPrice`,
 * item specifics in `.itemAttr` (label cell, then value cell). Current layout: `.x-item-title__mainTitle`,
 * `.x-price-primary`, a struck price in `.x-additional-info` / `.x-price-transparency`, specifics as
 * `.ux-labels-values`. A listing in another currency also shows an approximate amount in the visitor's currency
 * (`#convbinPrice`, "Ongeveer EUR 67,50"): the listing's own price is the price.
 */
import type { SiteAdapter } from './adapter-types.js';

const BRAND_LABELS = ['Brand', 'Marke', 'Marque', 'Marca', 'Merk', 'Marka'];

export const ebayAdapter: SiteAdapter = {
  id: 'ebay',
  hosts: [
    'ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.nl', 'ebay.be', 'ebay.at', 'ebay.ch', 'ebay.ie', 'ebay.pl',
    'ebay.ca', 'ebay.com.au', 'ebay.com.sg', 'ebay.com.my', 'ebay.ph', 'ebay.com.hk',
  ],
  currency: 'USD',
  name: [{ css: 'h1#itemTitle' }, { css: 'h1.x-item-title__mainTitle' }],
  price: [
    { css: '#prcIsum' },
    { css: '#mm-saleDscPrc' },
    { css: '#prcIsum_bidPrice' },
    { css: '.x-bin-price .x-price-primary' },
    { css: '.x-price-primary' },
  ],
  regularPrice: [
    { css: '#orgPrc' },
    { css: '#mm-saleOrgPrc' },
    { css: '.x-additional-info .ux-textspans--STRIKETHROUGH' },
    { css: '.x-price-transparency .ux-textspans--STRIKETHROUGH' },
  ],
  brand: [
    { css: BRAND_LABELS.map((l) => `.itemAttr td.attrLabels:contains("${l}") + td`).join(', ') },
    { css: '.ux-labels-values--brand .ux-labels-values__values' },
  ],
};
