import { errorResponses } from './responses.js';
import { parameters } from './parameters.js';
import { paths } from './paths.js';
import { DEFAULT_MAX_URLS_PER_TASK, requestSchemas } from './request-schemas.js';
import { responseSchemas, type JsonSchema } from './response-schemas.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The parts of an OpenAPI 3.1 document this module builds and its readers use. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  jsonSchemaDialect?: string;
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  security?: JsonSchema[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    parameters: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: JsonSchema[];
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
}

export interface OpenApiOptions {
  /** `MAX_URLS_PER_TASK` of the deployment; defaults to the configuration default (10,000). */
  maxUrlsPerTask?: number;
}

/**
 * The OpenAPI 3.1 description of the HTTP API. Request bodies are generated from the zod schemas the routes
 * validate with (api/schemas.ts), so they cannot drift; responses are hand-written (response-schemas.ts).
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const document: OpenApiDocument = {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Price Collector API',
      version: '0.1.0',
      description:
        'Durable, multi-user collection of prices and characteristics from marketplace product pages. Sign in with `POST /api/auth/login` (a `pc.sid` session cookie); every state-changing request must be sent with `Content-Type: application/json`. Errors are RFC 9457 `application/problem+json`.',
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      { name: 'auth', description: 'Accounts and sessions' },
      { name: 'offer-tasks', description: 'Price-collection tasks; every task is visible to its owner only' },
      { name: 'stats', description: 'Collection statistics' },
      { name: 'operations', description: 'Health checks' },
      { name: 'docs', description: 'This description' },
    ],
    security: [{ cookieAuth: [] }],
    paths: structuredClone(paths) as unknown as OpenApiDocument['paths'],
    components: {
      schemas: { ...requestSchemas(options.maxUrlsPerTask ?? DEFAULT_MAX_URLS_PER_TASK), ...structuredClone(responseSchemas) },
      responses: structuredClone(errorResponses),
      parameters: structuredClone(parameters),
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
          description: 'An API token from `POST /api/tokens` (`pct_...`), for scripts. Revocable; works everywhere a session does except token management.',
        },
      },
    },
  };
  return document;
}
