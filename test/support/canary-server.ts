import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP listener that stands for an internal service: it counts every connection (HTTP, WebSocket or anything
 * else) and what the first bytes asked for, answers a tiny HTTP 200 and hangs up. Zero connections means nothing
 * reached it, whatever the protocol.
 */
export class CanaryServer {
  private readonly server: net.Server;
  /** First line of each connection's first chunk, in arrival order (bounded). */
  readonly seen: string[] = [];
  connections = 0;

  constructor() {
    this.server = net.createServer((socket) => {
      this.connections++;
      socket.setTimeout(2_000, () => socket.destroy());
      socket.once('data', (chunk) => {
        if (this.seen.length < 100) this.seen.push(chunk.toString('latin1').split('\r\n')[0] ?? '');
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 13\r\nconnection: close\r\n\r\n<h1>leak</h1>');
      });
      socket.on('error', () => undefined);
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(host: string): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
