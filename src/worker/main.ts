/**
 * Production entry of a worker alone (`npm run start:worker`): needs DATABASE_URL, a reachable Temporal
 * (TEMPORAL_ADDRESS) and Chromium. Start one per machine; Temporal task queues share the work among them.
 * SIGTERM drains in-flight scrapes (30 s grace), then closes Chromium.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { initDatabase } from '../db/orm.js';
import { startWorkers } from './worker.js';
import { installTemporalRuntime } from '../temporal/runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for start:worker (npm start runs everything with embedded defaults)');
  const db = await initDatabase(config.DATABASE_URL, { migrate: false });
  installTemporalRuntime(logger.child({ component: 'temporal-sdk' }));
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const workers = await startWorkers({ config, db, connection, logger });
  logger.info({ temporal: config.temporalAddress }, 'worker running');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await workers.stop();
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await workers.done;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
