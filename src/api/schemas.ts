import { z } from 'zod';
import { ProductStatus, TaskStatus } from '../entities/index.js';
import { RESULT_FORMATS } from '../tasks/results-export.js';

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

/** A URL as submitted: trimmed later, validated by the URL gate; the length cap here only bounds the work. */
export const submittedUrlSchema = storableText().max(10_000);

/** Body of `POST /api/offer-tasks` and `POST /api/spec-tasks`. */
export function taskSubmissionSchema(maxUrls: number) {
  return z.strictObject({
    urls: z
      .array(submittedUrlSchema)
      .min(1, 'give at least one URL')
      .max(maxUrls, `at most ${maxUrls} URLs per task; split the list into several tasks`)
      .meta({ description: 'Product page URLs. Duplicates (after removing fragments and tracking parameters) are collected once.', example: ['https://www.ozon.ru/product/123/'] }),
    region: regionSchema.optional().meta({ description: 'Region the data is collected for (stored with each product).', example: 'Москва' }),
  });
}

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;

/** An instant in a query string: an ISO 8601 date (`2026-11-29`, midnight UTC) or date-time with offset. */
const instantParam = () =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .transform((v) => new Date(v));

/** Filter and page of the caller's task list (newest first). */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Page size.' }),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'the nextCursor of the previous page')
    .transform(Number)
    .optional()
    .meta({ description: '`nextCursor` of the previous page: the next page holds older tasks.' }),
  status: z.enum(Object.values(TaskStatus) as [TaskStatus, ...TaskStatus[]]).optional().meta({ description: 'Only tasks in this status.' }),
  createdFrom: instantParam().optional().meta({ description: 'Only tasks created at or after this instant (ISO 8601).' }),
  createdTo: instantParam().optional().meta({ description: 'Only tasks created before this instant (ISO 8601).' }),
  ownerId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'a user id')
    .transform(Number)
    .optional()
    .meta({ description: "Only this user's tasks. Admins list every user's tasks and may filter by owner; other users only ever see their own (another id gives an empty list)." }),
});

/** Which products of a task GET /api/{offer,spec}-tasks/:id returns. */
export const productQuerySchema = z.strictObject({
  productLimit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Products per page, in submission order.' }),
  productOffset: z.coerce.number().int().min(0).default(0).meta({ description: 'How many products to skip.' }),
  productStatus: z
    .enum(Object.values(ProductStatus) as [ProductStatus, ...ProductStatus[]])
    .optional()
    .meta({ description: 'Only products in this status.' }),
  live: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Also ask the running workflow for its live progress (costs a Temporal round trip).' }),
});

/** `GET /api/{offer,spec}-tasks/:id/results`. */
export const resultsQuerySchema = z.strictObject({
  format: z.enum(RESULT_FORMATS).default('json').meta({ description: 'csv: one row per price kind or characteristic; json: an array of products; jsonl: one product per line.' }),
});

/** `GET /api/stats/sites`. */
export const statsQuerySchema = z.strictObject({
  kind: z.string().max(16).optional().meta({ description: 'Only this task kind (`offer`, `spec`).' }),
  from: instantParam().optional().meta({ description: 'Only products that ended at or after this instant (ISO 8601).' }),
  to: instantParam().optional().meta({ description: 'Only products that ended before this instant (ISO 8601).' }),
});

/** Makes a retried submission return the task it already created. */
export const idempotencyKeySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII only');

/** A new API token: only a name to recognise it by. */
export const tokenCreateSchema = z.strictObject({
  name: storableText().trim().min(1).max(100),
});
