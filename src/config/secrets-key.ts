import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.js';

/**
 * Keys of the secret box (see `security/secret-box.ts`): SECRETS_KEY (comma-separated, first seals, all open) when
 * set; otherwise one generated on first start and kept in the data directory, like the session secret, so a
 * single-machine install needs no setting. Every process that reads or writes sealed values (API and workers) must
 * have the same keys: docker-compose requires SECRETS_KEY for that reason.
 */
export function resolveSecretsKeys(config: AppConfig): string[] {
  if (config.SECRETS_KEY) return config.SECRETS_KEY.split(',').map((s) => s.trim()).filter(Boolean);
  const file = path.join(config.dataDirAbs, 'secrets-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDirAbs, { recursive: true });
    // 'wx': when API and worker start together, the second keeps the first one's key instead of replacing it.
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return [fs.readFileSync(file, 'utf8').trim()];
}
