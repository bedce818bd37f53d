import type { JsonSchema } from './response-schemas.js';
import { COMMON_ERRORS, POST_ERRORS, jsonResponse, responses } from './responses.js';
import { paramRef } from './parameters.js';

const SIGNED_IN: JsonSchema[] = [{ cookieAuth: [] }, { bearerAuth: [] }];
const PASSWORD_SESSION: JsonSchema[] = [{ cookieAuth: [] }];
const PUBLIC: JsonSchema[] = [];

const jsonBody = (schema: string, description: string, required = true): JsonSchema => ({
  required,
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

/** POSTs without a body still need `Content-Type: application/json` (CSRF rule); the body, if any, is ignored. */
const emptyJsonBody: JsonSchema = {
  required: false,
  description: 'No body is needed, but the request must be sent with `Content-Type: application/json`.',
  content: { 'application/json': { schema: { type: 'object', maxProperties: 0 } } },
};

const conflict = (description: string): JsonSchema => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

const taskLocation = { Location: { description: 'The task: `/api/offer-tasks/{id}`.', schema: { type: 'string', format: 'uri-reference' } } };

/** The paths object: one entry per route the application mounts (see api/app.ts). */
export const paths: Record<string, Record<string, JsonSchema>> = {
  '/api/auth/register': {
    post: {
      operationId: 'register',
      tags: ['auth'],
      summary: 'Create an account',
      description: 'Does not sign in; call `POST /api/auth/login` next. Unknown fields (e.g. `isAdmin`) are refused.',
      security: PUBLIC,
      requestBody: jsonBody('RegisterRequest', 'The new account.'),
      responses: responses({ '201': jsonResponse('The account was created.', 'PublicUser') }, [...POST_ERRORS, '409', ...COMMON_ERRORS], {
        '409': conflict('That username or e-mail address is already registered.'),
      }),
    },
  },
  '/api/auth/login': {
    post: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Sign in with username and password',
      description: 'Starts a session (a new `pc.sid` cookie: HttpOnly, SameSite=Lax). After 10 consecutive failures per username and address, sign-ins are refused for 15 minutes.',
      security: PUBLIC,
      requestBody: jsonBody('LoginRequest', 'Credentials.'),
      responses: responses(
        {
          '200': jsonResponse('Signed in.', 'PublicUser', {
            'Set-Cookie': { description: 'The session cookie `pc.sid`.', schema: { type: 'string', pattern: '^pc\\.sid=' } },
          }),
        },
        [...POST_ERRORS, '401', '429', ...COMMON_ERRORS],
      ),
    },
  },
  '/api/auth/logout': {
    post: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Sign out',
      description: 'Ends the session, if any, and clears the cookie. Succeeds when not signed in, too.',
      security: [{}, { cookieAuth: [] }],
      requestBody: emptyJsonBody,
      responses: responses({ '204': { description: 'Signed out.' } }, [...POST_ERRORS, ...COMMON_ERRORS]),
    },
  },
  '/api/auth/me': {
    get: {
      operationId: 'me',
      tags: ['auth'],
      summary: 'The signed-in user',
      security: SIGNED_IN,
      responses: responses({ '200': jsonResponse('The account of the session.', 'PublicUser') }, ['401', ...COMMON_ERRORS]),
    },
  },
  '/api/offer-tasks': {
    post: {
      operationId: 'createOfferTask',
      tags: ['offer-tasks'],
      summary: 'Submit product URLs for price collection',
      description:
        'Validates every URL (syntax, scheme, port, resolved addresses), stores the task with one product per distinct URL and starts its workflow. Poll `GET /api/offer-tasks/{id}` for the result.',
      security: SIGNED_IN,
      parameters: [paramRef('IdempotencyKey')],
      requestBody: jsonBody('OfferTaskRequest', 'What to collect.'),
      responses: responses(
        {
          '202': jsonResponse('The task was created and started.', 'OfferTaskView', taskLocation),
          '200': jsonResponse('The `Idempotency-Key` was used before: the existing task, nothing new was created.', 'OfferTaskView', taskLocation),
        },
        [...POST_ERRORS, '401', '422', ...COMMON_ERRORS],
        {
          '503': {
            description: 'The database is not reachable, or the workflow could not be started (the task is then stored as failed); retry in a moment.',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
          },
        },
      ),
    },
    get: {
      operationId: 'listOfferTasks',
      tags: ['offer-tasks'],
      summary: "The caller's tasks, newest first",
      security: SIGNED_IN,
      parameters: [paramRef('limit'), paramRef('offset')],
      responses: responses({ '200': jsonResponse('One page of tasks.', 'OfferTaskPage') }, ['400', '401', ...COMMON_ERRORS]),
    },
  },
  '/api/offer-tasks/{id}': {
    get: {
      operationId: 'getOfferTask',
      tags: ['offer-tasks'],
      summary: 'One task with its products and prices',
      description: 'Tasks of other users answer 404, exactly like tasks that do not exist.',
      security: SIGNED_IN,
      parameters: [paramRef('TaskId'), paramRef('productLimit'), paramRef('productOffset'), paramRef('productStatus')],
      responses: responses({ '200': jsonResponse('The task, with `products` (and `live` while it runs).', 'OfferTaskView') }, ['400', '401', '404', ...COMMON_ERRORS]),
    },
  },
  '/api/offer-tasks/{id}/export.csv': {
    get: {
      operationId: 'exportOfferTaskCsv',
      tags: ['offer-tasks'],
      summary: 'The results as CSV (one row per product, prices by kind in columns)',
      description: 'UTF-8 with a BOM for spreadsheets; cells starting with = + - @ are prefixed with a quote so scraped text cannot run as a formula.',
      security: SIGNED_IN,
      parameters: [paramRef('TaskId')],
      responses: responses(
        { '200': { description: 'CSV with a header row.', content: { 'text/csv': { schema: { type: 'string' } } } } },
        ['400', '401', '404', ...COMMON_ERRORS],
      ),
    },
  },
  '/api/offer-tasks/{id}/cancel': {
    post: {
      operationId: 'cancelOfferTask',
      tags: ['offer-tasks'],
      summary: 'Ask a task to stop',
      description: 'Asynchronous: the workflow then marks the task and its unfinished products cancelled.',
      security: SIGNED_IN,
      parameters: [paramRef('TaskId')],
      requestBody: emptyJsonBody,
      responses: responses(
        { '202': jsonResponse('Cancellation was requested; the view is from before it took effect.', 'OfferTaskView') },
        [...POST_ERRORS, '401', '404', '409', ...COMMON_ERRORS],
        { '409': conflict('The task already ended (completed, partially completed, failed or cancelled).') },
      ),
    },
  },
  '/api/tokens': {
    post: {
      operationId: 'createApiToken',
      tags: ['auth'],
      summary: 'Create an API token for scripts',
      description: 'Needs a password session (a token cannot mint tokens). The token is in this response only; only its hash is stored. At most 50 live tokens per user.',
      security: PASSWORD_SESSION,
      requestBody: jsonBody('TokenCreateRequest', 'A name to recognise the token by.'),
      responses: responses({ '201': jsonResponse('The token, shown once.', 'ApiTokenCreated') }, [...POST_ERRORS, '401', '409', ...COMMON_ERRORS], {
        '409': conflict('Too many live tokens; revoke one first.'),
      }),
    },
    get: {
      operationId: 'listApiTokens',
      tags: ['auth'],
      summary: "The caller's API tokens (never the secrets)",
      security: PASSWORD_SESSION,
      responses: responses({ '200': jsonResponse('Tokens, newest first.', 'ApiTokenList') }, ['401', '403', ...COMMON_ERRORS]),
    },
  },
  '/api/tokens/{id}/revoke': {
    post: {
      operationId: 'revokeApiToken',
      tags: ['auth'],
      summary: 'Revoke an API token at once',
      security: PASSWORD_SESSION,
      parameters: [paramRef('TokenId')],
      requestBody: emptyJsonBody,
      responses: responses({ '200': jsonResponse('The revoked token.', 'ApiTokenView') }, [...POST_ERRORS, '401', '404', ...COMMON_ERRORS]),
    },
  },
  '/api/stats/sites': {
    get: {
      operationId: 'siteStats',
      tags: ['stats'],
      summary: 'How often data was collected from each site',
      security: SIGNED_IN,
      responses: responses({ '200': jsonResponse('Per-site counts.', 'SiteStats') }, ['401', ...COMMON_ERRORS]),
    },
  },
  '/api/health': {
    get: {
      operationId: 'health',
      tags: ['operations'],
      summary: 'Whether PostgreSQL and Temporal answer',
      security: PUBLIC,
      responses: responses(
        {
          '200': jsonResponse('Both answer.', 'Health'),
          '503': jsonResponse('At least one does not (`status: degraded`); the body says which.', 'Health'),
        },
        ['500'],
      ),
    },
  },
  '/api/docs': {
    get: {
      operationId: 'docsPage',
      tags: ['docs'],
      summary: 'This API described for people (HTML)',
      security: PUBLIC,
      responses: responses({ '200': { description: 'A plain HTML page listing the endpoints.', content: { 'text/html': { schema: { type: 'string' } } } } }, ['500']),
    },
  },
  '/api/docs/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      tags: ['docs'],
      summary: 'This document',
      security: PUBLIC,
      responses: responses({ '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } }, ['500']),
    },
  },
};
