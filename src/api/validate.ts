import type { Request } from 'express';
import type { z } from 'zod';

/** Parses a request part against a strict schema; a ZodError becomes a 400 problem in the error handler. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.body ?? {});
}

/** Parses a positive integer path parameter; anything else is a 404, since no such object can exist. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : null;
}
