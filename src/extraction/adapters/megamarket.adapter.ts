/**
 * Megamarket: `pdp-sales-block` holds the offer; bonus roubles ("+1 299
 * бонусов") sit right next to the price and must never be read as one.
 */
import type { SiteAdapter } from './adapter-types.js';

export const megamarketAdapter: SiteAdapter = {
  id: 'megamarket',
  hosts: ['megamarket.ru', 'sbermegamarket.ru'],
  currency: 'RUB',
  name: [{ css: 'h1.pdp-header__title' }, { css: '[itemprop="name"]' }],
  price: [{ css: '.pdp-sales-block__price-final' }, { css: '.sales-block-offer-price__price-final' }],
  regularPrice: [{ css: '.pdp-sales-block__old-price .crossed-old-price-discount__price' }, { css: '.pdp-sales-block__old-price' }],
  outOfStock: ['.pdp-sales-block__out-of-stock', '.pdp-out-of-stock'],
  sku: [{ css: '.pdp-header__article', pattern: '(\\d{5,})' }],
  characteristics: [{ row: '.pdp-specs__item', name: '.pdp-specs__item-name', value: '.pdp-specs__item-value', section: '.pdp-specs__group', title: '.pdp-specs__group-title' }],
};
