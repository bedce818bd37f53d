import { createDocument } from 'zod-openapi';
import { ALL_KIND_DEFINITIONS } from '../../tasks/registry.js';
import { accountPaths } from './account-paths.js';
import { adminPaths } from './admin-paths.js';
import { schedulePaths } from './schedule-paths.js';
import { servicePaths } from './service-paths.js';
import { historyPaths } from './history-paths.js';
import { alertPaths } from './alert-paths.js';
import { taskPaths } from './task-paths.js';

export type OpenApiDocument = ReturnType<typeof createDocument>;

export interface OpenApiOptions {
  /** `MAX_URLS_PER_TASK` of the deployment; defaults to the configuration default. */
  maxUrlsPerTask?: number;
}

/** The default of `MAX_URLS_PER_TASK` (src/config/config.ts); a deployment that changes it passes its own. */
const DEFAULT_MAX_URLS_PER_TASK = 10_000;

/**
 * The OpenAPI 3.1 description of the HTTP API, generated whole by zod-openapi from the zod schemas the code parses
 * requests with and infers its response types from, so the two cannot drift. Task paths come from the kind
 * registry: a new kind is documented by registering it.
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const maxUrls = options.maxUrlsPerTask ?? DEFAULT_MAX_URLS_PER_TASK;
  return createDocument({
    openapi: '3.1.1',
    info: {
      title: 'Price Collector API',
      version: '0.1.0',
      description:
        'Durable, multi-user collection of prices and characteristics from marketplace product pages. Sign in with `POST /api/auth/login` (a `pc.sid` session cookie) or send an API token (`Authorization: Bearer pct_...`). State-changing requests must be sent as `application/json` (task submission also takes a CSV file as `multipart/form-data`). Errors are RFC 9457 `application/problem+json`.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      { name: 'auth', description: 'Accounts, sessions and API tokens' },
      ...ALL_KIND_DEFINITIONS.map((kind) => ({ name: kind.resource, description: `Tasks that collect ${kind.collects}; every task is visible to its owner (and admins) only` })),
      { name: 'schedules', description: 'Recurring price checks on Temporal Schedules; every schedule is visible to its owner only' },
      { name: 'stats', description: 'Collection statistics' },
      { name: 'history', description: "Price history of the pages the caller collected" },
      { name: 'alerts', description: "Price alerts raised by the caller's schedules, with their webhook and email deliveries" },
      { name: 'admin', description: 'Account management (admins only)' },
      { name: 'operations', description: 'Health checks' },
      { name: 'docs', description: 'This description' },
    ],
    security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    paths: {
      ...accountPaths(),
      ...Object.fromEntries(ALL_KIND_DEFINITIONS.flatMap((kind) => Object.entries(taskPaths(kind, maxUrls)))),
      ...schedulePaths(maxUrls),
      ...servicePaths(),
      ...historyPaths(),
      ...alertPaths(),
      ...adminPaths(),
    },
    components: {
      securitySchemes: {
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pc.sid',
          description: 'Session cookie set by `POST /api/auth/login` (HttpOnly, SameSite=Lax); cleared by `POST /api/auth/logout`.',
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'pct_<43 URL-safe characters>',
          description: 'An API token from `POST /api/tokens`, for scripts. Revocable; works everywhere a session does except token management.',
        },
      },
    },
  });
}
