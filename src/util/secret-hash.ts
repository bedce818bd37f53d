import crypto from 'node:crypto';

/**
 * How random secrets (API tokens, emailed tokens) are stored: SHA-256, hex. The secrets carry 256 random bits, so a
 * slow password hash would add nothing; only the hash is kept, and look-ups compare hashes.
 */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}
