import path from 'node:path';
import fs from 'node:fs';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import type { Database } from '../db/orm.js';
import { isAlive } from '../util/child-process.js';
import { startParts } from '../main/start-parts.js';
import { embeddedPostgres, externalPostgres } from '../main/parts/postgres.js';
import { database } from '../main/parts/database.js';
import { need, type PartContext, type ServiceState } from '../main/part.js';

/**
 * The service's database for a CLI command, reached the way `npm start` reaches it: DATABASE_URL when set, else
 * the embedded PostgreSQL under DATA_DIR (started for the command and stopped after it). Pending migrations are
 * applied. Refuses to start the embedded one while `npm start` runs it: point DATABASE_URL at it instead.
 */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'cli');
  if (!config.DATABASE_URL) {
    const pidFile = path.join(config.dataDirAbs, 'postgres', 'postmaster.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 1 && isAlive(pid)) {
      throw new Error(`the embedded PostgreSQL in ${config.dataDirAbs} is running (npm start?); stop the service first, or set DATABASE_URL to its database`);
    }
  }
  const state: ServiceState = {};
  const ctx: PartContext = { config, logger, options: { logger, migrate: true }, state, reportFailure: () => undefined };
  const stop = await startParts([config.DATABASE_URL ? externalPostgres : embeddedPostgres, database], ctx);
  try {
    return await work(need(state.db, 'the database'));
  } finally {
    await stop();
  }
}
