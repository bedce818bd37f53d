import type { JsonSchema } from './response-schemas.js';

const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A response whose body is a JSON document of the given schema component. */
export function jsonResponse(description: string, schema: string, headers?: Record<string, JsonSchema>): JsonSchema {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: schemaRef(schema) } } };
}

function problem(description: string, schema = 'ProblemDetails', headers?: Record<string, JsonSchema>): JsonSchema {
  return { description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: schemaRef(schema) } } };
}

/** Reusable error responses (components.responses); every error body is RFC 9457 problem+json. */
export const errorResponses: Record<string, JsonSchema> = {
  BadRequest: problem(
    'The body is not valid JSON ("Malformed JSON"); a field, query parameter or header does not match the schema ("Invalid request", with `errors`); or the path has broken percent-encoding such as `%E0%A4%A` ("Malformed URL").',
    'ValidationProblem',
  ),
  Unauthorized: problem('Not signed in (no valid `pc.sid` session), or on login: wrong username or password.'),
  Forbidden: problem('Cross-site request refused: the `Origin` header names another host, is `null` or is malformed.'),
  NotFound: problem('No such task among those the caller may see (ids that are not positive integers included).'),
  Conflict: problem('The request conflicts with the current state.'),
  PayloadTooLarge: problem('The body is larger than the limit (`MAX_BODY_SIZE`, 1 MB by default); send fewer URLs per task.'),
  UnsupportedMediaType: problem(
    'State-changing requests must be sent with `Content-Type: application/json` (an empty body is fine); unsupported charsets and content encodings are refused too.',
  ),
  UnprocessableUrls: problem('Some URLs cannot be scraped (syntax, scheme, port, non-public or unresolvable host); nothing was stored.', 'UrlProblems'),
  TooManyRequests: problem('Too many failed sign-ins for this username from this address; wait `Retry-After` seconds.', 'ProblemDetails', {
    'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
  }),
  ServiceUnavailable: problem('The database (or, when starting a task, Temporal) is not reachable; retry in a few seconds.'),
  InternalError: problem('An unexpected error; it was logged, and the body carries no internals.'),
};

export const responseRef = (name: string): JsonSchema => ({ $ref: `#/components/responses/${name}` });

/** Status code -> shared response, for building an operation's `responses` from a list of codes. */
const BY_STATUS: Record<string, string> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '415': 'UnsupportedMediaType',
  '422': 'UnprocessableUrls',
  '429': 'TooManyRequests',
  '500': 'InternalError',
  '503': 'ServiceUnavailable',
};

/** Errors every state-changing request can get from the JSON parser and the CSRF guard, before any route runs. */
export const POST_ERRORS = ['400', '403', '413', '415'] as const;
/** Errors any request can get: an unexpected failure, or the database (session store included) being down. */
export const COMMON_ERRORS = ['500', '503'] as const;

/** `responses` of an operation: its success responses plus references to the shared error responses. */
export function responses(success: Record<string, JsonSchema>, errors: readonly string[], overrides: Record<string, JsonSchema> = {}): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...success };
  for (const status of [...new Set(errors)].sort()) {
    const name = BY_STATUS[status];
    if (!name) throw new Error(`no shared response for status ${status}`);
    out[status] = overrides[status] ?? responseRef(name);
  }
  for (const [status, response] of Object.entries(overrides)) out[status] ??= response;
  return out;
}
