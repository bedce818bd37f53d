/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the API answers. Hand-written from the view types:
 * `PublicUser` (services/user.service.ts), `OfferTaskView` / `ProductOfferView` (services/offer-task.service.ts),
 * `SiteStatView` (services/site-stats.service.ts), the live progress of `OfferTaskRunner.progress`, the health
 * answer (api/health.routes.ts) and the problem+json bodies of api/problem.ts. Keep them in step with those types.
 */

export type JsonSchema = Record<string, unknown>;

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const dateTime = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const nullableDateTime = (description: string): JsonSchema => ({ type: ['string', 'null'], format: 'date-time', description });
const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });

export const TASK_STATUSES = ['pending', 'running', 'completed', 'partially_completed', 'failed', 'cancelled'] as const;
export const PRODUCT_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const URL_PROBLEM_REASONS = [
  'invalid-url',
  'scheme-not-allowed',
  'userinfo-not-allowed',
  'backslash-not-allowed',
  'too-long',
  'port-not-allowed',
  'non-public-address',
  'unresolvable-host',
] as const;

const PublicUser: JsonSchema = {
  type: 'object',
  description: 'An account as anyone may see it; the password hash never leaves the server.',
  required: ['id', 'username', 'email', 'firstName', 'lastName', 'isAdmin', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    username: { type: 'string' },
    email: { type: 'string', format: 'email', description: 'Stored in lower case.' },
    firstName: { type: 'string', description: 'Empty when not given.' },
    lastName: { type: 'string', description: 'Empty when not given.' },
    isAdmin: { type: 'boolean', description: 'Admins see every task; never settable through the API.' },
    createdAt: dateTime('When the account was registered.'),
  },
};

const Progress: JsonSchema = {
  type: 'object',
  description: 'How many products of the task are in each status (from the database).',
  required: ['total', 'pending', 'running', 'succeeded', 'failed', 'cancelled'],
  additionalProperties: false,
  properties: {
    total: count('Distinct product URLs of the task.'),
    pending: count('Not started yet.'),
    running: count('Being collected now.'),
    succeeded: count('Collected.'),
    failed: count('Gave up (see the product error).'),
    cancelled: count('Stopped by a cancellation.'),
  },
};

const LiveProgress: JsonSchema = {
  type: 'object',
  description:
    "The running workflow's own view of its progress (`OfferTaskProgress`, a Temporal query); present only while the task runs and a worker answers within a second.",
  required: ['taskId', 'succeeded', 'failed', 'inFlight', 'stage'],
  additionalProperties: false,
  properties: {
    taskId: { type: 'integer', minimum: 1 },
    succeeded: count('Products collected so far.'),
    failed: count('Products given up so far.'),
    inFlight: count('Products being collected now.'),
    stage: { type: 'string', enum: ['starting', 'scraping', 'finishing', 'cancelling', 'done'] },
  },
};

const OfferView: JsonSchema = {
  type: 'object',
  description: 'One price of a product.',
  required: ['kind', 'amount', 'currency'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', description: '`current` (what a buyer pays now), `regular` (crossed-out price) or `card` (card/member price).', examples: ['current', 'regular', 'card'] },
    amount: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'Decimal amount as a string, so no precision is lost.', examples: ['1299.00'] },
    currency: { type: ['string', 'null'], description: 'ISO 4217 code when known.', examples: ['RUB'] },
  },
};

const ProductOfferView: JsonSchema = {
  type: 'object',
  description: 'One submitted product URL and what was collected from it.',
  required: ['id', 'url', 'domain', 'region', 'status', 'attempts', 'offers'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    url: { type: 'string', format: 'uri', description: 'Canonical form of the submitted URL.' },
    domain: { type: 'string', description: 'Host name without a leading `www.`.' },
    region: { type: ['string', 'null'] },
    status: { type: 'string', enum: [...PRODUCT_STATUSES] },
    errorCode: { type: 'string', description: 'Machine-readable failure reason; only on failed products.' },
    error: { type: 'string', description: 'Human-readable failure reason; only on failed products.' },
    name: { type: 'string', description: 'Product title, when one was found.' },
    availability: { type: 'string', description: 'Stock state, when one was found.' },
    collectedAt: dateTime('When the page was collected successfully.'),
    attempts: count('How many times the page was tried.'),
    fetchedWith: { type: 'string', enum: ['http', 'browser'], description: 'How the page was read: a plain GET (its HTML carried a structured price) or Chromium.' },
    offers: { type: 'array', items: ref('OfferView'), description: 'Prices in the order current, regular, card.' },
  },
};

const OfferTaskView: JsonSchema = {
  type: 'object',
  description: 'A price-collection task. `products` is present only on `GET /api/offer-tasks/{id}`; `live` only while it runs.',
  required: ['id', 'status', 'region', 'createdAt', 'updatedAt', 'startedAt', 'finishedAt', 'workflowId', 'progress'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    status: { type: 'string', enum: [...TASK_STATUSES] },
    region: { type: ['string', 'null'] },
    createdAt: dateTime('When the task was submitted.'),
    updatedAt: dateTime('Last change of the task row.'),
    startedAt: nullableDateTime('When the workflow began.'),
    finishedAt: nullableDateTime('When the task reached a terminal status.'),
    error: { type: 'string', description: 'Why the task as a whole failed (not per product).' },
    workflowId: { type: 'string', pattern: '^offer-task-\\d+$', description: 'Temporal workflow id, `offer-task-<id>`.' },
    progress: ref('Progress'),
    products: { type: 'array', items: ref('ProductOfferView') },
    live: ref('LiveProgress'),
  },
};

const OfferTaskPage: JsonSchema = {
  type: 'object',
  description: "One page of the caller's tasks, newest first (without `products`).",
  required: ['items', 'total', 'limit', 'offset'],
  additionalProperties: false,
  properties: {
    items: { type: 'array', items: ref('OfferTaskView') },
    total: count("All of the caller's tasks."),
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    offset: { type: 'integer', minimum: 0 },
  },
};

const SiteStat: JsonSchema = {
  type: 'object',
  required: ['domain', 'successCount', 'failureCount', 'lastCollectedAt'],
  additionalProperties: false,
  properties: {
    domain: { type: 'string' },
    successCount: count('Products collected from this site.'),
    failureCount: count('Products that failed on this site.'),
    lastCollectedAt: nullableDateTime('Last successful collection.'),
  },
};

const SiteStats: JsonSchema = {
  type: 'object',
  required: ['sites'],
  additionalProperties: false,
  properties: { sites: { type: 'array', items: ref('SiteStat'), description: 'Most successful sites first.' } },
};

const componentStatus: JsonSchema = {
  type: 'string',
  description: '`ok`, `timeout`, or `unavailable: <first line of the error>`.',
  examples: ['ok', 'timeout', 'unavailable: connect ECONNREFUSED'],
};

const Health: JsonSchema = {
  type: 'object',
  required: ['status', 'database', 'temporal'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: componentStatus,
    temporal: componentStatus,
  },
};

const ProblemDetails: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, sent as `application/problem+json` for every error. 5xx bodies never carry internals.',
  required: ['type', 'title', 'status'],
  additionalProperties: true,
  properties: {
    type: { type: 'string', format: 'uri-reference', const: 'about:blank' },
    title: { type: 'string', description: 'Short summary, the same for every occurrence of the problem.' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code, repeated.' },
    detail: { type: 'string', description: 'What went wrong this time and what to do about it.' },
  },
};

const ValidationProblem: JsonSchema = {
  description: 'A 400 for a request that does not match the schema: one entry per issue.',
  allOf: [
    ref('ProblemDetails'),
    {
      type: 'object',
      properties: {
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string', description: 'Dotted path of the offending field; empty for the body (or header) as a whole.' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  ],
};

const UrlProblem: JsonSchema = {
  type: 'object',
  required: ['index', 'url', 'reason', 'message'],
  additionalProperties: false,
  properties: {
    index: { type: 'integer', minimum: 0, description: 'Position of the URL in the submitted `urls`.' },
    url: { type: 'string', description: 'The submitted URL, cut at 300 characters.' },
    reason: { type: 'string', enum: [...URL_PROBLEM_REASONS] },
    message: { type: 'string', description: 'What is wrong and how to fix it.' },
  },
};

const UrlProblems: JsonSchema = {
  description: 'A 422 for a task whose URLs cannot be scraped; nothing was stored.',
  allOf: [
    ref('ProblemDetails'),
    { type: 'object', required: ['errors'], properties: { errors: { type: 'array', minItems: 1, items: ref('UrlProblem') } } },
  ],
};

const ApiTokenView: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the token, to tell tokens apart.' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const ApiTokenCreated: JsonSchema = {
  description: 'The new token. `token` is shown only in this response; store it now.',
  allOf: [ref('ApiTokenView'), { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^pct_[A-Za-z0-9_-]{43}$' } } }],
};

const ApiTokenList: JsonSchema = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: ref('ApiTokenView') } },
};

/** Every response schema, by component name. */
export const responseSchemas: Record<string, JsonSchema> = {
  PublicUser,
  Progress,
  LiveProgress,
  OfferView,
  ProductOfferView,
  OfferTaskView,
  OfferTaskPage,
  SiteStat,
  SiteStats,
  Health,
  ProblemDetails,
  ValidationProblem,
  UrlProblem,
  UrlProblems,
  ApiTokenView,
  ApiTokenCreated,
  ApiTokenList,
};
