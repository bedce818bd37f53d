import {
  assertSafeUrl,
  boundResolver,
  cachePerHost,
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

export interface TargetValidationOptions {
  /** Resolves host names; injectable for tests. @default a fresh c-ares resolver (see security/host-resolver.ts) */
  resolve?: HostResolver;
  /** How long one host name may take to resolve before its URLs are refused as unresolvable. */
  dnsTimeoutMs?: number;
}

/**
 * The submission's resolver: each distinct host resolved once (many URLs share a host, and a host that timed out
 * must not make every one of its URLs wait again), at most {@link LOOKUP_CONCURRENCY} at a time, each within its deadline.
 */
function submissionResolver(options: TargetValidationOptions): HostResolver {
  const bounded = boundResolver(options.resolve ?? createDnsResolver(), {
    timeoutMs: options.dnsTimeoutMs ?? DNS_TIMEOUT_MS,
    maxConcurrent: LOOKUP_CONCURRENCY,
  });
  return cachePerHost(bounded);
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
  const resolve = submissionResolver(options);
  const results: (ValidTarget | UrlProblem)[] = new Array<ValidTarget | UrlProblem>(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const raw = urls[index]!;
      try {
        const { url } = await assertSafeUrl(raw.trim(), policy, resolve);
        results[index] = { href: normaliseProductUrl(url), domain: url.hostname.replace(/^www\./, ''), index };
      } catch (err) {
        if (!(err instanceof UnsafeUrlError)) throw err;
        results[index] = { index, url: raw.slice(0, 300), reason: err.reason, message: err.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, urls.length) }, worker));
  const problems = results.filter((r): r is UrlProblem => 'reason' in r);
  const targets = results.filter((r): r is ValidTarget => 'href' in r);
  return { targets, problems };
}
