/**
 * `npm start`: the whole service on one machine with no configuration — Temporal dev server (with Web UI),
 * embedded PostgreSQL, migrations, a worker and the API in one supervised process tree. DATABASE_URL and
 * TEMPORAL_ADDRESS switch to external servers.
 */
import { loadConfig, type AppConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { PartStartError, startService, type RunningService } from '../main/composition-root.js';
import { runUntilStopped } from '../main/run-until-stopped.js';
import { tuneV8ForExtraction } from '../util/v8-tuning.js';

tuneV8ForExtraction();

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'launcher');
  const service = await runUntilStopped(logger, (hooks) =>
    startService(config, {
      logger,
      ...hooks,
      // Restarted on its SQLite file, workflows resume where they were; workers reconnect by themselves.
      temporalDevServer: { persistent: true, restartOnCrash: true },
    }),
  );
  process.stdout.write(banner(config, service));
}

function banner(config: AppConfig, service: RunningService): string {
  const lines = [
    '',
    'price-collector is running',
    `  API            ${service.apiUrl}/api   (health: ${service.apiUrl}/api/health)`,
    `  Temporal       ${service.temporalAddress}${service.temporalUiUrl ? `   Web UI: ${service.temporalUiUrl}` : ''}`,
    `  PostgreSQL     ${service.postgresDataDir ? `embedded, data in ${service.postgresDataDir}` : 'DATABASE_URL'}`,
    `  Chromium       ${config.CHROMIUM_PATH}`,
    `  Mail           ${service.mailCatcherUrl ? `mail catcher (maildev) ${service.mailCatcherUrl}   SMTP smtp://127.0.0.1:${config.MAILDEV_SMTP_PORT}` : 'SMTP_URL'}`,
    `  private targets ${config.ALLOW_PRIVATE_TARGETS ? 'ALLOWED (ALLOW_PRIVATE_TARGETS=1)' : 'refused'}`,
    '  Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n') + '\n';
}

main().catch((err) => {
  // A part that cannot start is named with what to do; its stack would bury that. Anything else is a bug.
  console.error(err instanceof PartStartError ? `price-collector did not start: ${err.message}` : err);
  process.exit(1);
});
