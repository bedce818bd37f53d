import nodemailer from 'nodemailer';

/** One message ready for SMTP; `messageId` is fixed by the outbox so every retry carries the same one. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Sends over SMTP; rejects with the SMTP error (its `responseCode`, when the server gave one). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Time limits of one SMTP conversation, so a silent server cannot hold a claimed message past its lock. */
const SMTP_TIMEOUTS_MS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/** A nodemailer transport from `SMTP_URL` (`smtp://user:pass@host:port`, `smtps://` for implicit TLS). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { ...SMTP_TIMEOUTS_MS });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
    },
    close() {
      transport.close();
    },
  };
}

/** An SMTP answer in the 5xx range: the server refuses the message for good; retrying cannot help. */
export function isPermanentSmtpFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
