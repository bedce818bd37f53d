import { urlPolicyOf } from '../../config/url-policy.js';
import { startAlertSender } from '../../monitoring/alert-deliveries.js';
import { need, type Part } from '../part.js';

/**
 * Sends the webhook deliveries of price alerts from the worker process, in a loop over the `alert_deliveries`
 * outbox (like the mail sender: the table is the durable queue). Every POST passes the URL gate again.
 */
export const alertSender: Part = {
  name: 'Alert webhook sender',
  async start({ config, logger, state }) {
    const sender = startAlertSender(need(state.db, 'the database'), logger.child({ component: 'alerts' }), {
      policy: urlPolicyOf(config),
      pollIntervalMs: config.ALERT_POLL_INTERVAL_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxAttempts: config.ALERT_MAX_ATTEMPTS,
      retryBaseSecs: config.ALERT_RETRY_BASE_SECS,
      retryMaxSecs: config.ALERT_RETRY_MAX_SECS,
      // A claim must outlast the POST it covers.
      lockSecs: Math.max(120, Math.ceil((config.WEBHOOK_TIMEOUT_MS * 2) / 1000)),
    });
    return () => sender.stop();
  },
};
