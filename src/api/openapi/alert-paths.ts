import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { alertListQuerySchema, alertListSchema } from '../../monitoring/alert.service.js';
import { ANY_REQUEST_ERRORS, SIGNED_IN, json, responses } from './responses.js';

/** Price alerts (api/alerts.routes.ts mounted at `/api/alerts`). */
export function alertPaths(): ZodOpenApiPathsObject {
  return {
    '/api/alerts': {
      get: {
        operationId: 'listAlerts',
        tags: ['alerts'],
        summary: "The caller's price alerts, newest first, with each delivery's status",
        description:
          "Alerts raised by the caller's schedules (a change confirmed by a re-fetch that matched a rule), cursor-paginated, optionally of one schedule. Each delivery (webhook, email) shows its status, attempts, last error and delivery time.",
        security: SIGNED_IN,
        requestParams: { query: alertListQuerySchema },
        responses: responses({ 200: json('A page of alerts.', alertListSchema) }, [400, ...ANY_REQUEST_ERRORS]),
      },
    },
  };
}
