import { continueAsNew, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { ReconcileActivities, ReconcilerInput } from '../tasks/contract.js';

const { reconcileTasks } = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
});

/**
 * A singleton loop that keeps stored task status in step with workflows, including after Terminate or Reset
 * from the Web UI. Continues as new every 100 passes to keep its history short.
 */
export async function reconcilerWorkflow(input: ReconcilerInput): Promise<void> {
  for (let pass = 0; pass < 100; pass++) {
    const summary = await reconcileTasks();
    if (summary.repaired.length > 0) log.info('reconciler repaired tasks', { repaired: summary.repaired });
    await sleep(`${input.intervalSecs} seconds`);
  }
  await continueAsNew<typeof reconcilerWorkflow>(input);
}
