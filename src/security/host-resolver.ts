/**
 * Name resolution for the URL gate, built so that many look-ups cannot stall the process.
 *
 * Why not `dns.lookup`: it calls getaddrinfo on libuv's thread pool (four threads by default), where argon2 and
 * file I/O also run, so a submission of many names under a slow nameserver would stall every login. c-ares
 * (`dns.Resolver`) sends the queries from the event loop and has its own timeouts.
 *
 * Why we read the hosts file ourselves: c-ares' `resolve4`/`resolve6` ask DNS only, while getaddrinfo consults
 * /etc/hosts first. Names there (container aliases, `extra_hosts`, test fixtures) keep resolving as before, and
 * the file is read asynchronously once per resolver and again at most every {@link HOSTS_FILE_TTL_MS}.
 * Other NSS sources (mDNS, LDAP) and resolv.conf search domains are not consulted: product URLs carry public
 * fully qualified names.
 *
 * @module
 */
import { promises as dnsPromises } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';

/** Resolves a host name to every IP address it has (A and AAAA). */
export type HostResolver = (host: string) => Promise<string[]>;

/** How long the gate waits for one name, queueing included, before the host counts as unresolvable. */
export const DNS_TIMEOUT_MS = 10_000;

/** How long a parsed hosts file is reused before it is read again. */
const HOSTS_FILE_TTL_MS = 30_000;

/** Answers that mean "this name has no record of that type", not "DNS failed". */
const NO_RECORD_CODES: ReadonlySet<string> = new Set(['ENODATA', 'ENOTFOUND']);

/** A name did not resolve within its deadline. `code` matches the c-ares timeout code. */
export class DnsTimeoutError extends Error {
  readonly code = 'ETIMEOUT';
  constructor(
    readonly host: string,
    readonly timeoutMs: number,
  ) {
    super(`${host} did not resolve within ${timeoutMs} ms`);
    this.name = 'DnsTimeoutError';
  }
}

export interface DnsResolverOptions {
  /** c-ares timeout of one query try. @default 2500 */
  queryTimeoutMs?: number;
  /** c-ares tries per nameserver. @default 2 */
  tries?: number;
  /** Nameservers (`ip` or `ip:port`) instead of the system's; tests use a local one. */
  servers?: string[];
  /** Hosts file consulted before DNS; `null` for none. @default '/etc/hosts' */
  hostsFile?: string | null;
}

/** A c-ares resolver for A and AAAA records, answering names listed in the hosts file from that file. */
export function createDnsResolver(options: DnsResolverOptions = {}): HostResolver {
  const resolver = new dnsPromises.Resolver({ timeout: options.queryTimeoutMs ?? 2_500, tries: options.tries ?? 2 });
  if (options.servers) resolver.setServers(options.servers);
  const hostsFile = options.hostsFile === undefined ? '/etc/hosts' : options.hostsFile;
  const hosts = hostsFile === null ? async () => new Map<string, string[]>() : hostsTable(hostsFile);
  return async (host) => {
    const name = canonicalName(host);
    const listed = (await hosts()).get(name);
    return listed ? [...listed] : resolveBothFamilies(resolver, name);
  };
}

/** Lower case without trailing dots: the form hosts-file entries and cache keys use. */
function canonicalName(host: string): string {
  return host.toLowerCase().replace(/\.+$/, '');
}

/**
 * A and AAAA in parallel. A family without records contributes nothing; any other failure (timeout, SERVFAIL)
 * fails the whole name, so the gate never approves a name on half an answer.
 */
async function resolveBothFamilies(resolver: dnsPromises.Resolver, name: string): Promise<string[]> {
  const answers = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const failures = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason as NodeJS.ErrnoException);
  const hardFailure = failures.find((err) => !NO_RECORD_CODES.has(err.code ?? ''));
  if (hardFailure) throw hardFailure;
  if (failures.length === answers.length) throw failures[0]!;
  return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
}

/** The hosts file as name → addresses, read lazily and re-read after {@link HOSTS_FILE_TTL_MS}. */
function hostsTable(path: string): () => Promise<Map<string, string[]>> {
  let cached: { table: Promise<Map<string, string[]>>; readAtMs: number } | undefined;
  return () => {
    if (!cached || Date.now() - cached.readAtMs > HOSTS_FILE_TTL_MS) {
      const table = readFile(path, 'utf8').then(parseHostsFile, () => new Map<string, string[]>());
      cached = { table, readAtMs: Date.now() };
    }
    return cached.table;
  };
}

/** `address name [alias...]` lines; `#` starts a comment; lines whose first field is not an IP are skipped. */
export function parseHostsFile(text: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!address || isIP(address) === 0) continue;
    for (const name of names.map(canonicalName)) {
      const addresses = table.get(name) ?? [];
      if (!addresses.includes(address)) addresses.push(address);
      table.set(name, addresses);
    }
  }
  return table;
}

export interface ResolverBounds {
  /** Deadline per name, time spent waiting for a slot included. @default {@link DNS_TIMEOUT_MS} */
  timeoutMs?: number;
  /** Names resolving at once; the rest wait. */
  maxConcurrent: number;
}

/**
 * `resolve` with a deadline per name (a {@link DnsTimeoutError} after `timeoutMs`) and at most `maxConcurrent`
 * names in flight. A slot is freed when the underlying look-up really ends, not at the deadline, so a resolver
 * that hangs can hold at most `maxConcurrent` look-ups however many names are asked.
 */
export function boundResolver(resolve: HostResolver, bounds: ResolverBounds): HostResolver {
  const timeoutMs = bounds.timeoutMs ?? DNS_TIMEOUT_MS;
  const slots = new Slots(bounds.maxConcurrent);
  return async (host) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const expired = new Promise<never>((_resolve, reject) => {
      deadline.addEventListener('abort', () => reject(new DnsTimeoutError(host, timeoutMs)), { once: true });
    });
    return Promise.race([slots.run(() => resolve(host), deadline), expired]);
  };
}

/** One resolution per distinct name for the resolver's lifetime (one submission), failures included. */
export function cachePerHost(resolve: HostResolver): HostResolver {
  const answers = new Map<string, Promise<string[]>>();
  return (host) => {
    const name = canonicalName(host);
    let answer = answers.get(name);
    if (!answer) {
      answer = resolve(host);
      answers.set(name, answer);
    }
    return answer.then((addresses) => [...addresses]);
  };
}

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
class Slots {
  private active = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const take = (): void => {
        signal.removeEventListener('abort', leave);
        this.active++;
        resolve();
      };
      const leave = (): void => {
        this.waiting.delete(take);
        reject(signal.reason as Error);
      };
      this.waiting.add(take);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.values().next();
    if (next.done) return;
    this.waiting.delete(next.value);
    next.value();
  }
}
