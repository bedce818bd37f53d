import { urlPolicyOf } from '../config/url-policy.js';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../db/orm.js';
import { createAlertActivities, createTaskActivities, createReconcileActivities, createScheduleActivities, createScrapeActivities } from '../activities/index.js';
import { RECONCILER_WORKFLOW_ID, RECONCILER_WORKFLOW_TYPE, type ReconcilerInput } from '../tasks/contract.js';
import { BrowserPool, EgressProxy } from '../scraping/index.js';

export interface WorkerDeps {
  config: AppConfig;
  db: Database;
  connection: NativeConnection;
  logger: Logger;
  /** Pre-built workflow bundle (tests build it once); bundled from source when absent. */
  workflowBundle?: WorkflowBundle;
}

export interface RunningWorkers {
  /** Drains in-flight activities (up to the grace time), then closes Chromium. */
  stop(): Promise<void>;
  /** Settles when both workers stopped; rejects when one failed. */
  done: Promise<void>;
  pool: BrowserPool;
}

/** Path of the workflows module, whether we run from TypeScript sources (tsx) or compiled `dist`. */
export function workflowsPath(): string {
  for (const ext of ['ts', 'js']) {
    const candidate = fileURLToPath(new URL(`../workflows/index.${ext}`, import.meta.url));
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('workflows module not found next to the worker');
}

/**
 * Two workers in one process: workflows + light activities on the main task queue, and browser activities on
 * their own queue with bounded concurrency. Run them in separate processes by starting more of this on other
 * machines; Temporal task queues share the work.
 */
export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const { config, logger } = deps;
  const policy = urlPolicyOf(config);
  // Chromium's only way out: it must listen before the first launch and outlive the browser.
  const egress = new EgressProxy({ policy, log: (msg, extra) => logger.info(extra ?? {}, msg) });
  await egress.start();
  const pool = new BrowserPool({
    executablePath: config.CHROMIUM_PATH,
    maxPages: config.BROWSER_CONCURRENCY,
    egress,
    log: (msg, extra) => logger.info(extra ?? {}, msg),
  });
  try {
    return await runWorkers(deps, pool, egress);
  } catch (err) {
    await pool.close();
    await egress.stop();
    throw err;
  }
}

async function runWorkers(deps: WorkerDeps, pool: BrowserPool, egress: EgressProxy): Promise<RunningWorkers> {
  const { config, db, connection, logger } = deps;
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const workflowSource = deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: workflowsPath() };
  const main = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource,
    activities: {
      ...createTaskActivities({ db }),
      ...createReconcileActivities({ db, client, runner: runnerOptions(config), graceSecs: config.RECONCILE_GRACE_SECS }),
      ...createScheduleActivities({ db, client, runner: runnerOptions(config), policy: urlPolicyOf(config), maxActiveTasksPerUser: config.MAX_ACTIVE_TASKS_PER_USER }),
      ...createAlertActivities({ db }),
    },
    shutdownGraceTime: '10 seconds',
  });
  const browser = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_BROWSER_TASK_QUEUE,
    activities: createScrapeActivities({
      db,
      pool,
      policy: urlPolicyOf(config),
      navigationTimeoutMs: config.NAVIGATION_TIMEOUT_MS,
      maxPageBytes: config.MAX_PAGE_BYTES,
      httpFastPath: config.HTTP_FAST_PATH,
    }),
    maxConcurrentActivityTaskExecutions: config.BROWSER_CONCURRENCY,
    // Give in-flight page loads time to finish on SIGTERM instead of cancelling them at once.
    shutdownGraceTime: '30 seconds',
  });
  const done = Promise.all([main.run(), browser.run()])
    .then(() => undefined)
    .finally(async () => {
      await pool.close();
      await egress.stop();
    });
  await ensureReconciler(client, config);
  return {
    pool,
    done,
    async stop() {
      for (const w of [main, browser]) if (w.getState() === 'RUNNING') w.shutdown();
      await done.catch((err) => logger.error({ err }, 'worker stopped with an error'));
    },
  };
}

function runnerOptions(config: AppConfig) {
  return {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    browserTaskQueue: config.TEMPORAL_BROWSER_TASK_QUEUE,
    concurrency: config.TASK_CONCURRENCY,
    productsPerRun: config.TASK_PRODUCTS_PER_RUN,
  };
}

/** Starts the singleton reconciler workflow unless one already runs (any worker may be first). */
async function ensureReconciler(client: Client, config: AppConfig): Promise<void> {
  await stopLegacyReconciler(client);
  try {
    const input: ReconcilerInput = { intervalSecs: config.RECONCILE_INTERVAL_SECS };
    await client.workflow.start(RECONCILER_WORKFLOW_TYPE, {
      workflowId: RECONCILER_WORKFLOW_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [input],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Before the task engine, the reconciler ran as `offer-task-reconciler` and called an activity that no longer
 * exists; on a Temporal server that still has it (a dev server's SQLite file), it would retry that forever.
 */
async function stopLegacyReconciler(client: Client): Promise<void> {
  // Best effort: absent (the usual case), already closed, or refused, none of these may stop a worker starting.
  await client.workflow
    .getHandle(LEGACY_RECONCILER_WORKFLOW_ID)
    .terminate('replaced by the task-engine reconciler')
    .catch(() => undefined);
}

const LEGACY_RECONCILER_WORKFLOW_ID = 'offer-task-reconciler';
