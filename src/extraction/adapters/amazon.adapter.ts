/**
 * Amazon: the buy-box price is `.a-offscreen` inside `corePrice*` (the visible
 * whole/fraction spans are aria-hidden duplicates); the struck list price is
 * `.a-text-price[data-a-strike]` or `.basisPrice`; Prime-exclusive price has
 * its own feature block; books and e-books show theirs in the buy box
 * (`#newBuyBoxPrice`, or `#booksHeaderSection #price` with `#listPrice` in older book pages) or the Kindle price row (`#kindle-price`). ASIN comes from the hidden `#ASIN` input.
 */
import type { SiteAdapter } from './adapter-types.js';

export const amazonAdapter: SiteAdapter = {
  id: 'amazon',
  // Every storefront: the same page templates in each (a missing one was read as an unknown shop).
  hosts: [
    'amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.ca', 'amazon.com.au', 'amazon.co.jp',
    'amazon.in', 'amazon.nl', 'amazon.pl', 'amazon.se', 'amazon.com.tr', 'amazon.ae', 'amazon.com.br', 'amazon.com.mx', 'amazon.sg',
    'amazon.sa', 'amazon.eg', 'amazon.com.be', 'amazon.ie', 'amazon.cn', 'amazon.co.za',
  ],
  currency: 'USD',
  name: [{ css: '#productTitle' }, { css: '#ebooksProductTitle' }],
  price: [
    { css: '#corePriceDisplay_desktop_feature_div .priceToPay .a-offscreen' },
    { css: '#corePrice_feature_div .a-price:not(.a-text-price) .a-offscreen' },
    { css: '#apex_desktop .a-price:not(.a-text-price) .a-offscreen' },
    { css: '#corePrice_desktop .a-price:not(.a-text-price) .a-offscreen' },
    { css: '#priceblock_dealprice' },
    { css: '#priceblock_ourprice' },
    { css: '#price_inside_buybox' },
    { css: '#newBuyBoxPrice' },
    // Printed books, older layout: "Comprar novo: R$ 29,90" in the buy box header, "De: R$ 59,90" below it.
    { css: '#booksHeaderSection #price' },
    { css: '#kindle-price' },
    { css: '#buyNewSection .offer-price' },
  ],
  regularPrice: [
    { css: '#corePriceDisplay_desktop_feature_div .basisPrice .a-offscreen' },
    { css: '#corePriceDisplay_desktop_feature_div .a-text-price[data-a-strike="true"] .a-offscreen' },
    { css: '#corePrice_feature_div .a-text-price[data-a-strike="true"] .a-offscreen' },
    { css: '#listPriceSection #listPrice' },
  ],
  cardPrice: [{ css: '#primeExclusivePricingMessage .a-price .a-offscreen' }, { css: '#pep-price .a-offscreen' }],
  availability: [{ css: '#availability span' }, { css: '#availability' }],
  outOfStock: ['#outOfStock'],
  // ASIN: the hidden input, else the "ASIN" row of the detail tables / bullets, else the canonical /dp/ link.
  sku: [
    { css: 'input#ASIN', attr: 'value' },
    { css: 'input[name="ASIN"]', attr: 'value' },
    { css: '#productDetails_detailBullets_sections1 tr, #productDetails_techSpec_section_1 tr, #detailBullets_feature_div li, #detailBulletsWrapper_feature_div li', pattern: '^\\s*ASIN\\W{0,6}\\s*([A-Z0-9]{10})\\b' },
    { css: 'link[rel="canonical"]', attr: 'href', pattern: '/(?:dp|gp/product)/([A-Z0-9]{10})(?:[/?]|$)' },
  ],
  brand: [
    { css: '#bylineInfo', pattern: '(?:Brand:\\s*|Visit the\\s+|Marke:\\s*|Marca:\\s*|Marque\\s*:\\s*|Visita la tienda de\\s+|Visita lo Store di\\s+|Visiter la boutique\\s+|Besuche den\\s+)(.+?)(?:\\s+Store|-Store)?$' },
    // A bare byline that links to the brand's store ("ChangM"), with no "Brand:" / "Visit the … Store" words.
    { css: 'a#bylineInfo[href*="lbr_brands"]', pattern: '^\\s*(\\S.{0,40}?)\\s*$' },
  ],
  characteristics: [
    // "Technical Details" and "Additional Information" (ASIN, date first available; reviews and rank rows are dropped).
    { row: '#productDetails_techSpec_section_1 tr, #productDetails_detailBullets_sections1 tr', name: 'th', value: 'td' },
    { row: '#productOverview_feature_div tr', name: 'td:first-child', value: 'td:last-child' },
  ],
};
