import path from 'node:path';
import { MailDev, getDefaultConfig } from 'maildev';
import type { Part } from '../part.js';

/**
 * The local mail catcher of `npm start` (maildev), used when SMTP_URL is unset: SMTP on 127.0.0.1:MAILDEV_SMTP_PORT,
 * and a web page listing every message sent (REST: `GET /api/email`) on 127.0.0.1:MAILDEV_WEB_PORT.
 */
export const mailCatcher: Part = {
  name: 'Mail catcher (maildev)',
  hint: 'free the ports MAILDEV_SMTP_PORT and MAILDEV_WEB_PORT (1025, 1080 by default) or choose others, or set SMTP_URL to a real SMTP server',
  startTimeoutMs: 30_000,
  async start({ config, logger, state }) {
    const maildev = new MailDev({
      ...getDefaultConfig(),
      smtp: config.MAILDEV_SMTP_PORT,
      ip: '127.0.0.1',
      web: config.MAILDEV_WEB_PORT,
      webIp: '127.0.0.1',
      mailDirectory: path.join(config.dataDirAbs, 'maildev'),
      silent: true,
    });
    try {
      await maildev.start();
    } catch (err) {
      await maildev.stop().catch(() => undefined);
      throw err;
    }
    state.smtpUrl = `smtp://127.0.0.1:${config.MAILDEV_SMTP_PORT}`;
    state.mailCatcherUrl = `http://127.0.0.1:${config.MAILDEV_WEB_PORT}`;
    logger.debug({ component: 'maildev', url: state.mailCatcherUrl }, 'mail catcher started');
    return () => maildev.stop();
  },
};
