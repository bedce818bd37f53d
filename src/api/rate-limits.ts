import crypto from 'node:crypto';
import net from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { HttpProblem } from './problem.js';

/**
 * Request throttles whose counters live in PostgreSQL (table `rate_limits`, created by a migration), so they hold
 * across API replicas and restarts: sign-in (per account and per client address), registration and password-reset
 * requests. Client addresses are keyed by `clientKey`: an IPv6 /64 counts as one client.
 */
export interface RateLimitSettings {
  /** Failed sign-ins per account (from any address) before each further attempt must wait. */
  loginFreeFailures: number;
  /** Longest wait between sign-in attempts of one account: the delay doubles per failure up to this, never a lock-out. */
  loginMaxDelaySecs: number;
  /** Failed sign-ins per client address (any accounts) within `loginIpWindowSecs` before that address is refused. */
  loginIpMaxFailures: number;
  loginIpWindowSecs: number;
  /** Registration attempts per client address per hour. */
  registerPerIpPerHour: number;
  /** Password-reset requests per client address per hour. */
  resetPerIpPerHour: number;
  /** Password-reset requests per email address per hour (keeps a victim's mailbox from being flooded). */
  resetPerEmailPerHour: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  loginFreeFailures: 10,
  loginMaxDelaySecs: 300,
  loginIpMaxFailures: 100,
  loginIpWindowSecs: 900,
  registerPerIpPerHour: 20,
  resetPerIpPerHour: 20,
  resetPerEmailPerHour: 5,
};

const TABLE = 'rate_limits';
/** How long the failure count of an account (or account and address) is remembered after its first failure. */
const FAILURE_MEMORY_SECS = 24 * 3600;
/** How long an address that signed in to an account successfully stays exempt from that account's delay. */
const TRUSTED_SECS = 30 * 24 * 3600;

/**
 * The key of a client address: an IPv4 address as is (IPv4-mapped IPv6 too), an IPv6 address by its /64 prefix,
 * since one subscriber usually gets a whole /64 and could otherwise rotate through 2^64 addresses.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (net.isIPv4(address)) return address;
  if (!net.isIPv6(address)) return 'unknown';
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/** User-typed text (usernames, emails) as a fixed-length key: never stored in clear, never too long for the table. */
function textKey(text: string): string {
  return crypto.createHash('sha256').update(text.trim().toLowerCase()).digest('base64url');
}

const secsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Answers 429 with Retry-After. */
export function tooMany(res: Response, waitSecs: number, detail: string): HttpProblem {
  res.setHeader('Retry-After', String(waitSecs));
  return new HttpProblem(429, 'Too Many Requests', `${detail}; try again in ${waitSecs} s`);
}

/** A fixed-window counter: `hit` counts one event and says how long to wait when the window's budget is spent. */
export class WindowLimit {
  private readonly limiter: RateLimiterPostgres;

  constructor(pool: pg.Pool, name: string, readonly points: number, durationSecs: number, clearExpired = false) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: clearExpired,
      keyPrefix: name,
      points,
      duration: durationSecs,
    });
  }

  /** Counts one event; 0 when it is within the budget, else the seconds until the window ends. */
  async hit(key: string): Promise<number> {
    const res = await this.limiter.penalty(key, 1);
    return res.consumedPoints > this.points ? secsOf(res.msBeforeNext) : 0;
  }

  /** Counts one event and returns how many the current window holds. */
  async add(key: string): Promise<number> {
    return (await this.limiter.penalty(key, 1)).consumedPoints;
  }

  /** Seconds until the window ends when its budget is already spent, else 0 (counts nothing). */
  async waitSecs(key: string): Promise<number> {
    const res = await this.limiter.get(key);
    return res && res.consumedPoints >= this.points ? secsOf(res.msBeforeNext) : 0;
  }

  /** The number of events counted in the current window. */
  async count(key: string): Promise<number> {
    return (await this.limiter.get(key))?.consumedPoints ?? 0;
  }

  async block(key: string, secs: number): Promise<void> {
    await this.limiter.block(key, secs);
  }

  async mark(key: string, secs: number): Promise<void> {
    await this.limiter.set(key, 1, secs);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/**
 * Sign-in throttle. Per account, across all addresses: after `loginFreeFailures` failures, every further failure
 * makes the next attempt wait 2, 4, 8 … seconds, at most `loginMaxDelaySecs` (a slow-down, never a long lock-out);
 * an address that signed in to the account before is exempt from the account's delay and counted on its own
 * instead, so an attacker elsewhere cannot keep the owner out. Per client address (IPv6 /64): at most
 * `loginIpMaxFailures` failures per window, across accounts. A successful sign-in resets the account's counters.
 */
export class LoginThrottle {
  private readonly ipFailures: WindowLimit;
  private readonly failures: WindowLimit;
  private readonly delays: WindowLimit;
  private readonly trusted: WindowLimit;

  constructor(
    pool: pg.Pool,
    private readonly settings: RateLimitSettings,
  ) {
    this.ipFailures = new WindowLimit(pool, 'login-ip', settings.loginIpMaxFailures, settings.loginIpWindowSecs, true);
    this.failures = new WindowLimit(pool, 'login-fail', Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_SECS);
    this.delays = new WindowLimit(pool, 'login-delay', 1, settings.loginMaxDelaySecs);
    this.trusted = new WindowLimit(pool, 'login-trusted', 1, TRUSTED_SECS);
  }

  /** Seconds to wait before this attempt may be checked, or 0. */
  async retryAfterSecs(username: string, ip: string | undefined): Promise<number> {
    const client = clientKey(ip);
    const account = await this.accountKey(username, client);
    const [byIp, byAccount] = await Promise.all([this.ipFailures.waitSecs(client), this.delays.waitSecs(account)]);
    return Math.max(byIp, byAccount);
  }

  async recordFailure(username: string, ip: string | undefined): Promise<void> {
    const client = clientKey(ip);
    const account = await this.accountKey(username, client);
    await this.ipFailures.hit(client);
    const beyond = (await this.failures.add(account)) - this.settings.loginFreeFailures;
    if (beyond >= 0) await this.delays.block(account, Math.min(2 ** (beyond + 1), this.settings.loginMaxDelaySecs));
  }

  async recordSuccess(username: string, ip: string | undefined): Promise<void> {
    const client = clientKey(ip);
    const account = textKey(username);
    const pair = pairKey(username, client);
    await Promise.all([this.failures.reset(account), this.delays.reset(account), this.failures.reset(pair), this.delays.reset(pair)]);
    await this.trusted.mark(pair, TRUSTED_SECS);
  }

  /** The account's own key, or the (account, address) key when this address signed in to the account before. */
  private async accountKey(username: string, client: string): Promise<string> {
    const pair = pairKey(username, client);
    return (await this.trusted.count(pair)) > 0 ? pair : textKey(username);
  }
}

function pairKey(username: string, client: string): string {
  return `${textKey(username)}@${client}`;
}

/**
 * Every throttle of the API, built once per app on the session pool. `register` is a middleware; reset requests
 * call `passwordResetRequest(req, res, email)` before doing any work (it throws the 429 problem).
 */
export class RateLimits {
  readonly login: LoginThrottle;
  private readonly registerByIp: WindowLimit;
  private readonly resetByIp: WindowLimit;
  private readonly resetByEmail: WindowLimit;

  constructor(pool: pg.Pool, settings: Partial<RateLimitSettings> = {}) {
    const s = { ...DEFAULT_RATE_LIMITS, ...settings };
    this.login = new LoginThrottle(pool, s);
    this.registerByIp = new WindowLimit(pool, 'register-ip', s.registerPerIpPerHour, 3600);
    this.resetByIp = new WindowLimit(pool, 'reset-ip', s.resetPerIpPerHour, 3600);
    this.resetByEmail = new WindowLimit(pool, 'reset-email', s.resetPerEmailPerHour, 3600);
  }

  /** Middleware: counts every registration attempt of the client address (so 409s cannot enumerate accounts fast). */
  readonly register: RequestHandler = async (req, res, next) => {
    const wait = await this.registerByIp.hit(clientKey(req.ip));
    if (wait > 0) return next(tooMany(res, wait, 'too many registrations from this address'));
    next();
  };

  /** Counts a password-reset request by client address and by email; throws 429 (with Retry-After set) when over. */
  async passwordResetRequest(req: Request, res: Response, email: string): Promise<void> {
    const [byIp, byEmail] = [await this.resetByIp.hit(clientKey(req.ip)), await this.resetByEmail.hit(textKey(email))];
    const wait = Math.max(byIp, byEmail);
    if (wait > 0) throw tooMany(res, wait, 'too many password-reset requests');
  }
}
