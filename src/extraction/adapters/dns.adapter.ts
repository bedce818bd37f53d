/**
 * DNS: the discounted price block nests the old price inside the current one
 * (`product-buy__price` > `product-buy__prev`), so the current amount is the
 * first number; stock text lives in `order-avail-wrap`.
 */
import type { SiteAdapter } from './adapter-types.js';

export const dnsAdapter: SiteAdapter = {
  id: 'dns',
  hosts: ['dns-shop.ru', 'dns-shop.kz'],
  currency: 'RUB',
  name: [{ css: 'h1.product-card-top__title' }],
  price: [{ css: '.product-card-top__buy .product-buy__price' }, { css: '.product-buy__price' }],
  regularPrice: [{ css: '.product-card-top__buy .product-buy__prev' }, { css: '.product-buy__prev' }],
  availability: [{ css: '.product-card-top__avails .order-avail-wrap' }, { css: '.order-avail-wrap' }],
  sku: [{ css: '.product-card-top__code', pattern: '(\\d{4,})' }],
  characteristics: [{ row: '.product-characteristics__spec', name: '.product-characteristics__spec-title', value: '.product-characteristics__spec-value', section: '.product-characteristics__group', title: '.product-characteristics__group-title' }],
};
