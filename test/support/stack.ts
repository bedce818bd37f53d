import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { loadConfig, type AppConfig, type RawConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded-postgres.js';
import { initDatabase, type Database } from '../../src/db/orm.js';
import { locateTemporalCli, startTemporalDevServer, type RunningDevServer } from '../../src/temporal/dev-server.js';
import { startWorkers, workflowsPath, type RunningWorkers } from '../../src/worker/worker.js';
import { startApi } from '../../src/api/api-runtime.js';
import type { RunningServer } from '../../src/api/server.js';
import { findFreePort } from '../../src/util/free-port.js';
import { projectRoot } from '../../src/util/project-root.js';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';

/**
 * The real service for end-to-end tests: a real PostgreSQL (embedded, in a temp folder, or TEST_DATABASE_URL),
 * a real Temporal dev server (in memory, free ports), the real worker with real Chromium, and the real API
 * listening on a free port. Started once per test run and shared; each test registers its own users.
 */
export interface Stack {
  config: AppConfig;
  apiUrl: string;
  db: Database;
  client: Client;
  databaseUrl: string;
  workers: RunningWorkers;
  /** Stop and start the embedded PostgreSQL (same data, same port) for outage tests. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Restart only the workers (for crash and drain tests). */
  restartWorkers(): Promise<void>;
  stop(): Promise<void>;
}

let shared: Promise<Stack> | null = null;

/** The one shared stack of this test run; stopped by the root hook in `root-hooks.ts`. */
export function getStack(): Promise<Stack> {
  shared ??= startStack();
  return shared;
}

export async function stopSharedStack(): Promise<void> {
  if (!shared) return;
  const stack = await shared.catch(() => null);
  shared = null;
  await stack?.stop();
}

let bundle: Promise<WorkflowBundle> | null = null;
/** Bundling workflows takes seconds; do it once per run. */
export function getWorkflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (msg: string, meta?: unknown) => console.error(msg, meta),
};

export async function startStack(overrides: Partial<RawConfig> = {}): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-test-'));
    stops.push(() => fs.rm(tmp, { recursive: true, force: true }));
    const temporalPort = await findFreePort();
    const config = loadConfig(
      {},
      {
        DATA_DIR: tmp,
        ALLOW_PRIVATE_TARGETS: true,
        TEMPORAL_DEV_PORT: temporalPort,
        TEMPORAL_TASK_QUEUE: `pc-test-${temporalPort}`,
        TEMPORAL_BROWSER_TASK_QUEUE: `pc-test-browser-${temporalPort}`,
        NAVIGATION_TIMEOUT_MS: 10_000,
        BROWSER_CONCURRENCY: 4,
        RECONCILE_INTERVAL_SECS: 1,
        // Small runs make every multi-URL test task go through continue-as-new.
        TASK_PRODUCTS_PER_RUN: 2,
        RECONCILE_GRACE_SECS: 1,
        LOG_LEVEL: (process.env.TEST_LOG_LEVEL as RawConfig['LOG_LEVEL']) ?? 'silent',
        CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        ...overrides,
      },
    );
    const logger = createLogger(config.LOG_LEVEL, 'test');

    let databaseUrl = process.env.TEST_DATABASE_URL;
    let pg: RunningPostgres | null = null;
    const pgOptions = { dataDir: path.join(tmp, 'postgres'), port: await findFreePort() };
    if (!databaseUrl) {
      pg = await startEmbeddedPostgres(pgOptions);
      stops.push(() => pg?.stop() ?? Promise.resolve());
      databaseUrl = pg.url;
    }
    const temporal: RunningDevServer = await startTemporalDevServer({
      cliPath: locateTemporalCli(process.env.TEMPORAL_CLI_PATH, projectRoot()),
      port: temporalPort,
      uiPort: await findFreePort(),
      namespace: config.TEMPORAL_NAMESPACE,
    });
    stops.push(temporal.stop);

    const db = await initDatabase(databaseUrl, { migrate: true });
    stops.push(db.close);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    installTemporalRuntime(logger.child({ component: 'temporal-sdk' }));
    const workerConnection = await NativeConnection.connect({ address: temporal.address });
    stops.push(() => workerConnection.close());
    const workflowBundle = await getWorkflowBundle();
    const launchWorkers = () => startWorkers({ config, db, connection: workerConnection, logger, workflowBundle });
    let workers = await launchWorkers();
    stops.push(() => workers.stop());
    const api: RunningServer = await startApi({
      config,
      databaseUrl,
      db,
      temporal: client,
      logger,
      sessionSecrets: ['test-secret-test-secret-test-secret'],
      port: 0,
    });
    stops.push(api.stop);

    return {
      config,
      apiUrl: api.url,
      db,
      client,
      databaseUrl,
      get workers() {
        return workers;
      },
      async stopPostgres() {
        if (!pg) throw new Error('the database is external (TEST_DATABASE_URL); cannot stop it');
        await pg.stop();
      },
      async startPostgres() {
        pg = await startEmbeddedPostgres(pgOptions);
      },
      async restartWorkers() {
        await workers.stop();
        workers = await launchWorkers();
      },
      async stop() {
        for (const stop of stops.reverse()) await stop().catch((err) => console.error('stack stop failed', err));
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
