import { z } from 'zod';

/**
 * Text that may be stored: PostgreSQL text and jsonb cannot hold NUL, and control characters in names or URLs
 * are never legitimate.
 */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storableText = () =>
  z
    .string()
    .refine((v) => !CONTROL_CHARS.test(v), 'must not contain control characters')
    .refine((v) => !LONE_SURROGATE.test(v), 'must be well-formed Unicode');

/** Request schemas. Strict: unknown fields such as `userId` or `isAdmin` are refused. */
export const registerSchema = z.strictObject({
  username: z.string().trim().min(3).max(150).regex(/^[\w.@+-]+$/, 'letters, digits and @ . + - _ only'),
  email: z.email().max(254),
  // Long passphrases are welcome and never truncated; huge ones are refused before hashing.
  password: z.string().min(8).max(1024),
  firstName: storableText().trim().max(150).optional(),
  lastName: storableText().trim().max(150).optional(),
});

export const loginSchema = z.strictObject({
  username: storableText().min(1).max(150),
  password: z.string().min(1).max(1024),
});

export const regionSchema = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N} .,_()-]+$/u, 'letters, digits, spaces and . , _ ( ) - only');

export function offerTaskSchema(maxUrls: number) {
  return z.strictObject({
    urls: z
      .array(storableText().max(10_000))
      .min(1, 'give at least one URL')
      .max(maxUrls, `at most ${maxUrls} URLs per task; split the list into several tasks`),
    region: regionSchema.optional(),
  });
}

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;

/** Paging of the caller's task list. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Page size.' }),
  offset: z.coerce.number().int().min(0).default(0).meta({ description: 'How many tasks to skip (newest first).' }),
});

/** Which products of a task GET /api/offer-tasks/:id returns. */
export const productQuerySchema = z.object({
  productLimit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Products per page, in submission order.' }),
  productOffset: z.coerce.number().int().min(0).default(0).meta({ description: 'How many products to skip.' }),
  productStatus: z
    .enum(['pending', 'running', 'succeeded', 'failed', 'cancelled'])
    .optional()
    .meta({ description: 'Only products in this status.' }),
});

/** Makes a retried submission return the task it already created. */
export const idempotencyKeySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII only');

/** A new API token: only a name to recognise it by. */
export const tokenCreateSchema = z.strictObject({
  name: storableText().trim().min(1).max(100),
});
