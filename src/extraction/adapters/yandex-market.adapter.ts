/**
 * Yandex Market: stable `data-auto` hooks. The product card's own offer sits in
 * `price-block`; other sellers' offers repeat the same hooks further down, so
 * selectors are scoped to the block. The "с Яндекс Пэй" price is the card price.
 */
import type { SiteAdapter } from './adapter-types.js';

export const yandexMarketAdapter: SiteAdapter = {
  id: 'yandex-market',
  hosts: ['market.yandex.ru', 'market.yandex.kz', 'market.yandex.by', 'market.yandex.uz'],
  currency: 'RUB',
  name: [{ css: 'h1[data-auto="productCardTitle"]' }, { css: '[data-auto="productCardTitle"]' }],
  price: [{ css: '[data-auto="price-block"] [data-auto="snippet-price-current"]' }],
  regularPrice: [{ css: '[data-auto="price-block"] [data-auto="snippet-price-old"]' }],
  cardPrice: [{ css: '[data-auto="price-block"] [data-auto="yandex-pay-price"]' }, { css: '[data-auto="price-block"] [data-auto="plus-price"]' }],
  availability: [{ css: '[data-auto="price-block"] [data-auto="availability-status"]' }],
  outOfStock: ['[data-auto="out-of-stock"]', '[data-auto="product-not-available"]'],
  sku: [{ css: '[data-auto="product-sku"]', pattern: '(\\d{5,})' }],
  brand: [{ css: '[data-auto="product-brand"]' }],
  characteristics: [{ row: '[data-auto="product-full-specs"] [data-auto="spec-row"]', name: '[data-auto="spec-name"]', value: '[data-auto="spec-value"]', section: '[data-auto="spec-group"]', title: '[data-auto="spec-group-title"]' }],
};
