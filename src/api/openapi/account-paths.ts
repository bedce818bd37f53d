import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { publicUserSchema } from '../../services/user.service.js';
import { apiTokenViewSchema, createdApiTokenSchema } from '../../services/api-token.service.js';
import { apiTokenListSchema } from '../auth/tokens.routes.js';
import { loginSchema, registerSchema, tokenCreateSchema } from '../schemas.js';
import { idParamSchema } from '../validate.js';
import { problemSchema } from '../problem.js';
import { MAILS_PER_WINDOW, MAIL_WINDOW_MS } from '../../services/account.service.js';
import { confirmEmailSchema, mailAcceptedSchema, passwordChangeSchema, passwordChangedSchema, passwordResetConfirmSchema, passwordResetRequestSchema } from '../auth/account-email.schemas.js';
import { ANY_REQUEST_ERRORS, OPTIONAL_SESSION, PASSWORD_SESSION, PUBLIC, SIGNED_IN, STATE_CHANGE_ERRORS, emptyJsonBody, json, problem, responses } from './responses.js';

const tags = ['auth'];
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });
const retryAfterHeader = z.object({ 'Retry-After': z.string().regex(/^[1-9]\d*$/).meta({ description: 'Seconds to wait before trying again.', example: '8' }) });
const tokensForbidden = problem(
  'A token cannot manage tokens: sign in with your password. (On POST also: a cross-site request, as for every state change.)',
);

// --- email confirmation, password reset and change (api/auth/account-email.routes.ts) ---
/** The 403 of task submission and retry: a cross-site request, or an unconfirmed email address. */
export const emailNotConfirmed = problem(
  'A cross-site request (as for every state change), or — with `EMAIL_CONFIRMATION=required`, the default — the account\'s email address is not confirmed yet: confirm it with the emailed link (`POST /api/auth/confirm`); `resend` names the endpoint that sends a new link.',
  problemSchema.extend({ resend: z.literal('/api/auth/confirm/resend').optional().meta({ description: 'Where to ask for a new confirmation link.' }) }).meta({ id: 'EmailNotConfirmedProblem' }),
);
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const invalidToken = problem('The token is unknown, was already used, has expired, or is of another purpose (one answer for all).');

function accountEmailPaths(): ZodOpenApiPathsObject {
  return {
    '/api/auth/confirm': {
      get: {
        operationId: 'confirmEmailPage',
        tags,
        summary: 'The page a confirmation email links to',
        description: 'Changes nothing: the link carries the token in its fragment (`#token=…`, never sent to the server); the page\'s button sends it with `POST /api/auth/confirm`.',
        security: PUBLIC,
        responses: responses({ 200: htmlPage('A small page with a "Confirm" button.') }, ANY_REQUEST_ERRORS),
      },
      post: {
        operationId: 'confirmEmail',
        tags,
        summary: 'Confirm the email address with the emailed token',
        description: 'Single use; expires after `CONFIRM_TOKEN_TTL_SECS` (48 h by default). The first confirmation queues a welcome mail. Needs no session.',
        security: PUBLIC,
        requestBody: jsonBody(confirmEmailSchema),
        responses: responses({ 200: json('The account, now confirmed.', publicUserSchema), 400: invalidToken }, [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/auth/confirm/resend': {
      post: {
        operationId: 'resendConfirmation',
        tags,
        summary: 'Send a new confirmation link',
        description: `Queues a new link to the account's address (earlier links keep working until they expire). At most ${MAILS_PER_WINDOW} confirmation mails per ${MAIL_WINDOW_MS / 60_000} minutes, registration's included.`,
        security: SIGNED_IN,
        requestBody: emptyJsonBody,
        responses: responses(
          {
            202: json('The mail is queued.', mailAcceptedSchema),
            409: problem('The address is already confirmed.'),
            429: problem('Too many confirmation mails lately.', undefined, {
              headers: z.object({ 'Retry-After': z.string().regex(/^[1-9]\d*$/).meta({ description: 'Seconds to wait.', example: '600' }) }),
            }),
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    '/api/auth/password-reset': {
      post: {
        operationId: 'requestPasswordReset',
        tags,
        summary: 'Email a password-reset link',
        description: `The same 202, in about the same time, whether or not an account has the address (nothing is sent when none has, when the account is disabled, or after ${MAILS_PER_WINDOW} reset mails in ${MAIL_WINDOW_MS / 60_000} minutes). The link works once, for \`RESET_TOKEN_TTL_SECS\` (1 h by default).`,
        security: PUBLIC,
        requestBody: jsonBody(passwordResetRequestSchema.meta({ example: { email: 'anna@example.com' } })),
        responses: responses({ 202: json('Accepted (whether or not the account exists).', mailAcceptedSchema) }, [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/auth/password-reset/confirm': {
      get: {
        operationId: 'passwordResetPage',
        tags,
        summary: 'The page a reset email links to',
        description: 'Changes nothing: a password form that sends the token from the link\'s fragment with `POST /api/auth/password-reset/confirm`.',
        security: PUBLIC,
        responses: responses({ 200: htmlPage('A small page with a password form.') }, ANY_REQUEST_ERRORS),
      },
      post: {
        operationId: 'confirmPasswordReset',
        tags,
        summary: 'Set a new password with the emailed token',
        description: 'Spends the token (and every other reset link of the account), sets the password, and ends every session of the account — the caller\'s too. Confirms the email address, and queues a "password changed" mail.',
        security: PUBLIC,
        requestBody: jsonBody(passwordResetConfirmSchema),
        responses: responses({ 204: { description: 'Password set; sign in again.' }, 400: invalidToken }, [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/auth/password': {
      post: {
        operationId: 'changePassword',
        tags,
        summary: 'Change the password',
        description: 'Needs a password session (not an API token) and the current password. Every other session of the account ends; this one continues under a new session id (a new `pc.sid` cookie). Queues a "password changed" mail.',
        security: PASSWORD_SESSION,
        requestBody: jsonBody(passwordChangeSchema),
        responses: responses(
          { 200: json('Changed.', passwordChangedSchema), 403: problem('The current password is wrong, the caller used an API token, or a cross-site request.') },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
  };
}
// --- end of email confirmation, password reset and change ---

/** Accounts and sessions (api/auth/auth.routes.ts) and API tokens (api/auth/tokens.routes.ts). */
export function accountPaths(): ZodOpenApiPathsObject {
  return {
    ...accountEmailPaths(),
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
