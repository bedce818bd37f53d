import crypto from 'node:crypto';

/**
 * A short reference for an internal failure: the detail goes to the logs under it, people get only the reference
 * to quote (internal error text such as SQL, ORM or connection errors never reaches a user).
 */
export function newErrorRef(): string {
  return `E-${crypto.randomBytes(4).toString('hex')}`;
}

/** Logs an internal failure under a fresh reference and returns the reference. */
export type ErrorReporter = (err: unknown, context: string) => string;
