import type { AppConfig } from '../config/config.js';

/** Base URL of links in emails: PUBLIC_URL, else the API's own address (a wildcard HOST as 127.0.0.1). */
export function publicUrlOf(config: AppConfig): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}
