import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  continueAsNew,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  NON_RETRYABLE_SCRAPE_ERRORS,
  PROGRESS_QUERY,
  type PendingProduct,
  type ScrapeActivities,
  type ScrapeProductInput,
  type ScrapeProductSummary,
  type TaskActivities,
  type TaskProgress,
  type TaskWorkflowInput,
} from '../tasks/contract.js';

export const progressQuery = defineQuery<TaskProgress>(PROGRESS_QUERY);

const light = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Scrape = (item: ScrapeProductInput) => Promise<ScrapeProductSummary>;

/**
 * One task of any kind: pages through its unfinished products in PostgreSQL, keeps a bounded window of scrape
 * activities in flight (one per product URL), records failures per product so one bad URL never fails its
 * neighbours, and continues as new before the history grows too large.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskProgress> {
  const { scrapeProduct } = proxyActivities<ScrapeActivities>({
    taskQueue: input.browserTaskQueue,
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '20 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: 4,
      nonRetryableErrorTypes: NON_RETRYABLE_SCRAPE_ERRORS,
    },
  });
  const progress: TaskProgress = {
    taskId: input.taskId,
    succeeded: input.carry?.succeeded ?? 0,
    failed: input.carry?.failed ?? 0,
    inFlight: 0,
    stage: 'starting',
  };
  setHandler(progressQuery, () => progress);

  try {
    if (!input.carry) await light.startTask({ taskId: input.taskId });
    progress.stage = 'scraping';
    const afterId = await scrapeAll(input, progress, scrapeProduct);
    if (afterId !== null) {
      // A cancel that arrives while this run is handing over is not carried into the next run: honour it here.
      if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('cancel requested during continue-as-new');
      return await continueAsNew<typeof taskWorkflow>({
        ...input,
        carry: { afterId, succeeded: progress.succeeded, failed: progress.failed },
      });
    }
    progress.stage = 'finishing';
    await light.finishTask({ taskId: input.taskId });
    progress.stage = 'done';
    return progress;
  } catch (err) {
    if (isCancellation(err)) {
      progress.stage = 'cancelling';
      await CancellationScope.nonCancellable(() => light.cancelTask({ taskId: input.taskId }));
      progress.stage = 'done';
    }
    throw err;
  }
}

/** Runs the sliding window; returns the cursor to continue from when the run should continue as new, else null. */
async function scrapeAll(input: TaskWorkflowInput, progress: TaskProgress, scrape: Scrape): Promise<number | null> {
  const inFlight = new Set<Promise<void>>();
  let afterId = input.carry?.afterId ?? 0;
  const pageSize = input.pageSize ?? 200;
  const perRun = Math.max(1, input.maxProductsPerRun ?? 2000);
  let scheduled = 0;
  for (;;) {
    const limit = Math.min(pageSize, perRun - scheduled);
    const page = await light.listPendingProducts({ taskId: input.taskId, afterId, limit });
    scheduled += page.length;
    for (const item of page) {
      while (inFlight.size >= input.concurrency) await Promise.race(inFlight);
      const running: Promise<void> = scrapeOne(input, item, progress, scrape).finally(() => {
        inFlight.delete(running);
        progress.inFlight = inFlight.size;
      });
      // A scrape can be cancelled after the loop stopped awaiting it (the cancel hit the paging activity first): mark
      // the rejection handled, or the SDK fails the workflow task on an unhandled rejection. race/all still see it.
      running.catch(() => undefined);
      inFlight.add(running);
      progress.inFlight = inFlight.size;
      afterId = item.productId;
    }
    if (page.length < limit) break;
    if (scheduled >= perRun || workflowInfo().continueAsNewSuggested) {
      await Promise.all(inFlight);
      return afterId;
    }
  }
  await Promise.all(inFlight);
  return null;
}

async function scrapeOne(input: TaskWorkflowInput, item: PendingProduct, progress: TaskProgress, scrape: Scrape): Promise<void> {
  try {
    const summary = await scrape({ kind: input.kind, taskId: input.taskId, productId: item.productId, url: item.url, region: item.region });
    if (summary.status === 'succeeded') progress.succeeded++;
  } catch (err) {
    if (isCancellation(err)) throw err;
    const { code, message } = describeFailure(err);
    await light.recordProductFailure({ productId: item.productId, code, message });
    progress.failed++;
  }
}

/** Reads the product error code our activities put into failure details; timeouts and the like get their own. */
function describeFailure(err: unknown): { code: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const detail = cause.details?.[0] as { code?: string } | undefined;
    return { code: detail?.code ?? 'scrape-failed', message: cause.message };
  }
  if (cause && typeof cause === 'object' && 'timeoutType' in cause) {
    return { code: 'timeout', message: 'the page did not finish in time on any attempt' };
  }
  // Not one of our typed failures (e.g. a server-side failure): its text is Temporal's, not a reason for people.
  return { code: 'scrape-failed', message: 'collecting this page failed for a reason the service could not classify; retry the task, and report it if it persists' };
}
