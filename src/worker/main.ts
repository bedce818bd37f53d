/**
 * Production entry of a worker alone (`npm run start:worker`): needs DATABASE_URL, a reachable Temporal
 * (TEMPORAL_ADDRESS) and Chromium. Start one per machine; Temporal task queues share the work among them.
 * Sends the mail outbox to SMTP_URL (required here: no mail catcher runs in production).
 * SIGTERM drains in-flight scrapes (30 s grace), then closes Chromium. Leaves migrations to the API.
 */
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { startService } from '../main/composition-root.js';
import { runUntilStopped } from '../main/run-until-stopped.js';
import { tuneV8ForExtraction } from '../util/v8-tuning.js';

tuneV8ForExtraction();

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for start:worker (npm start runs everything with embedded defaults)');
  const service = await runUntilStopped(logger, (hooks) =>
    startService(config, {
      logger,
      ...hooks,
      parts: { postgres: 'external', temporal: 'external', worker: true, api: false, mailCatcher: false },
      migrate: false,
    }),
  );
  logger.info({ temporal: service.temporalAddress }, 'worker running');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
