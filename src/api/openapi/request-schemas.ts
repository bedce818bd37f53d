import { z } from 'zod';
import { loginSchema, taskSubmissionSchema, registerSchema, tokenCreateSchema } from '../schemas.js';
import type { JsonSchema } from './response-schemas.js';

/** The default of `MAX_URLS_PER_TASK` (src/config/config.ts); a deployment that changes it should pass its value. */
export const DEFAULT_MAX_URLS_PER_TASK = 10_000;

/**
 * Field descriptions for the generated schemas. A `.meta({ description })` on the zod field (src/api/schemas.ts)
 * wins over these; they only fill in what the zod schema does not describe.
 */
const FIELD_DESCRIPTIONS: Record<string, Record<string, string>> = {
  RegisterRequest: {
    username: 'Sign-in name: 3-150 characters, ASCII letters, digits and @ . + - _ (surrounding spaces are trimmed).',
    email: 'Unique e-mail address (stored in lower case).',
    password: '8-1024 characters; long passphrases are kept whole, never truncated.',
    firstName: 'Optional, up to 150 characters (trimmed); no control characters.',
    lastName: 'Optional, up to 150 characters (trimmed); no control characters.',
  },
  LoginRequest: {
    username: 'The name given at registration (no control characters).',
    password: 'The password given at registration.',
  },
  OfferTaskRequest: {
    urls: 'Product page URLs (http/https, public hosts, no control characters, at most 2,048 characters once canonicalised). Duplicates are collected once.',
    region: 'Optional delivery region passed to the shops, e.g. "Москва".',
  },
};

/** JSON Schema of a zod schema's input, as an OpenAPI 3.1 schema object (no `$schema`, descriptions filled in). */
export function requestSchema(name: string, schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  for (const [field, description] of Object.entries(FIELD_DESCRIPTIONS[name] ?? {})) {
    const property = properties?.[field];
    if (property && property.description === undefined) property.description = description;
  }
  return json;
}

/** Request body schemas generated from the very zod schemas the routes parse with. */
export function requestSchemas(maxUrlsPerTask = DEFAULT_MAX_URLS_PER_TASK): Record<string, JsonSchema> {
  return {
    RegisterRequest: requestSchema('RegisterRequest', registerSchema),
    LoginRequest: requestSchema('LoginRequest', loginSchema),
    OfferTaskRequest: requestSchema('OfferTaskRequest', taskSubmissionSchema(maxUrlsPerTask)),
    TokenCreateRequest: requestSchema('TokenCreateRequest', tokenCreateSchema),
  };
}
