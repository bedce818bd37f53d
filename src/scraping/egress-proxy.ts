import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { isAddressAllowed, systemResolver, type HostResolver, type UrlPolicy } from '../security/index.js';

/** Header on the proxy's own refusal answers, so the page fetcher can tell "refused by us" from a site's 403. */
export const EGRESS_REFUSED_HEADER = 'x-egress-refused';

export interface EgressProxyOptions {
  policy: UrlPolicy;
  /** Resolves every name the browser asks for; the request guard must use the same one. @default the system resolver */
  resolve?: HostResolver;
  /** Longest wait for an upstream TCP connection, per address. @default 10000 */
  connectTimeoutMs?: number;
  /** A connection (either side) silent for this long is closed. @default 60000 */
  idleTimeoutMs?: number;
  /** Client connections open at once; more are refused by the kernel backlog / Node. @default 512 */
  maxConnections?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** Why the proxy did not carry a request: refused by the policy, a name without address, or an unreachable upstream. */
export type EgressFailureKind = 'refused' | 'unresolvable' | 'unreachable';

export interface EgressFailure {
  /** `Date.now()` when it happened. */
  atMs: number;
  /** `host:port` the browser asked for. */
  target: string;
  kind: EgressFailureKind;
}

/** One browser context's view of the proxy: what it refused for that context. */
export interface EgressView {
  failuresSince(sinceMs: number): EgressFailure[];
}

/** Failures kept per tag: a scrape only looks at the last few seconds, so old ones are dropped. */
const MAX_FAILURES_PER_TAG = 200;
const MAX_TAGS = 1_000;
const TAG_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

class Refusal extends Error {
  constructor(
    readonly kind: EgressFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The only way out for Chromium (`--proxy-server`, loopback not bypassed): an HTTP proxy on 127.0.0.1 that
 * resolves each name itself, checks every address with the URL gate and connects to an approved address only,
 * so nothing Chromium does (popups, workers, WebSockets, redirects, rebinding names) can reach a refused
 * address. It carries plain `http://` requests in absolute form, `CONNECT host:port` tunnels (https, wss, and
 * ws, which Chromium tunnels too) and absolute-form `Upgrade` requests.
 *
 * Other local processes cannot use it as an open relay: every request needs Basic proxy credentials with a
 * random per-proxy password. The user name is a tag chosen per browser context, so refusals can be told apart
 * per context (see {@link EgressProxy.viewFor}).
 */
export class EgressProxy {
  private readonly password = randomBytes(24).toString('base64url');
  private readonly server: http.Server;
  private readonly tunnels = new Set<Duplex>();
  private readonly failures = new Map<string, EgressFailure[]>();
  private readonly resolve: HostResolver;

  constructor(private readonly options: EgressProxyOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.server = http.createServer((req, res) => void this.forward(req, res));
    this.server.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void this.tunnel(req, socket, head));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    this.server.on('clientError', (_err, socket) => socket.destroy());
    this.server.maxConnections = options.maxConnections ?? 512;
    this.server.keepAliveTimeout = 5_000;
    this.server.headersTimeout = 10_000;
  }

  /** Listens on 127.0.0.1 at a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** `http://127.0.0.1:<port>`, for `--proxy-server`. */
  get url(): string {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the egress proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** A fresh tag for a browser context: its user name at the proxy. */
  newTag(): string {
    return randomBytes(9).toString('base64url');
  }

  /** Credentials a page of the context tagged `tag` answers the proxy's 407 with (`page.authenticate`). */
  credentialsFor(tag: string): { username: string; password: string } {
    return { username: tag, password: this.password };
  }

  viewFor(tag: string): EgressView {
    return { failuresSince: (sinceMs) => (this.failures.get(tag) ?? []).filter((f) => f.atMs >= sinceMs) };
  }

  /** Forgets a context's failures (its context was closed). */
  forget(tag: string): void {
    this.failures.delete(tag);
  }

  /** Stops listening and cuts every open connection and tunnel. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.tunnels) socket.destroy();
    await closed;
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const tag = this.authenticate(req);
    if (!tag) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="egress"', 'content-length': '0' }).end();
    const url = URL.parse(req.url ?? '');
    if (!url || url.protocol !== 'http:') return void res.writeHead(400, { 'content-length': '0' }).end();
    let upstream: net.Socket;
    try {
      upstream = await this.open(tag, url.hostname, Number(url.port || 80));
    } catch (err) {
      return void this.answerFailure(res, err);
    }
    this.watchIdle(upstream);
    const outgoing = http.request(
      { createConnection: () => upstream, method: req.method, path: url.pathname + url.search, headers: { ...endToEnd(req.headers), host: url.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502, { 'content-length': '0' }).end()));
    res.on('close', () => outgoing.destroy());
    req.pipe(outgoing);
  }

  private async tunnel(req: http.IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    this.tunnels.add(client);
    client.on('close', () => this.tunnels.delete(client));
    client.on('error', () => client.destroy());
    const tag = this.authenticate(req);
    if (!tag) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="egress"\r\nContent-Length: 0\r\n\r\n');
    const target = URL.parse(`http://${req.url ?? ''}`);
    if (!target || !target.port) return void client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    try {
      const upstream = await this.open(tag, target.hostname, Number(target.port));
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      this.splice(client, upstream, head);
    } catch (err) {
      client.end(failureHead(err));
    }
  }

  private async upgrade(req: http.IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    this.tunnels.add(client);
    client.on('close', () => this.tunnels.delete(client));
    client.on('error', () => client.destroy());
    const tag = this.authenticate(req);
    if (!tag) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="egress"\r\nContent-Length: 0\r\n\r\n');
    const url = URL.parse(req.url ?? '');
    if (!url || url.protocol !== 'http:') return void client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    try {
      const upstream = await this.open(tag, url.hostname, Number(url.port || 80));
      const lines = [`${req.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (!req.rawHeaders[i]!.toLowerCase().startsWith('proxy-')) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      this.splice(client, upstream, head);
    } catch (err) {
      client.end(failureHead(err));
    }
  }

  /** Pipes both ways with backpressure; either side closing or idling closes both. */
  private splice(client: Duplex, upstream: net.Socket, head: Buffer): void {
    this.tunnels.add(upstream);
    upstream.on('close', () => {
      this.tunnels.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    this.watchIdle(upstream);
    if (head.length > 0) upstream.write(head);
    client.pipe(upstream).pipe(client);
  }

  private watchIdle(socket: net.Socket): void {
    socket.setTimeout(this.options.idleTimeoutMs ?? 60_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
  }

  /** The context tag of a request with the right credentials, or undefined. */
  private authenticate(req: http.IncomingMessage): string | undefined {
    const header = req.headers['proxy-authorization'];
    const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const tag = decoded.slice(0, colon);
    const given = Buffer.from(decoded.slice(colon + 1));
    const expected = Buffer.from(this.password);
    if (colon < 0 || !TAG_PATTERN.test(tag) || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return tag;
  }

  /**
   * Resolves `host` once, refuses unless every address is allowed (a resolver may hand out a public and a
   * private record, and we might pick either), then connects to an approved address, never to the name.
   */
  private async open(tag: string, hostname: string, port: number): Promise<net.Socket> {
    const target = `${hostname}:${port}`;
    try {
      const allowedPorts = this.options.policy.allowedPorts ?? [];
      if (port <= 0 || port > 65_535 || (allowedPorts.length > 0 && !allowedPorts.includes(port))) throw new Refusal('refused', 'port not allowed');
      const addresses = await this.addressesOf(hostname);
      const refused = addresses.find((address) => !isAddressAllowed(address, this.options.policy));
      if (refused !== undefined) throw new Refusal('refused', `${hostname} resolves to ${refused}`);
      return await this.connectAny(addresses, port);
    } catch (err) {
      const failure = err instanceof Refusal ? err : new Refusal('unreachable', err instanceof Error ? err.message : String(err));
      this.record(tag, { atMs: Date.now(), target, kind: failure.kind });
      this.options.log?.('egress proxy did not carry a request', { target, kind: failure.kind, reason: failure.message });
      throw failure;
    }
  }

  private async addressesOf(hostname: string): Promise<string[]> {
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    if (net.isIP(host)) return [host];
    const bare = host.replace(/\.+$/, '').toLowerCase();
    if (bare === 'localhost' || bare.endsWith('.localhost')) return ['127.0.0.1', '::1'];
    const addresses = await this.resolve(host).catch(() => []);
    if (addresses.length === 0) throw new Refusal('unresolvable', `${host} has no address`);
    return [...new Set(addresses)];
  }

  private async connectAny(addresses: string[], port: number): Promise<net.Socket> {
    let last: unknown;
    for (const address of addresses) {
      try {
        return await connectWithTimeout(address, port, this.options.connectTimeoutMs ?? 10_000);
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error('no address connected');
  }

  private record(tag: string, failure: EgressFailure): void {
    let list = this.failures.get(tag);
    if (!list) {
      if (this.failures.size >= MAX_TAGS) this.failures.delete(this.failures.keys().next().value!);
      list = [];
      this.failures.set(tag, list);
    }
    list.push(failure);
    if (list.length > MAX_FAILURES_PER_TAG) list.shift();
  }

  private answerFailure(res: http.ServerResponse, err: unknown): void {
    const kind = err instanceof Refusal ? err.kind : 'unreachable';
    const status = kind === 'refused' ? 403 : 502;
    const body = `<html><body><h1>${kind === 'refused' ? 'Refused by the egress proxy' : 'The egress proxy could not reach the site'}</h1></body></html>`;
    res.writeHead(status, { [EGRESS_REFUSED_HEADER]: kind, 'content-type': 'text/html', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
  }
}

function failureHead(err: unknown): string {
  const kind = err instanceof Refusal ? err.kind : 'unreachable';
  const status = kind === 'refused' ? '403 Forbidden' : '502 Bad Gateway';
  return `HTTP/1.1 ${status}\r\n${EGRESS_REFUSED_HEADER}: ${kind}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
}

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const kept: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

function connectWithTimeout(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
