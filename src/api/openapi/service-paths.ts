import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { healthSchema } from '../health.routes.js';
import { statsQuerySchema } from '../schemas.js';
import { siteStatsSchema } from '../stats.routes.js';
import { ANY_REQUEST_ERRORS, PUBLIC, SIGNED_IN, json, responses } from './responses.js';
import { DOCS_INIT_SCRIPT, DOCS_JSON } from './swagger-page.js';

const text = (description: string, mediaType: string) => ({ description, content: { [mediaType]: { schema: z.string() } } });

/** Statistics, health and this description itself. */
export function servicePaths(): ZodOpenApiPathsObject {
  return {
    '/api/stats/sites': {
      get: {
        operationId: 'siteStats',
        tags: ['stats'],
        summary: 'How often data was collected from each site, per task kind',
        description: "A user sees the figures of their own tasks, an admin everyone's.",
        security: SIGNED_IN,
        requestParams: { query: statsQuerySchema },
        responses: responses({ 200: json('Per-site counts, most collections first.', siteStatsSchema) }, [400, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/health': {
      get: {
        operationId: 'health',
        tags: ['operations'],
        summary: 'Whether PostgreSQL and Temporal answer',
        description: 'Needs no session and is checked before any, so it keeps answering while the session store is down.',
        security: PUBLIC,
        responses: responses(
          {
            200: json('Both answer.', healthSchema),
            503: json('At least one does not (`status: degraded`); the body says which.', healthSchema),
          },
          [500],
        ),
      },
    },
    '/api/docs': {
      get: {
        operationId: 'docsPage',
        tags: ['docs'],
        summary: 'This description for people (Swagger UI)',
        description: 'Swagger UI, served from this server (`/api/docs/assets/`), no CDN.',
        security: PUBLIC,
        responses: responses({ 200: text('The Swagger UI page.', 'text/html') }, ANY_REQUEST_ERRORS),
      },
    },
    [DOCS_INIT_SCRIPT]: {
      get: {
        operationId: 'docsInitScript',
        tags: ['docs'],
        summary: 'The script that starts Swagger UI on the docs page',
        description: 'A file, not inline, so the page can forbid inline scripts (Content-Security-Policy).',
        security: PUBLIC,
        responses: responses({ 200: text('JavaScript.', 'text/javascript') }, ANY_REQUEST_ERRORS),
      },
    },
    [DOCS_JSON]: {
      get: {
        operationId: 'openApiDocument',
        tags: ['docs'],
        summary: 'This document (OpenAPI 3.1)',
        security: PUBLIC,
        responses: responses(
          { 200: json('The OpenAPI 3.1 document.', z.looseObject({ openapi: z.string().regex(/^3\.1\.\d+$/), info: z.looseObject({}), paths: z.looseObject({}) })) },
          ANY_REQUEST_ERRORS,
        ),
      },
    },
  };
}
