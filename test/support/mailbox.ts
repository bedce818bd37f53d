import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A message as the SMTP server received it, parsed. */
export interface CapturedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: string;
}

/**
 * An in-process SMTP server on 127.0.0.1 that keeps every message it accepts, parsed with mailparser. The test
 * stack points SMTP_URL at it, so tests read the real messages the worker sent. `rejectNext` makes it refuse
 * the next deliveries with a temporary error (retry tests).
 */
export class TestMailbox {
  readonly messages: CapturedMail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;
  private rejections = new Map<string, number>();
  private waiters = new Set<() => void>();

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const rcpt = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const refuse = rcpt.find((a) => (this.rejections.get(a) ?? 0) > 0);
          if (refuse) {
            this.rejections.set(refuse, this.rejections.get(refuse)! - 1);
            const err = Object.assign(new Error('try again later (test)'), { responseCode: 451 });
            return callback(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push(toCaptured(parsed, raw, rcpt));
              for (const wake of this.waiters) wake();
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuse the next `count` messages to `address` with 451 (a temporary failure the sender must retry). */
  rejectNext(address: string, count: number): void {
    this.rejections.set(address.toLowerCase(), count);
  }

  /** Messages to `address` so far (oldest first). */
  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits for the `nth` (1-based) message to `address` matching `subject`, if given. */
  async waitFor(address: string, options: { subject?: RegExp; nth?: number; timeoutMs?: number } = {}): Promise<CapturedMail> {
    const { subject, nth = 1, timeoutMs = 15_000 } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address).filter((m) => !subject || subject.test(m.subject));
      if (found.length >= nth) return found[nth - 1]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message ${nth} to ${address}${subject ? ` matching ${subject}` : ''} in ${timeoutMs} ms; got: ${JSON.stringify(this.to(address).map((m) => m.subject))}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 200));
        this.waiters.add(wake);
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function toCaptured(parsed: ParsedMail, raw: string, rcpt: string[]): CapturedMail {
  return {
    to: rcpt,
    from: parsed.from?.text ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
    raw,
  };
}

/** The token of an emailed link (`…#token=<token>`). */
export function tokenFrom(mail: CapturedMail): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no token link in the message "${mail.subject}":\n${mail.text}`);
  return match[1]!;
}

let shared: TestMailbox | null = null;

/** The mailbox of the shared test stack (set by `startStack`); `signUp` confirms accounts through it. */
export function sharedMailbox(): TestMailbox | null {
  return shared;
}

export function setSharedMailbox(mailbox: TestMailbox | null): void {
  shared = mailbox;
}
