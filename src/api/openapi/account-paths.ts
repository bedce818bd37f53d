import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { publicUserSchema } from '../../services/user.service.js';
import { apiTokenViewSchema, createdApiTokenSchema } from '../../services/api-token.service.js';
import { apiTokenListSchema } from '../auth/tokens.routes.js';
import { loginSchema, registerSchema, tokenCreateSchema } from '../schemas.js';
import { idParamSchema } from '../validate.js';
import { ANY_REQUEST_ERRORS, OPTIONAL_SESSION, PASSWORD_SESSION, PUBLIC, SIGNED_IN, STATE_CHANGE_ERRORS, emptyJsonBody, json, problem, responses } from './responses.js';

const tags = ['auth'];
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });
const retryAfterHeader = z.object({ 'Retry-After': z.string().regex(/^[1-9]\d*$/).meta({ description: 'Seconds to wait before trying again.', example: '8' }) });
const tokensForbidden = problem(
  'A token cannot manage tokens: sign in with your password. (On POST also: a cross-site request, as for every state change.)',
);

/** Accounts and sessions (api/auth/auth.routes.ts) and API tokens (api/auth/tokens.routes.ts). */
export function accountPaths(): ZodOpenApiPathsObject {
  return {
    '/api/auth/register': {
      post: {
        operationId: 'register',
        tags,
        summary: 'Create an account',
        description:
          'Does not sign in; call `POST /api/auth/login` next. Unknown fields (e.g. `isAdmin`) are refused. Attempts are throttled per client address (`REGISTER_MAX_PER_IP` an hour).',
        security: PUBLIC,
        requestBody: jsonBody(registerSchema.meta({ example: { username: 'anna.k', email: 'anna@example.com', password: 'correct horse battery staple', firstName: 'Anna' } })),
        responses: responses(
          {
            201: json('The account was created.', publicUserSchema),
            409: problem('That username or e-mail address is already registered.'),
            429: problem('Too many registration attempts from this address.', undefined, { headers: retryAfterHeader }),
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    '/api/auth/login': {
      post: {
        operationId: 'login',
        tags,
        summary: 'Sign in with username and password',
        description:
          'Starts a session: a new `pc.sid` cookie (HttpOnly, SameSite=Lax). Throttled, with counters shared by every API replica: after 10 failures for one username (from any address) each further attempt waits 2, 4, 8 … seconds, at most 5 minutes (an address that signed in to the account before is counted on its own, so others cannot keep the owner out); a client address (an IPv6 /64 counts as one) gets 100 failures per 15 minutes. A success resets the count for that username.',
        security: PUBLIC,
        requestBody: jsonBody(loginSchema.meta({ example: { username: 'anna.k', password: 'correct horse battery staple' } })),
        responses: responses(
          {
            200: json('Signed in.', publicUserSchema, {
              headers: z.object({ 'Set-Cookie': z.string().meta({ description: 'The session cookie.', example: 'pc.sid=s%3A...; Path=/; HttpOnly; SameSite=Lax' }) }),
            }),
            401: problem('Wrong username or password (the same answer for both), or a bad `Authorization` header.'),
            403: problem('The password is right but an admin disabled the account; or a cross-site request.'),
            429: problem('Too many failed sign-ins for this username, or from this address.', undefined, { headers: retryAfterHeader }),
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    '/api/auth/logout': {
      post: {
        operationId: 'logout',
        tags,
        summary: 'Sign out',
        description: 'Ends the session, if any, and clears the cookie. Succeeds when not signed in, too.',
        security: OPTIONAL_SESSION,
        requestBody: emptyJsonBody,
        responses: responses({ 204: { description: 'Signed out.' } }, [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/auth/me': {
      get: {
        operationId: 'me',
        tags,
        summary: 'The signed-in user',
        security: SIGNED_IN,
        responses: responses({ 200: json('The account of the session or token.', publicUserSchema) }, ANY_REQUEST_ERRORS),
      },
    },
    '/api/tokens': {
      post: {
        operationId: 'createApiToken',
        tags,
        summary: 'Create an API token for scripts',
        description: 'Needs a password session (a token cannot mint tokens). The token is in this response only; only its hash is stored. At most 50 live tokens per user.',
        security: PASSWORD_SESSION,
        requestBody: jsonBody(tokenCreateSchema.meta({ example: { name: 'nightly price script' } })),
        responses: responses(
          {
            201: json('The token, shown once.', createdApiTokenSchema),
            403: tokensForbidden,
            409: problem('Too many live tokens; revoke one first.'),
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
      get: {
        operationId: 'listApiTokens',
        tags,
        summary: "The caller's API tokens (never the secrets)",
        security: PASSWORD_SESSION,
        responses: responses({ 200: json('Tokens, newest first.', apiTokenListSchema), 403: tokensForbidden }, ANY_REQUEST_ERRORS),
      },
    },
    '/api/tokens/{id}/revoke': {
      post: {
        operationId: 'revokeApiToken',
        tags,
        summary: 'Revoke an API token at once',
        security: PASSWORD_SESSION,
        requestParams: { path: z.object({ id: idParamSchema }) },
        requestBody: emptyJsonBody,
        responses: responses({ 200: json('The revoked token.', apiTokenViewSchema), 403: tokensForbidden }, [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
  };
}
