import { z } from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { problemSchema, validationProblemSchema } from '../problem.js';

/** Who may call an operation: any signed-in caller (session or API token), a password session only, or anyone. */
type Security = Record<string, string[]>[];
export const SIGNED_IN: Security = [{ cookieAuth: [] }, { bearerAuth: [] }];
export const PASSWORD_SESSION: Security = [{ cookieAuth: [] }];
export const PUBLIC: Security = [];
/** Works signed in or not. */
export const OPTIONAL_SESSION: Security = [{}, { cookieAuth: [] }];

export const json = (description: string, schema: z.ZodType, extra: Partial<ZodOpenApiResponseObject> = {}): ZodOpenApiResponseObject => ({
  description,
  ...extra,
  content: { 'application/json': { schema } },
});

export const problem = (description: string, schema: z.ZodType = problemSchema, extra: Partial<ZodOpenApiResponseObject> = {}): ZodOpenApiResponseObject => ({
  description,
  ...extra,
  content: { 'application/problem+json': { schema } },
});

/**
 * Error responses many operations share, registered once as components (`id`). The descriptions list every way
 * the middleware in front of the routes (api/app.ts) can give the status, since any route can get them.
 */
const SHARED = {
  400: problem(
    'The body is not valid JSON ("Malformed JSON"); a field, query parameter or header does not match the schema ("Invalid request", with `errors`); an upload is not one CSV file in the field `file` ("Invalid upload"); or the path has broken percent-encoding ("Malformed URL").',
    validationProblemSchema,
    { id: 'BadRequest' },
  ),
  401: problem(
    'Not signed in (no valid `pc.sid` session), or an `Authorization` header that is malformed or names an unknown or revoked API token (never a silent fallback to anonymous).',
    problemSchema,
    { id: 'Unauthorized' },
  ),
  403: problem('Cross-site request refused: the `Origin` header names another host, is `null` or is malformed (or a cookie-authenticated upload has neither).', problemSchema, {
    id: 'CrossSiteRefused',
  }),
  404: problem('No such object among those the caller may see (ids that are not positive 32-bit integers included).', problemSchema, { id: 'NotFound' }),
  413: problem('The body (`MAX_BODY_SIZE`, 1 MB by default) or the uploaded file (`MAX_UPLOAD_BYTES`) is larger than the limit.', problemSchema, {
    id: 'PayloadTooLarge',
  }),
  415: problem(
    'State-changing requests must be sent as `application/json` (an empty body is fine; task submission also takes `multipart/form-data`); unsupported charsets and content encodings are refused too.',
    problemSchema,
    { id: 'UnsupportedMediaType' },
  ),
  500: problem('An unexpected error; it was logged, and the body carries no internals.', problemSchema, { id: 'InternalError' }),
  503: problem('The database (or, when starting a workflow, Temporal) is not reachable; retry in a few seconds.', problemSchema, { id: 'ServiceUnavailable' }),
} satisfies Record<number, ZodOpenApiResponseObject>;

export type SharedStatus = keyof typeof SHARED;

/** Statuses the JSON parser and the CSRF guard can answer to any state-changing request, before a route runs. */
export const STATE_CHANGE_ERRORS = [400, 403, 413, 415] as const;
/**
 * Statuses of any request under /api: a bad `Authorization` header (401, checked for every route, public ones too),
 * an unexpected failure, the database (session store included) being down.
 */
export const ANY_REQUEST_ERRORS = [401, 500, 503] as const;

/** An operation's `responses`: its own, then the shared ones for the listed statuses it does not describe itself. */
export function responses(own: ZodOpenApiResponsesObject, shared: readonly SharedStatus[]): ZodOpenApiResponsesObject {
  const out: ZodOpenApiResponsesObject = { ...own };
  for (const status of [...new Set(shared)].sort()) out[`${status}`] ??= SHARED[status];
  return out;
}

/** The body of POSTs that need none: still sent as JSON because of the CSRF rule; whatever it holds is ignored. */
export const emptyJsonBody = {
  required: false,
  description: 'No body is needed, but the request must be sent with `Content-Type: application/json`; a body, if any, is ignored.',
  content: { 'application/json': { schema: z.object({}).meta({ example: {} }) } },
};
