import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { loadConfig, type AppConfig, type RawConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Database } from '../../src/db/orm.js';
import { workflowsPath, type RunningWorkers } from '../../src/worker/worker.js';
import { startService } from '../../src/main/composition-root.js';
import { findFreePort } from '../../src/util/free-port.js';
import { setSharedMailbox, TestMailbox } from './mailbox.js';

/**
 * The real service for end-to-end tests, started by the service's own composition root: a real PostgreSQL
 * (embedded, in a temp folder, or TEST_DATABASE_URL), a real Temporal dev server (in memory, free ports), the
 * real worker with real Chromium, and the real API listening on a free port. Started once per test run and
 * shared; each test registers its own users.
 */
export interface Stack {
  config: AppConfig;
  apiUrl: string;
  db: Database;
  client: Client;
  databaseUrl: string;
  workers: RunningWorkers;
  /** The in-process SMTP server the worker sends to (SMTP_URL); every message it accepted, parsed. */
  mailbox: TestMailbox;
  /** Stop and start the embedded PostgreSQL (same data, same port) for outage tests. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Restart only the workers (for crash and drain tests). */
  restartWorkers(): Promise<void>;
  stop(): Promise<void>;
}

let shared: Promise<Stack> | null = null;

/**
 * The one shared stack of this test run; started eagerly and stopped by the root hooks in `root-hooks.ts`.
 * A failed start is kept: every later suite gets the same error at once instead of starting it again. Each
 * part's start is time-limited (see `startParts`), so this always settles.
 */
export function getStack(): Promise<Stack> {
  shared ??= startStack().catch((err: unknown) => {
    throw new StackStartError(err);
  });
  return shared;
}

/** Why the end-to-end suites cannot run; the message names the part that failed and what to do. */
export class StackStartError extends Error {
  constructor(cause: unknown) {
    super(`the shared test stack (test/support/stack.ts) could not start, so no suite needing it can run.\n${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StackStartError';
  }
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
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-test-'));
  const mailbox = await new TestMailbox().start();
  const removeTmp = async () => {
    await mailbox.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  };
  try {
    const temporalPort = await findFreePort();
    const config = loadConfig(
      {},
      {
        DATA_DIR: tmp,
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        ALLOW_PRIVATE_TARGETS: true,
        TEMPORAL_DEV_PORT: temporalPort,
        TEMPORAL_UI_PORT: await findFreePort(),
        TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
        TEMPORAL_TASK_QUEUE: `pc-test-${temporalPort}`,
        TEMPORAL_BROWSER_TASK_QUEUE: `pc-test-browser-${temporalPort}`,
        NAVIGATION_TIMEOUT_MS: 10_000,
        BROWSER_CONCURRENCY: 4,
        RECONCILE_INTERVAL_SECS: 1,
        // Small runs make every multi-URL test task go through continue-as-new.
        TASK_PRODUCTS_PER_RUN: 2,
        RECONCILE_GRACE_SECS: 1,
        // Small enough that test/e2e/schedules reaches the per-user limit quickly.
        MAX_SCHEDULES_PER_USER: 3,
        // Every test client is 127.0.0.1: per-address budgets for registration and failed sign-ins would run out
        // across suites. The per-account sign-in throttle keeps its defaults; test/e2e/throttle tests the rest.
        REGISTER_MAX_PER_IP: 100_000,
        LOGIN_IP_MAX_FAILURES: 100_000,
        LOG_LEVEL: (process.env.TEST_LOG_LEVEL as RawConfig['LOG_LEVEL']) ?? 'silent',
        CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        // Mail goes to an in-process SMTP server; confirmation stays required, as in production.
        SMTP_URL: mailbox.url,
        EMAIL_CONFIRMATION: 'required',
        MAIL_POLL_INTERVAL_MS: 100,
        MAIL_RETRY_BASE_SECS: 1,
        MAIL_RETRY_MAX_SECS: 2,
        // Webhook retries of alerts come quickly (test/e2e/alerts counts them).
        ALERT_POLL_INTERVAL_MS: 100,
        ALERT_RETRY_BASE_SECS: 0.5,
        ALERT_RETRY_MAX_SECS: 2,
        WEBHOOK_TIMEOUT_MS: 5000,
        ...overrides,
      },
    );
    const service = await startService(config, {
      logger: createLogger(config.LOG_LEVEL, 'test'),
      parts: { temporal: 'dev-server', worker: true, api: true },
      temporalDevServer: { persistent: false },
      apiPort: 0,
      sessionSecrets: ['test-secret-test-secret-test-secret'],
      workflowBundle: await getWorkflowBundle(),
    });
    setSharedMailbox(mailbox);
    return {
      config,
      mailbox,
      apiUrl: service.apiUrl!,
      db: service.db,
      client: service.client,
      databaseUrl: service.databaseUrl,
      get workers() {
        return service.workers!;
      },
      stopPostgres: () => service.stopPostgres(),
      startPostgres: () => service.startPostgres(),
      restartWorkers: () => service.restartWorkers(),
      async stop() {
        setSharedMailbox(null);
        await service.stop();
        await removeTmp();
        await removeRelocatedCluster(tmp, service.postgresDataDir);
      },
    };
  } catch (err) {
    await removeTmp();
    throw err;
  }
}

/** As root with a TMPDIR the postgres user cannot enter, the cluster lives outside `tmp`; it is this run's alone. */
async function removeRelocatedCluster(tmp: string, clusterDir: string | null): Promise<void> {
  if (!clusterDir || clusterDir.startsWith(`${tmp}${path.sep}`)) return;
  await fs.rm(clusterDir, { recursive: true, force: true });
  await fs.rm(`${clusterDir}.password`, { force: true });
}
