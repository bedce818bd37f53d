/** All site adapters, matched by host in `engine.ts`. */
import type { SiteAdapter } from './adapter-types.js';
import { aliexpressAdapter } from './aliexpress.adapter.js';
import { amazonAdapter } from './amazon.adapter.js';
import { ebayAdapter } from './ebay.adapter.js';
import { citilinkAdapter } from './citilink.adapter.js';
import { dnsAdapter } from './dns.adapter.js';
import { megamarketAdapter } from './megamarket.adapter.js';
import { ozonAdapter } from './ozon.adapter.js';
import { wildberriesAdapter } from './wildberries.adapter.js';
import { yandexMarketAdapter } from './yandex-market.adapter.js';

export const ADAPTERS: SiteAdapter[] = [
  ozonAdapter, wildberriesAdapter, yandexMarketAdapter, aliexpressAdapter, amazonAdapter, megamarketAdapter, citilinkAdapter, dnsAdapter, ebayAdapter,
];
