/**
 * `npm start`: the whole service on one machine with no configuration — Temporal dev server (with Web UI),
 * embedded PostgreSQL, migrations, a worker and the API in one supervised process tree. DATABASE_URL and
 * TEMPORAL_ADDRESS switch to external servers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, type AppConfig } from '../config/config.js';
import type { Logger } from 'pino';
import { resolveSessionSecrets } from '../config/session-secret.js';
import { createLogger } from '../logging/logger.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { initDatabase } from '../db/orm.js';
import { locateTemporalCli, startTemporalDevServer } from '../temporal/dev-server.js';
import { startWorkers } from '../worker/worker.js';
import { startApi } from '../api/api-runtime.js';
import { projectRoot } from '../util/project-root.js';
import { installTemporalRuntime } from '../temporal/runtime.js';


async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'launcher');
  fs.mkdirSync(config.dataDirAbs, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'stop failed'));
    logger.info('stopped');
    process.exit(0);
  };
  let stopping = false;
  // embedded-postgres installs exit hooks that stop PostgreSQL the moment a signal arrives; we stop it ourselves,
  // last, after the workers drained, so take those listeners off before adding ours.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }

  try {
    await startEverything(config, logger, stops, () => stopping, (v) => (stopping = v), shutdown);
  } catch (err) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}

async function startEverything(
  config: AppConfig,
  logger: Logger,
  stops: (() => Promise<void>)[],
  isStopping: () => boolean,
  setStopping: (v: boolean) => void,
  shutdown: (reason: string) => Promise<void>,
): Promise<void> {
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDirAbs, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      onLog: (line) => logger.debug({ component: 'postgres' }, line),
    });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }

  let uiUrl: string | null = null;
  if (!config.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({
      cliPath: locateTemporalCli(config.TEMPORAL_CLI_PATH, projectRoot()),
      dbFile: path.join(config.dataDirAbs, 'temporal.sqlite'),
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      restartOnCrash: true,
      onLog: (line) => (line.startsWith('[') ? logger.warn({ component: 'temporal' }, line) : logger.debug({ component: 'temporal' }, line)),
    });
    stops.push(temporal.stop);
    uiUrl = temporal.uiUrl;
  }

  const db = await initDatabase(databaseUrl, { migrate: true, log: (m) => logger.info({ component: 'orm' }, m) });
  stops.push(db.close);
  const connection = await Connection.connect({ address: config.temporalAddress });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  installTemporalRuntime(logger.child({ component: 'temporal-sdk' }));
  const workerConnection = await NativeConnection.connect({ address: config.temporalAddress });
  stops.push(() => workerConnection.close());
  const workers = await startWorkers({ config, db, connection: workerConnection, logger: logger.child({ component: 'worker' }) });
  stops.push(workers.stop);
  workers.done.catch((err) => {
    logger.fatal({ err }, 'worker failed');
    if (!isStopping()) {
      setStopping(true);
      void shutdown('worker-failure');
    }
  });
  const api = await startApi({
    config,
    databaseUrl,
    db,
    temporal: client,
    logger: logger.child({ component: 'api' }),
    sessionSecrets: resolveSessionSecrets(config),
  });
  stops.push(api.stop);

  const lines = [
    '',
    'price-collector is running',
    `  API            ${api.url}/api   (health: ${api.url}/api/health)`,
    `  Temporal       ${config.temporalAddress}${uiUrl ? `   Web UI: ${uiUrl}` : ''}`,
    `  PostgreSQL     ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded, data in ${path.join(config.dataDirAbs, 'postgres')}`}`,
    `  Chromium       ${config.CHROMIUM_PATH}`,
    `  private targets ${config.ALLOW_PRIVATE_TARGETS ? 'ALLOWED (ALLOW_PRIVATE_TARGETS=1)' : 'refused'}`,
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(err);
  process.exit(1);
});
