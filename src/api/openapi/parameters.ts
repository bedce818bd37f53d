import { z } from 'zod';
import { idempotencyKeySchema, listQuerySchema, productQuerySchema } from '../schemas.js';
import type { JsonSchema } from './response-schemas.js';

/** One OpenAPI query parameter per field of a zod query schema, generated from the schema the route parses with. */
function queryParameters(schema: z.ZodObject): Record<string, JsonSchema> {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as { properties: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(json.properties).map(([name, property]) => {
      const { description, ...rest } = property;
      return [name, { name, in: 'query', required: false, description, schema: rest }];
    }),
  );
}

const { $schema: _dialect, ...idempotencyKeyJson } = z.toJSONSchema(idempotencyKeySchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;

/**
 * Path, query and header parameters. Query and header parameters come from the zod schemas in api/schemas.ts;
 * the task id mirrors `parseId` in api/validate.ts.
 */
export const parameters: Record<string, JsonSchema> = {
  TaskId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'Task id. Anything but a positive 32-bit integer without leading zeros answers 404 (broken percent-encoding: 400).',
    schema: { type: 'string', pattern: '^[1-9]\\d{0,9}$', examples: ['42'] },
  },
  TokenId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'API token id; anything else answers 404.',
    schema: { type: 'string', pattern: '^[1-9]\\d{0,9}$', examples: ['7'] },
  },
  ...queryParameters(listQuerySchema),
  ...queryParameters(productQuerySchema),
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retried submission safe: a key the caller already used returns that task (200) instead of creating another one (202). 1-128 printable ASCII characters; anything else is a 400.',
    schema: idempotencyKeyJson,
  },
};

export const paramRef = (name: string): JsonSchema => ({ $ref: `#/components/parameters/${name}` });
