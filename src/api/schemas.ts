import { z } from 'zod';

/**
 * Text that may be stored: PostgreSQL text and jsonb cannot hold NUL, and control characters in names or URLs
 * are never legitimate.
 */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const storableText = () => z.string().refine((v) => !CONTROL_CHARS.test(v), 'must not contain control characters');

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
