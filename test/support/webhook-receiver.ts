import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered. */
  answered: number;
}

/**
 * A local webhook receiver for alert tests: records every request with its raw body; `failFirst` makes a path
 * answer 500 that many times before it accepts (204).
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  readonly failFirst = new Map<string, number>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      const left = this.failFirst.get(path) ?? 0;
      const answered = left > 0 ? 500 : 204;
      if (left > 0) this.failFirst.set(path, left - 1);
      this.requests.push({ path, headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests to one path, oldest first. */
  at(path: string): ReceivedWebhook[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
