import { createMailer } from '../../mail/mailer.js';
import { startOutboxSender } from '../../mail/outbox-sender.js';
import { publicUrlOf } from '../../mail/public-url.js';
import { need, type Part } from '../part.js';

/**
 * Sends the mail outbox over SMTP (SMTP_URL, or the mail catcher started before it) from the worker process: a
 * plain loop, not a Temporal workflow, because the outbox table already is the durable queue (see `outbox.ts`).
 */
export const mailSender: Part = {
  name: 'Mail sender',
  hint: 'set SMTP_URL (smtp://user:pass@host:port) — processes that run only a worker do not start a mail catcher',
  async start({ config, logger, state }) {
    const smtpUrl = state.smtpUrl ?? config.SMTP_URL;
    if (!smtpUrl) throw new Error('no SMTP server: SMTP_URL is unset and no mail catcher runs in this process');
    const mailer = createMailer(smtpUrl, config.MAIL_FROM);
    const sender = startOutboxSender(need(state.db, 'the database'), mailer, logger.child({ component: 'mail' }), {
      publicUrl: publicUrlOf(config),
      pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      retryBaseSecs: config.MAIL_RETRY_BASE_SECS,
      retryMaxSecs: config.MAIL_RETRY_MAX_SECS,
    });
    return async () => {
      await sender.stop();
      mailer.close();
    };
  },
};
