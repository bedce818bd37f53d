import {
  assertSafeUrl,
  boundResolver,
  cachePerHost,
  checkUrlSyntax,
  createDnsResolver,
  DNS_TIMEOUT_MS,
  UnsafeUrlError,
  type HostResolver,
  type UrlPolicy,
} from '../security/index.js';
import { normaliseProductUrl } from './url-normalisation.js';

export interface ValidTarget {
  href: string;
  domain: string;
  /** Position of the URL in the submitted list. */
  index: number;
}

export interface UrlProblem {
  index: number;
  url: string;
  reason: string;
  message: string;
}

/** URLs checked, and so names resolved, this many at a time, so a 10,000-URL task validates in seconds without flooding the resolver. */
const LOOKUP_CONCURRENCY = 32;
/**
 * How long one submission may spend resolving names, all of them together. Without it, 10,000 names whose servers
 * never answer would hold the request for 10,000 / 32 × the per-name timeout (about 50 minutes). Names not resolved
 * within it are not refused: the same gate checks every connection when the page is fetched, so such a URL is
 * accepted unchecked and, if its name is dead, that product fails with `dns-failure`.
 */
export const SUBMISSION_DNS_BUDGET_MS = 15_000;

export interface TargetValidationOptions {
  /** Resolves host names; injectable for tests. @default a fresh c-ares resolver (see security/host-resolver.ts) */
  resolve?: HostResolver;
  /** How long one host name may take to resolve before its URLs are refused as unresolvable. */
  dnsTimeoutMs?: number;
  /** How long the whole submission may spend resolving names. @default {@link SUBMISSION_DNS_BUDGET_MS} */
  budgetMs?: number;
}

/** The submission's name-resolution budget is spent; the host was not looked up (or not to the end). */
class LookupBudgetSpent extends Error {}

/**
 * The submission's resolver: each distinct host resolved once (many URLs share a host, and a host that timed out
 * must not make every one of its URLs wait again), at most {@link LOOKUP_CONCURRENCY} at a time, each within its deadline.
 */
function submissionResolver(options: TargetValidationOptions, unchecked: Set<string>): HostResolver {
  const budget = AbortSignal.timeout(options.budgetMs ?? SUBMISSION_DNS_BUDGET_MS);
  const base = options.resolve ?? createDnsResolver();
  // Names still waiting for a slot when the budget is spent are not looked up at all...
  const unlessSpent: HostResolver = (host) => (budget.aborted ? Promise.reject(new LookupBudgetSpent()) : base(host));
  const bounded = boundResolver(unlessSpent, { timeoutMs: options.dnsTimeoutMs ?? DNS_TIMEOUT_MS, maxConcurrent: LOOKUP_CONCURRENCY });
  // ...and those in flight stop being waited for.
  const spent = new Promise<never>((_resolve, reject) => budget.addEventListener('abort', () => reject(new LookupBudgetSpent()), { once: true }));
  spent.catch(() => undefined);
  const budgeted: HostResolver = (host) =>
    Promise.race([bounded(host), spent]).catch((err: unknown) => {
      if (err instanceof LookupBudgetSpent) unchecked.add(host);
      throw err;
    });
  return cachePerHost(budgeted);
}

/**
 * Checks every submitted URL against the URL policy (syntax, scheme, resolved addresses) and canonicalises it.
 * Returns every valid target with its normalised URL, in submission order (callers drop duplicates).
 */
export async function validateTargets(
  urls: string[],
  policy: UrlPolicy,
  options: TargetValidationOptions = {},
): Promise<{ targets: ValidTarget[]; problems: UrlProblem[] }> {
  const unchecked = new Set<string>();
  const resolve = submissionResolver(options, unchecked);
  const results: (ValidTarget | UrlProblem)[] = new Array<ValidTarget | UrlProblem>(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const raw = urls[index]!;
      const accept = (url: URL) => (results[index] = { href: normaliseProductUrl(url), domain: url.hostname.replace(/^www\./, ''), index });
      try {
        accept((await assertSafeUrl(raw.trim(), policy, resolve)).url);
      } catch (err) {
        if (!(err instanceof UnsafeUrlError)) throw err;
        // Its name was not resolved within the submission's budget: everything but the name is checked, and the
        // name is checked when the page is fetched.
        const url = err.reason === 'unresolvable-host' ? checkUrlSyntax(raw.trim(), policy) : null;
        if (url && unchecked.has(url.hostname)) accept(url);
        else results[index] = { index, url: raw.slice(0, 300), reason: err.reason, message: err.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, urls.length) }, worker));
  const problems = results.filter((r): r is UrlProblem => 'reason' in r);
  const targets = results.filter((r): r is ValidTarget => 'href' in r);
  return { targets, problems };
}
