export * from './errors.js';
export * from './browser-pool.js';
export * from './page-fetcher.js';
export { detectAntiBot } from './anti-bot.js';
export { fetchHtmlDirect, TryTheBrowser, type HttpFetchOptions, type HttpPage } from './http-fetcher.js';
export { revealCharacteristics } from './reveal-characteristics.js';
export { EgressProxy, EGRESS_REFUSED_HEADER, type EgressProxyOptions, type EgressView, type EgressFailure } from './egress-proxy.js';
