import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { priceHistorySchema } from '../../monitoring/history.js';
import { historyChartQuerySchema, historyQuerySchema } from '../history.routes.js';
import { ANY_REQUEST_ERRORS, SIGNED_IN, responses } from './responses.js';

/** Price history: points per price kind and the chart. */
export function historyPaths(): ZodOpenApiPathsObject {
  return {
    '/api/history': {
      get: {
        operationId: 'priceHistory',
        tags: ['history'],
        summary: 'Price history of a product page in a region, with the real discount',
        description:
          "Points per price kind, oldest first. Consecutive equal observations (amount, currency, availability) are one point with `firstSeen` and `lastSeen`. `realDiscount` compares the current price with the lowest price of the 30 days before it was first seen (EU rule). Only the caller's own collections; 404 when there are none.",
        security: SIGNED_IN,
        requestParams: { query: historyQuerySchema },
        responses: responses(
          {
            200: {
              description: 'The history.',
              content: {
                'application/json': { schema: priceHistorySchema },
                'text/csv': { schema: z.string().meta({ description: 'Header `price_kind,amount,currency,availability,first_seen,last_seen`, one row per point.' }) },
              },
            },
          },
          [400, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    '/api/history/chart.svg': {
      get: {
        operationId: 'priceHistoryChart',
        tags: ['history'],
        summary: 'The price history as an SVG chart',
        description: 'A step line per price kind over time, out-of-stock spans shaded, dates and money on the axes; 800×300, scales down by its viewBox.',
        security: SIGNED_IN,
        requestParams: { query: historyChartQuerySchema },
        responses: responses({ 200: { description: 'An SVG image.', content: { 'image/svg+xml': { schema: z.string() } } } }, [400, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
  };
}
