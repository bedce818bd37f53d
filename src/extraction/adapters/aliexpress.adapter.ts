/**
 * AliExpress: `window.runParams.data.priceModule` (formatted activity / list
 * prices with currency) on the global site, DOM `product-price-current` /
 * `product-price-original` as fallback. Currency varies per visitor, so the
 * formatted strings (with their symbol) are preferred over bare numbers.
 */
import type { SiteAdapter } from './adapter-types.js';

export const aliexpressAdapter: SiteAdapter = {
  id: 'aliexpress',
  hosts: ['aliexpress.com', 'aliexpress.ru', 'aliexpress.us'],
  currency: 'USD',
  name: [{ css: 'h1[data-pl="product-title"]' }, { state: 'window.runParams', path: 'data.titleModule.subject' }],
  price: [
    { state: 'window.runParams', path: 'data.priceModule.formatedActivityPrice' },
    { state: 'window.runParams', path: 'data.priceModule.formatedPrice' },
    { css: '.product-price-current' },
  ],
  regularPrice: [{ state: 'window.runParams', path: 'data.priceModule.formatedPrice' }, { css: '.product-price-original' }],
  availability: [{ state: 'window.runParams', path: 'data.quantityModule.totalAvailQuantity' }],
  availabilityMap: { '0': 'OutOfStock' },
  outOfStock: ['.product-quantity-tip .sold-out', '[data-pl="product-sold-out"]'],
  sku: [{ state: 'window.runParams', path: 'data.productId' }],
  brand: [{ state: 'window.runParams', path: 'data.storeModule.storeName' }],
  characteristics: [{ row: '[data-pl="product-specs"] li', name: '[class*="title"]', value: '[class*="desc"]' }],
};
