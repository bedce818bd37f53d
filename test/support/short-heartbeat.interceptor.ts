import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Workflow interceptor (bundled into the workflow code of one test only) that shortens the scrape activity's
 * heartbeat timeout from 20 s to 1 s. The time-skipping test server does not skip time while an activity
 * attempt is running, so a real activity timeout costs its full duration in wall time; this keeps "times out
 * on every attempt" at ~4 s while the timeout still happens on the server, as in production.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        if (input.activityType !== 'scrapeProduct') return next(input);
        return next({ ...input, options: { ...input.options, heartbeatTimeout: '1 second' } });
      },
    },
  ],
});
