export interface LoginThrottleOptions {
  /** Consecutive failures per account and client address before logins are refused. @default 10 */
  maxFailures?: number;
  /** How long a throttled pair stays refused; it expires by itself, so nobody is locked out for good. @default 900 */
  lockSecs?: number;
}

/**
 * Slows down password guessing per (username, IP) pair. Kept in memory per API process: with several replicas
 * an attacker gets `maxFailures` per replica, which is still a hard bound.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly maxFailures: number;
  private readonly lockMs: number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.lockMs = (options.lockSecs ?? 900) * 1000;
  }

  /** Seconds to wait before trying again, or 0 when a login attempt may proceed. */
  retryAfterSecs(username: string, ip: string): number {
    const entry = this.failures.get(key(username, ip));
    if (!entry || entry.count < this.maxFailures) return 0;
    const left = entry.lockedUntil - Date.now();
    if (left <= 0) {
      this.failures.delete(key(username, ip));
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  recordFailure(username: string, ip: string): void {
    const k = key(username, ip);
    const entry = this.failures.get(k) ?? { count: 0, lockedUntil: 0 };
    entry.count++;
    if (entry.count >= this.maxFailures) entry.lockedUntil = Date.now() + this.lockMs;
    this.failures.set(k, entry);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  recordSuccess(username: string, ip: string): void {
    this.failures.delete(key(username, ip));
  }
}

function key(username: string, ip: string): string {
  return `${username.toLowerCase()}\u0000${ip}`;
}
