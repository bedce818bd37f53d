import { urlPolicyOf } from '../../config/url-policy.js';
import { resolveSecretsKeys } from '../../config/secrets-key.js';
import { sealStoredWebhookSecrets, startAlertSender } from '../../monitoring/alert-deliveries.js';
import { SecretBox } from '../../security/secret-box.js';
import { need, type Part } from '../part.js';

/**
 * Sends the webhook deliveries of price alerts from the worker process, in a loop over the `alert_deliveries`
 * outbox (like the mail sender: the table is the durable queue). Every POST passes the URL gate again.
 */
export const alertSender: Part = {
  name: 'Alert webhook sender',
  async start({ config, logger, state }) {
    const db = need(state.db, 'the database');
    const log = logger.child({ component: 'alerts' });
    const secretBox = new SecretBox(resolveSecretsKeys(config));
    // Secrets stored in plain text by an older version are sealed now; the sender reads both forms meanwhile.
    await sealStoredWebhookSecrets(db.em.fork(), secretBox).then(
      (n) => n > 0 && log.info({ sealed: n }, 'webhook secrets stored in plain text were encrypted'),
      (err: unknown) => log.warn({ err }, 'could not encrypt the webhook secrets stored in plain text; will try at the next start'),
    );
    const sender = startAlertSender(db, log, {
      secretBox,
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
