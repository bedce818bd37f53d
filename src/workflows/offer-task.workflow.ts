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
import type { OfferTaskActivities, ScrapeActivities, ScrapeOfferInput, ScrapeOfferSummary } from '../activities/index.js';

export interface OfferTaskWorkflowInput {
  taskId: number;
  /** Task queue served by workers that own a browser. */
  browserTaskQueue: string;
  /** Scrape activities kept in flight at once. */
  concurrency: number;
  /** Products fetched from PostgreSQL per page. @default 200 */
  pageSize?: number;
  /**
   * Products one run schedules before it continues as new (each costs ~6 history events; the hard limit is
   * 51,200). Continue-as-new also happens earlier whenever Temporal suggests it. @default 2000
   */
  maxProductsPerRun?: number;
  /** State carried over continue-as-new. */
  carry?: { afterId: number; succeeded: number; failed: number };
}

export interface OfferTaskProgress {
  taskId: number;
  succeeded: number;
  failed: number;
  inFlight: number;
  stage: 'starting' | 'scraping' | 'finishing' | 'cancelling' | 'done';
}

export const offerTaskProgressQuery = defineQuery<OfferTaskProgress>('progress');

const light = proxyActivities<OfferTaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One offer task: pages through its unfinished products in PostgreSQL, keeps a bounded window of scrape
 * activities in flight (one per product URL), records failures per product so one bad URL never fails its
 * neighbours, and continues as new before the history grows too large.
 */
export async function offerTaskWorkflow(input: OfferTaskWorkflowInput): Promise<OfferTaskProgress> {
  const scrape = proxyActivities<ScrapeActivities>({
    taskQueue: input.browserTaskQueue,
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '20 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: 4,
      nonRetryableErrorTypes: ['PermanentScrapeError', 'ForbiddenTargetError'],
    },
  });
  const progress: OfferTaskProgress = {
    taskId: input.taskId,
    succeeded: input.carry?.succeeded ?? 0,
    failed: input.carry?.failed ?? 0,
    inFlight: 0,
    stage: 'starting',
  };
  setHandler(offerTaskProgressQuery, () => progress);

  try {
    if (!input.carry) await light.startOfferTask({ taskId: input.taskId });
    progress.stage = 'scraping';
    const afterId = await scrapeAll(input, progress, scrape.scrapeOffer);
    if (afterId !== null) {
      // A cancel that arrives while this run is handing over is not carried into the next run: honour it here.
      if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('cancel requested during continue-as-new');
      return await continueAsNew<typeof offerTaskWorkflow>({
        ...input,
        carry: { afterId, succeeded: progress.succeeded, failed: progress.failed },
      });
    }
    progress.stage = 'finishing';
    await light.finishOfferTask({ taskId: input.taskId });
    progress.stage = 'done';
    return progress;
  } catch (err) {
    if (isCancellation(err)) {
      progress.stage = 'cancelling';
      await CancellationScope.nonCancellable(() => light.cancelOfferTask({ taskId: input.taskId }));
      progress.stage = 'done';
    }
    throw err;
  }
}

/** Runs the sliding window; returns the cursor to continue from when the run should continue as new, else null. */
async function scrapeAll(
  input: OfferTaskWorkflowInput,
  progress: OfferTaskProgress,
  scrapeOffer: (item: ScrapeOfferInput) => Promise<ScrapeOfferSummary>,
): Promise<number | null> {
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
      const running: Promise<void> = scrapeOne(item, progress, scrapeOffer).finally(() => {
        inFlight.delete(running);
        progress.inFlight = inFlight.size;
      });
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

async function scrapeOne(
  item: ScrapeOfferInput & { productId: number },
  progress: OfferTaskProgress,
  scrapeOffer: (item: ScrapeOfferInput) => Promise<ScrapeOfferSummary>,
): Promise<void> {
  try {
    const summary = await scrapeOffer({ productId: item.productId, url: item.url, region: item.region });
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
  return { code: 'scrape-failed', message: cause instanceof Error ? cause.message : String(cause) };
}
