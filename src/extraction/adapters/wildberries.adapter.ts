/**
 * Wildberries: client-rendered card; `price-block__wallet-price` is the
 * "с WB Кошельком" price, `price-block__final-price` what others pay,
 * `price-block__old-price` crossed out. Sold-out cards get `sold-out-product`.
 */
import type { SiteAdapter } from './adapter-types.js';

export const wildberriesAdapter: SiteAdapter = {
  id: 'wildberries',
  hosts: ['wildberries.ru', 'wb.ru', 'wildberries.kz', 'wildberries.by', 'wildberries.am', 'wildberries.uz'],
  currency: 'RUB',
  name: [{ css: 'h1.product-page__title' }, { css: '.product-page__header h1' }],
  price: [{ css: '.product-page__price-block .price-block__final-price' }, { css: '.price-block__final-price' }],
  regularPrice: [{ css: '.product-page__price-block .price-block__old-price' }, { css: '.price-block__old-price' }],
  cardPrice: [{ css: '.product-page__price-block .price-block__wallet-price' }, { css: '.price-block__wallet-price' }],
  outOfStock: ['.sold-out-product', '.product-page__sold-out'],
  sku: [{ css: '#productNmId' }, { css: '.product-article__copy', pattern: '(\\d{5,})' }],
  // The brand printed above the title (2022 cards: a link bound to `product^brandName`), else the breadcrumb's brand link.
  brand: [
    { css: '.product-page__header-brand' },
    { css: '.product-page__header [data-link*="brandName"]' },
    { css: '.product-page__header a[href*="/brands/"]' },
    { css: '.breadcrumbs__link[href*="/brands/"]' },
  ],
  characteristics: [{ row: 'table.product-params__table tr', name: 'th', value: 'td', section: 'table.product-params__table', title: 'caption' }],
};
