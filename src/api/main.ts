/**
 * Production entry of the API alone (`npm run start:api`): needs DATABASE_URL and a reachable Temporal
 * (TEMPORAL_ADDRESS). Stateless: run as many replicas as needed behind a load balancer.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/config.js';
import { resolveSessionSecrets } from '../config/session-secret.js';
import { createLogger } from '../logging/logger.js';
import { initDatabase } from '../db/orm.js';
import { startApi } from './api-runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'api');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for start:api (npm start runs everything with embedded defaults)');
  const db = await initDatabase(config.DATABASE_URL, { migrate: true });
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const api = await startApi({ config, databaseUrl: config.DATABASE_URL, db, temporal: client, logger, sessionSecrets: resolveSessionSecrets(config) });
  logger.info({ url: api.url }, 'API listening');
  const stop = async () => {
    await api.stop();
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
