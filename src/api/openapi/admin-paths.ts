import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { adminUserListSchema, adminUserSchema } from '../../services/admin.service.js';
import { adminUserListQuerySchema } from '../admin/admin.routes.js';
import { idParamSchema } from '../validate.js';
import { ANY_REQUEST_ERRORS, SIGNED_IN, STATE_CHANGE_ERRORS, emptyJsonBody, json, problem, responses } from './responses.js';

const tags = ['admin'];
const notAdmin = problem('Signed in, but not an admin. (On POST also: a cross-site request, as for every state change.)');

/** Account management for admins (api/admin/admin.routes.ts). */
export function adminPaths(): ZodOpenApiPathsObject {
  return {
    '/api/admin/users': {
      get: {
        operationId: 'adminListUsers',
        tags,
        summary: 'Every account, oldest first (admins only)',
        security: SIGNED_IN,
        requestParams: { query: adminUserListQuerySchema },
        responses: responses({ 200: json('One page of accounts.', adminUserListSchema), 403: notAdmin }, [400, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/admin/users/{id}/disable': {
      post: {
        operationId: 'adminDisableUser',
        tags,
        summary: 'Disable an account at once (admins only)',
        description:
          'Its sessions are deleted and its API tokens are refused (401) from the next request on; signing in answers 403 "account disabled". Disabling a disabled account changes nothing. Admins cannot disable themselves (409).',
        security: SIGNED_IN,
        requestParams: { path: z.object({ id: idParamSchema }) },
        requestBody: emptyJsonBody,
        responses: responses(
          { 200: json('The disabled account.', adminUserSchema), 403: notAdmin, 409: problem('That is your own account.') },
          [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    '/api/admin/users/{id}/enable': {
      post: {
        operationId: 'adminEnableUser',
        tags,
        summary: 'Enable a disabled account again (admins only)',
        description: 'The owner signs in again (old sessions were deleted); API tokens that were not revoked work again.',
        security: SIGNED_IN,
        requestParams: { path: z.object({ id: idParamSchema }) },
        requestBody: emptyJsonBody,
        responses: responses({ 200: json('The enabled account.', adminUserSchema), 403: notAdmin }, [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
  };
}
