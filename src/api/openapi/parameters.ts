import type { JsonSchema } from './response-schemas.js';

/**
 * Path, query and header parameters. These mirror rules that live inside the route modules (`parseId` in
 * api/validate.ts, `listQuery` and `idempotencyKey` in api/tasks/offer-tasks.routes.ts), which export no schema
 * to generate from; keep them in step.
 */
export const parameters: Record<string, JsonSchema> = {
  TaskId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'Task id. Anything but a positive 32-bit integer without leading zeros answers 404 (broken percent-encoding: 400).',
    schema: { type: 'string', pattern: '^[1-9]\\d{0,9}$', examples: ['42'] },
  },
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Page size.',
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
  Offset: {
    name: 'offset',
    in: 'query',
    required: false,
    description: 'How many tasks to skip (newest first).',
    schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retried submission safe: a key the caller already used returns that task (200) instead of creating another one (202). 1-128 printable ASCII characters; anything else is a 400.',
    schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
  },
};

export const paramRef = (name: string): JsonSchema => ({ $ref: `#/components/parameters/${name}` });
