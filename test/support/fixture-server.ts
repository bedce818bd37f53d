import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureHandler = (req: http.IncomingMessage, res: http.ServerResponse, hits: number) => void;

/**
 * A local HTTP server that plays the part of marketplaces (the machines have no internet). Routes are plain
 * handlers; `hits` counts requests per path+query so a page can fail a few times before it works.
 */
export class FixtureServer {
  private readonly server: http.Server;
  private readonly routes = new Map<string, FixtureHandler>();
  private readonly hitCounts = new Map<string, number>();
  baseUrl = '';

  constructor() {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const key = url.pathname + url.search;
      const hits = (this.hitCounts.get(key) ?? 0) + 1;
      this.hitCounts.set(key, hits);
      const handler = this.routes.get(url.pathname);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
        return;
      }
      handler(req, res, hits);
    });
  }

  route(path: string, handler: FixtureHandler): this {
    this.routes.set(path, handler);
    return this;
  }

  html(path: string, body: string): this {
    return this.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body));
  }

  /** How many times a path (with its query) was requested. */
  hits(pathWithQuery: string): number {
    return this.hitCounts.get(pathWithQuery) ?? 0;
  }

  /** Port the server listens on (after `start`). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Listens on `host` (any 127.0.0.0/8 address; tests use 127.0.0.2 and 127.0.0.3 to play public and internal). */
  async start(host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    this.baseUrl = `http://${host}:${this.port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
