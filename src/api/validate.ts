import type { Request } from 'express';
import { z } from 'zod';

const MAX_ID = 2_147_483_647;

/** A positive 32-bit id in a path, written without leading zeros; anything else names no object. */
export const idParamSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .refine((raw) => Number(raw) <= MAX_ID)
  .meta({ description: 'A positive 32-bit integer without leading zeros; anything else answers 404.', example: '42' });

/** Parses a request part against a strict schema; a ZodError becomes a 400 problem in the error handler. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.body ?? {});
}

/** Parses a positive integer path parameter; anything else is a 404, since no such object can exist. */
export function parseId(raw: unknown): number | null {
  const parsed = idParamSchema.safeParse(raw);
  return parsed.success ? Number(parsed.data) : null;
}
