/**
 * Production entry of the API alone (`npm run start:api`): needs DATABASE_URL and a reachable Temporal
 * (TEMPORAL_ADDRESS). Stateless: run as many replicas as needed behind a load balancer. Applies pending
 * migrations at start-up.
 */
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { startService } from '../main/composition-root.js';
import { runUntilStopped } from '../main/run-until-stopped.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'api');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for start:api (npm start runs everything with embedded defaults)');
  const service = await runUntilStopped(logger, (hooks) =>
    startService(config, {
      logger,
      ...hooks,
      parts: { postgres: 'external', temporal: 'external', worker: false, api: true },
      migrate: true,
    }),
  );
  logger.info({ url: service.apiUrl }, 'API listening');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
