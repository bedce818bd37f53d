/**
 * Citilink: Next.js page; the product header payload in `__NEXT_DATA__` has
 * the current, old and club (loyalty card) prices as numbers. DOM fallback
 * reads `data-meta-price` attributes of the price block.
 */
import type { SiteAdapter } from './adapter-types.js';

const HEADER = 'props.initialState.productPage.productHeader.payload.productHeader';

export const citilinkAdapter: SiteAdapter = {
  id: 'citilink',
  hosts: ['citilink.ru'],
  currency: 'RUB',
  name: [{ state: '#__NEXT_DATA__', path: `${HEADER}.name` }, { css: 'h1[data-meta-name="ProductHeaderLayout__title"]' }, { css: 'h1' }],
  price: [{ state: '#__NEXT_DATA__', path: `${HEADER}.price.price` }, { css: '[data-meta-name="PriceBlock__price"] [data-meta-price]', attr: 'data-meta-price' }],
  regularPrice: [{ state: '#__NEXT_DATA__', path: `${HEADER}.price.old` }, { css: '[data-meta-name="PriceBlock__old-price"] [data-meta-price]', attr: 'data-meta-price' }],
  cardPrice: [{ state: '#__NEXT_DATA__', path: `${HEADER}.price.clubPrice` }, { css: '[data-meta-name="PriceBlock__club-price"] [data-meta-price]', attr: 'data-meta-price' }],
  availability: [{ state: '#__NEXT_DATA__', path: `${HEADER}.isAvailable` }],
  sku: [{ state: '#__NEXT_DATA__', path: `${HEADER}.id` }],
  brand: [{ state: '#__NEXT_DATA__', path: `${HEADER}.brandName` }],
  characteristics: [{ row: '[data-meta-name="ProductSpecifications"] [data-meta-name="SpecificationRow"]', name: '[data-meta-name="SpecificationName"]', value: '[data-meta-name="SpecificationValue"]', section: '[data-meta-name="SpecificationGroup"]', title: 'h4' }],
};
