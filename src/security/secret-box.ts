import crypto from 'node:crypto';

/** Marks a sealed value (version 1: AES-256-GCM, 12-byte IV, 16-byte tag, base64url). */
const PREFIX = 'sb1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value could not be opened: no key given to this process opens it, or the stored value was altered. */
export class SecretBoxError extends Error {}

/**
 * Encrypts secrets the service must be able to read back (webhook signing keys: an HMAC needs the key itself, so a
 * hash cannot replace it) before they are stored, so a copy of the database alone does not give them away.
 * AES-256-GCM with keys derived by HKDF from SECRETS_KEY; the first key seals, every key opens (rotation: put the new
 * key first, keep the old one until every value was sealed again). Values stored before sealing existed (no prefix)
 * open as they are, and {@link isSealed} finds them for re-sealing.
 */
export class SecretBox {
  private readonly keys: Buffer[];

  constructor(keyMaterial: string[]) {
    if (keyMaterial.length === 0) throw new Error('SecretBox needs at least one key');
    this.keys = keyMaterial.map((k) => Buffer.from(crypto.hkdfSync('sha256', k, 'price-collector', 'secret-box v1', 32)));
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keys[0]!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('the sealed value is damaged');
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = raw.subarray(IV_BYTES + TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // not this key (or altered): try the next one
      }
    }
    throw new SecretBoxError('no configured SECRETS_KEY opens this value (was the key changed without keeping the old one?)');
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }
}
