import { z } from 'zod';

/** Request schemas. Strict: unknown fields such as `userId` or `isAdmin` are refused. */
export const registerSchema = z.strictObject({
  username: z.string().trim().min(3).max(150).regex(/^[\w.@+-]+$/, 'letters, digits and @ . + - _ only'),
  email: z.email().max(254),
  // Long passphrases are welcome and never truncated; huge ones are refused before hashing.
  password: z.string().min(8).max(1024),
  firstName: z.string().trim().max(150).optional(),
  lastName: z.string().trim().max(150).optional(),
});

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(150),
  password: z.string().min(1).max(1024),
});

export const regionSchema = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N} .,_()-]+$/u, 'letters, digits, spaces and . , _ ( ) - only');

export function offerTaskSchema(maxUrls: number) {
  return z.strictObject({
    urls: z
      .array(z.string().max(10_000))
      .min(1, 'give at least one URL')
      .max(maxUrls, `at most ${maxUrls} URLs per task; split the list into several tasks`),
    region: regionSchema.optional(),
  });
}

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
