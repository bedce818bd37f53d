import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.js';

/**
 * Session signing secrets: SESSION_SECRET (comma-separated, first one signs) when set; otherwise one generated
 * on first start and kept in the data directory, so sessions survive restarts of a single-machine install.
 */
export function resolveSessionSecrets(config: AppConfig): string[] {
  if (config.SESSION_SECRET) return config.SESSION_SECRET.split(',').map((s) => s.trim()).filter(Boolean);
  const file = path.join(config.dataDirAbs, 'session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDirAbs, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return [fs.readFileSync(file, 'utf8').trim()];
}
