/**
 * Ozon: prices live in the `webPrice` widget state (`data-state` JSON on
 * `#state-webPrice-*`), card price = "c Ozon Картой", `price` = without card,
 * `originalPrice` = crossed out. Widgets are addressed by `data-widget`.
 */
import type { SiteAdapter } from './adapter-types.js';

export const ozonAdapter: SiteAdapter = {
  id: 'ozon',
  hosts: ['ozon.ru', 'ozon.kz', 'ozon.by', 'ozon.com'],
  currency: 'RUB',
  name: [{ css: '[data-widget="webProductHeading"] h1' }, { state: 'data-state#state-webProductHeading-', path: 'title' }],
  price: [{ state: 'data-state#state-webPrice-', path: 'price' }, { css: '[data-widget="webPrice"] [data-price-kind="regular"]' }],
  regularPrice: [{ state: 'data-state#state-webPrice-', path: 'originalPrice' }],
  cardPrice: [{ state: 'data-state#state-webPrice-', path: 'cardPrice' }],
  availability: [{ state: 'data-state#state-webPrice-', path: 'isAvailable' }],
  outOfStock: ['[data-widget="webOutOfStock"]'],
  sku: [{ css: '[data-widget="webDetailSKU"]', pattern: '(\\d{5,})' }],
  brand: [{ css: '[data-widget="webBrand"] a' }],
  characteristics: [{ row: '[data-widget="webCharacteristics"] dl', name: 'dt', value: 'dd', section: '[data-widget="webCharacteristics"] > div', title: 'h3' }],
};
