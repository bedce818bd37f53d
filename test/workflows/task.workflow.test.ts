import { expect } from 'chai';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type History } from '@temporalio/worker';
import {
  PROGRESS_QUERY,
  RECONCILER_WORKFLOW_TYPE,
  TASK_WORKFLOW_TYPE,
  taskWorkflowId,
  type ReconcilerInput,
  type TaskProgress,
  type TaskWorkflowInput,
} from '../../src/tasks/contract.js';
import type { taskWorkflow } from '../../src/workflows/task.workflow.js';
import type { reconcilerWorkflow } from '../../src/workflows/reconciler.workflow.js';
import { eventually } from '../support/eventually.js';
import { getWorkflowBundle } from '../support/stack.js';
import {
  FakeTaskActivities,
  Gate,
  fakeReconcileActivities,
  getShortHeartbeatBundle,
  holdActivity,
  runWorkflowWorker,
  startTimeSkippingEnv,
  uniqueQueue,
  withTaskWorkers,
  type TaskWorkers,
} from '../support/workflow-env.js';

/**
 * The task workflow's logic on the time-skipping test server: real bundled workflow code, fake activities.
 * Backoffs and activity timeouts are skipped, so retries and timeouts cost milliseconds, not minutes.
 */
describe('workflows (time-skipping test server, fake activities)', function () {
  let env: TestWorkflowEnvironment;

  before(async function () {
    this.timeout(120_000);
    [env] = await Promise.all([startTimeSkippingEnv(), getWorkflowBundle()]);
  });

  after(async () => {
    await env?.teardown();
  });

  describe('task workflow', function () {
    let taskSeq = 9000;

    function input(queues: TaskWorkers, overrides: Partial<TaskWorkflowInput> = {}): TaskWorkflowInput {
      return { kind: 'offer', taskId: ++taskSeq, browserTaskQueue: queues.browserTaskQueue, concurrency: 2, ...overrides };
    }

    function start(queues: TaskWorkers, wfInput: TaskWorkflowInput): Promise<WorkflowHandle<typeof taskWorkflow>> {
      return env.client.workflow.start<typeof taskWorkflow>(TASK_WORKFLOW_TYPE, {
        workflowId: taskWorkflowId(wfInput.kind, wfInput.taskId),
        taskQueue: queues.taskQueue,
        args: [wfInput],
      });
    }

    /** Awaits the result and asserts the run ended cancelled (a CancelledFailure, not an error). */
    async function expectCancelled(handle: WorkflowHandle<typeof taskWorkflow>): Promise<void> {
      const err = await handle.result().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, 'the workflow should fail as cancelled').to.be.instanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).to.be.instanceOf(CancelledFailure);
      const { status } = await handle.describe();
      expect(status.name).to.equal('CANCELLED');
    }

    function attemptsOf(fakes: FakeTaskActivities, productId: number): number[] {
      return fakes.calls.scrape.filter((c) => c.productId === productId).map((c) => c.attempt);
    }

    it('when every product succeeds, then the task finishes once with the right counts and the progress query answers', async () => {
      const fakes = new FakeTaskActivities(5);
      // Holding product 3 freezes the run mid-way so the query has something live to report.
      const hold3 = new Gate();
      fakes.scrapeBehaviour = async (item) => {
        if (item.productId === 3) await holdActivity(hold3, { heartbeat: true });
        return { status: 'succeeded', items: 2 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const wfInput = input(queues);
        const handle = await start(queues, wfInput);
        await eventually(async () => {
          expect(await handle.query<TaskProgress>(PROGRESS_QUERY)).to.deep.equal({
            taskId: wfInput.taskId,
            succeeded: 4,
            failed: 0,
            inFlight: 1,
            stage: 'scraping',
          });
        }, 10_000);
        hold3.open();
        const result = await handle.result();
        expect(result).to.deep.equal({ taskId: wfInput.taskId, succeeded: 5, failed: 0, inFlight: 0, stage: 'done' });
        expect(await handle.query<TaskProgress>(PROGRESS_QUERY)).to.deep.equal(result);
        expect(fakes.calls.startTask).to.deep.equal([{ taskId: wfInput.taskId }]);
        expect(fakes.calls.finishTask).to.deep.equal([{ taskId: wfInput.taskId }]);
        expect(fakes.calls.cancelTask).to.deep.equal([]);
        expect(fakes.calls.recordProductFailure).to.deep.equal([]);
        expect(fakes.calls.scrape.map((c) => c.productId).sort()).to.deep.equal([1, 2, 3, 4, 5]);
      });
    });

    it('when a scrape fails retryably twice and then succeeds, then it ran 3 attempts and the product is not recorded as failed', async () => {
      const fakes = new FakeTaskActivities(3);
      fakes.scrapeBehaviour = async (item, attempt) => {
        if (item.productId === 2 && attempt < 3) {
          throw ApplicationFailure.create({ type: 'RetryableScrapeError', message: 'HTTP 503', details: [{ code: 'http-503' }] });
        }
        return { status: 'succeeded', items: 1 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const wfInput = input(queues);
        const handle = await start(queues, wfInput);
        const result = await handle.result();
        expect(attemptsOf(fakes, 2)).to.deep.equal([1, 2, 3]);
        expect(attemptsOf(fakes, 1)).to.deep.equal([1]);
        expect(fakes.calls.recordProductFailure).to.deep.equal([]);
        expect(result).to.include({ succeeded: 3, failed: 0, stage: 'done' });
        expect(fakes.calls.finishTask).to.have.length(1);
      });
    });

    it('when a scrape fails retryably on every attempt, then it stops after 4 attempts and records the failure code', async () => {
      const fakes = new FakeTaskActivities(2);
      fakes.scrapeBehaviour = async (item) => {
        if (item.productId === 1) throw ApplicationFailure.create({ type: 'BlockedScrapeError', message: 'captcha wall', details: [{ code: 'blocked' }] });
        return { status: 'succeeded', items: 1 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const result = await (await start(queues, input(queues))).result();
        expect(attemptsOf(fakes, 1)).to.deep.equal([1, 2, 3, 4]);
        expect(fakes.calls.recordProductFailure).to.deep.equal([{ productId: 1, code: 'blocked', message: 'captcha wall' }]);
        expect(result).to.include({ succeeded: 1, failed: 1, stage: 'done' });
      });
    });

    it('when a scrape fails with PermanentScrapeError (http-404), then it is recorded once without retry and its neighbours still succeed', async () => {
      const fakes = new FakeTaskActivities(3);
      fakes.scrapeBehaviour = async (item) => {
        // nonRetryable is left false on purpose: the workflow's own nonRetryableErrorTypes must stop the retry.
        if (item.productId === 2) {
          throw ApplicationFailure.create({ type: 'PermanentScrapeError', message: 'the page answered 404', nonRetryable: false, details: [{ code: 'http-404' }] });
        }
        return { status: 'succeeded', items: 1 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const wfInput = input(queues);
        const result = await (await start(queues, wfInput)).result();
        expect(attemptsOf(fakes, 2)).to.deep.equal([1]);
        expect(fakes.calls.recordProductFailure).to.deep.equal([{ productId: 2, code: 'http-404', message: 'the page answered 404' }]);
        expect(fakes.scrapesCompleted.sort()).to.deep.equal([1, 3]);
        expect(fakes.calls.finishTask).to.deep.equal([{ taskId: wfInput.taskId }]);
        expect(result).to.deep.equal({ taskId: wfInput.taskId, succeeded: 2, failed: 1, inFlight: 0, stage: 'done' });
      });
    });

    it('when a scrape times out on every attempt, then the product is recorded with code "timeout"', async () => {
      const fakes = new FakeTaskActivities(2);
      const never = new Gate();
      fakes.scrapeBehaviour = async (item) => {
        // A hung page whose activity stopped heartbeating: the server times every attempt out.
        if (item.productId === 1) await holdActivity(never, { heartbeat: false });
        return { status: 'succeeded', items: 1 };
      };
      // See short-heartbeat.interceptor.ts: the 20 s heartbeat timeout would run in wall time on this server.
      const workflowBundle = await getShortHeartbeatBundle();
      await withTaskWorkers(
        env,
        fakes,
        async (queues) => {
          const handle = await start(queues, input(queues));
          const result = await handle.result();
          expect(attemptsOf(fakes, 1)).to.deep.equal([1, 2, 3, 4]);
          expect(fakes.calls.recordProductFailure).to.have.length(1);
          expect(fakes.calls.recordProductFailure[0]).to.include({ productId: 1, code: 'timeout' });
          expect(result).to.include({ succeeded: 1, failed: 1, stage: 'done' });
          const { events } = await handle.fetchHistory();
          const failed = events!.find((e) => e.activityTaskTimedOutEventAttributes)?.activityTaskTimedOutEventAttributes;
          expect(failed?.failure?.timeoutFailureInfo, 'the last attempt ended in a server-side timeout').to.not.equal(undefined);
        },
        { workflowBundle },
      );
    });

    it('when a run reaches maxProductsPerRun, then it continues as new carrying the cursor and counters, and the task starts once', async () => {
      const fakes = new FakeTaskActivities(7);
      fakes.scrapeBehaviour = async (item) => {
        if (item.productId === 5) throw ApplicationFailure.create({ type: 'PermanentScrapeError', message: 'no price', details: [{ code: 'no-price' }] });
        return { status: 'succeeded', items: 1 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const wfInput = input(queues, { pageSize: 2, maxProductsPerRun: 3 });
        const handle = await start(queues, wfInput);
        const result = await handle.result();
        expect(result).to.deep.equal({ taskId: wfInput.taskId, succeeded: 6, failed: 1, inFlight: 0, stage: 'done' });
        // Run 1 pages 0→2 then 2→3 (limit cut to the run's remaining 1), run 2 resumes after 3, run 3 after 6.
        expect(fakes.calls.listPendingProducts.map(({ afterId, limit }) => ({ afterId, limit }))).to.deep.equal([
          { afterId: 0, limit: 2 },
          { afterId: 2, limit: 1 },
          { afterId: 3, limit: 2 },
          { afterId: 5, limit: 1 },
          { afterId: 6, limit: 2 },
        ]);
        expect(fakes.calls.startTask).to.have.length(1);
        expect(fakes.calls.finishTask).to.have.length(1);
        expect(fakes.calls.scrape.map((c) => c.productId).sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);

        // The chain of runs, newest first: each run's start event carries what the previous one handed over.
        const carries: unknown[] = [];
        let runId: string | undefined = (await handle.describe()).runId;
        while (runId) {
          const history: History = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
          const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
          const payload = started.input!.payloads![0]!;
          carries.unshift((JSON.parse(Buffer.from(payload.data!).toString()) as TaskWorkflowInput).carry ?? null);
          runId = started.continuedExecutionRunId || undefined;
        }
        expect(carries).to.deep.equal([null, { afterId: 3, succeeded: 3, failed: 0 }, { afterId: 6, succeeded: 5, failed: 1 }]);
      });
    });

    it('when products outnumber the concurrency, then no more than `concurrency` scrapes are ever in flight', async () => {
      const fakes = new FakeTaskActivities(10);
      // Uneven durations make scrapes finish out of order, as page loads do.
      fakes.scrapeBehaviour = async (item) => {
        await new Promise((r) => setTimeout(r, 20 + (item.productId % 3) * 40));
        return { status: 'succeeded', items: 1 };
      };
      await withTaskWorkers(env, fakes, async (queues) => {
        const result = await (await start(queues, input(queues, { concurrency: 3, pageSize: 4 }))).result();
        expect(result).to.include({ succeeded: 10, failed: 0 });
        // Reached (the window is used) and never exceeded.
        expect(fakes.maxScrapesInFlight).to.equal(3);
      });
    });

    describe('cancellation', () => {
      it('when cancelled while startTask runs, then cancelTask runs once, nothing is scraped and the workflow ends cancelled', async () => {
        const fakes = new FakeTaskActivities(3);
        const holdStart = new Gate();
        fakes.beforeStartTask = () => holdActivity(holdStart, { heartbeat: false });
        await withTaskWorkers(env, fakes, async (queues) => {
          const wfInput = input(queues);
          const handle = await start(queues, wfInput);
          await eventually(() => expect(fakes.calls.startTask).to.have.length(1), 10_000);
          await handle.cancel();
          await expectCancelled(handle);
          expect(fakes.calls.cancelTask).to.deep.equal([{ taskId: wfInput.taskId }]);
          expect(fakes.calls.listPendingProducts).to.deep.equal([]);
          expect(fakes.calls.scrape).to.deep.equal([]);
          expect(fakes.calls.finishTask).to.deep.equal([]);
        });
      });

      it('when cancelled while scrapes are in flight, then the scrapes see the cancellation, cancelTask runs once and the workflow ends cancelled', async () => {
        const fakes = new FakeTaskActivities(5);
        const never = new Gate();
        fakes.scrapeBehaviour = async () => {
          await holdActivity(never, { heartbeat: true });
          return { status: 'succeeded', items: 1 };
        };
        await withTaskWorkers(env, fakes, async (queues) => {
          const wfInput = input(queues);
          const handle = await start(queues, wfInput);
          await eventually(() => expect(fakes.scrapesInFlight).to.equal(2), 10_000);
          await handle.cancel();
          await expectCancelled(handle);
          await eventually(() => expect(fakes.scrapesCancelled.sort()).to.deep.equal([1, 2]), 10_000);
          expect(fakes.calls.cancelTask).to.deep.equal([{ taskId: wfInput.taskId }]);
          expect(fakes.calls.scrape.map((c) => c.productId).sort()).to.deep.equal([1, 2]);
          expect(fakes.calls.recordProductFailure).to.deep.equal([]);
          expect(fakes.calls.finishTask).to.deep.equal([]);
          expect(await handle.query<TaskProgress>(PROGRESS_QUERY)).to.include({ stage: 'done', succeeded: 0, failed: 0 });
        });
      });

      it('when cancelled while finishing, then cancelTask runs once and the workflow ends cancelled', async () => {
        const fakes = new FakeTaskActivities(2);
        const holdFinish = new Gate();
        fakes.beforeFinishTask = () => holdActivity(holdFinish, { heartbeat: false });
        await withTaskWorkers(env, fakes, async (queues) => {
          const wfInput = input(queues);
          const handle = await start(queues, wfInput);
          await eventually(() => expect(fakes.calls.finishTask).to.have.length(1), 10_000);
          expect(await handle.query<TaskProgress>(PROGRESS_QUERY)).to.include({ stage: 'finishing', succeeded: 2 });
          await handle.cancel();
          await expectCancelled(handle);
          expect(fakes.calls.cancelTask).to.deep.equal([{ taskId: wfInput.taskId }]);
          expect(fakes.scrapesCompleted.sort()).to.deep.equal([1, 2]);
        });
      });

      it('when the cancel arrives with the last scrape of a run that is about to continue as new, then the run ends cancelled instead of handing over', async () => {
        const fakes = new FakeTaskActivities(4);
        const hold2 = new Gate();
        fakes.scrapeBehaviour = async (item) => {
          if (item.productId === 2) await holdActivity(hold2, { heartbeat: true });
          return { status: 'succeeded', items: 1 };
        };
        // No workflow cache, so no sticky queue: the second workflow worker picks the run up from the normal queue.
        const noCache = { maxCachedWorkflows: 0 };
        await withTaskWorkers(
          env,
          fakes,
          async (queues) => {
            const wfInput = input(queues, { pageSize: 2, maxProductsPerRun: 2 });
            const handle = await start(queues, wfInput);
            // Run 1 has scheduled its whole quota and waits for product 2 before handing over.
            await runWorkflowWorker(env, queues.taskQueue, () => eventually(() => expect(fakes.scrapesInFlight).to.equal(1), 10_000), noCache);
            // With no workflow worker, the completion of product 2 and the cancel request pile up in one workflow
            // task: the run sees "done, continue as new" and "cancelled" at once — the race the workflow guards.
            hold2.open();
            await eventually(async () => {
              const { events } = await handle.fetchHistory();
              expect(events!.filter((e) => e.activityTaskCompletedEventAttributes)).to.have.length(4);
            }, 10_000);
            await handle.cancel();
            await runWorkflowWorker(env, queues.taskQueue, () => expectCancelled(handle), noCache);
            const { events } = await handle.fetchHistory();
            expect(events!.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).to.equal(false);
            expect(fakes.calls.cancelTask).to.deep.equal([{ taskId: wfInput.taskId }]);
            expect(fakes.calls.listPendingProducts).to.have.length(1);
            expect(fakes.scrapesCompleted.sort()).to.deep.equal([1, 2]);
          },
          { workflowWorker: false },
        );
      });
    });
  });

  describe('reconciler workflow', function () {
    // A server of its own: time skipping is global to a test server, and after the cancellation tests (whose held
    // light activities outlive their workflows) the shared server was seen to stop skipping time.
    let env: TestWorkflowEnvironment;

    before(async function () {
      this.timeout(60_000);
      env = await startTimeSkippingEnv();
    });

    after(async () => {
      await env?.teardown();
    });

    it('when it runs, then it reconciles once per interval and continues as new after 100 passes', async () => {
      const fake = fakeReconcileActivities();
      const taskQueue = uniqueQueue('reconciler');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await getWorkflowBundle(),
        activities: fake,
      });
      await worker.runUntil(async () => {
        const handle = await env.client.workflow.start<typeof reconcilerWorkflow>(RECONCILER_WORKFLOW_TYPE, {
          workflowId: uniqueQueue('reconciler-wf'),
          taskQueue,
          args: [{ intervalSecs: 60 } satisfies ReconcilerInput],
        });
        const firstRunId = handle.firstExecutionRunId;
        const startedAt = await env.currentTimeMs();
        // The loop never ends; skip server time until the second run has begun its first pass (~3 s of wall time).
        await eventually(async () => {
          await env.sleep('10 minutes');
          expect(fake.passes).to.be.greaterThan(100);
        }, 45_000);
        const first = await env.client.workflow.getHandle(handle.workflowId, firstRunId).describe();
        expect(first.status.name).to.equal('CONTINUED_AS_NEW');
        const { events } = await env.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
        const timers = events!.filter((e) => e.timerStartedEventAttributes);
        expect(timers).to.have.length(100);
        expect(timers.every((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds) === 60)).to.equal(true);
        expect(events!.filter((e) => e.activityTaskScheduledEventAttributes)).to.have.length(100);
        // 100 passes of 60 s each went by in server time.
        expect((await env.currentTimeMs()) - startedAt).to.be.at.least(100 * 60_000);
        await handle.terminate('test done');
      });
    });
  });
});
