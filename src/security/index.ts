/**
 * SSRF defence ("URL guard"): the one gate every fetch path calls so the
 * scraper never becomes a proxy into our own network.
 *
 * Users submit product URLs; headless Chromium and plain HTTP fetches load
 * them from inside our infrastructure, next to Postgres, Temporal and the
 * cloud metadata service. One check is not enough because a URL's meaning
 * changes over time (DNS answers change, pages redirect, documents load
 * sub-resources), so the same decision is applied in layers:
 *
 * 1. **Submission check** (API): {@link assertSafeUrl} on the submitted
 *    string. Refuse with the error's `message` (HTTP 422) and store
 *    `url.href`, the canonical form, never the raw input.
 *    {@link checkUrlSyntax} is the synchronous subset (no DNS) for form
 *    validation; it is not sufficient on its own.
 *
 * 2. **Fetch-time re-check** (worker, before every fetch or navigation):
 *    {@link assertSafeUrl} again. DNS may point elsewhere now, and the stored
 *    URL may predate a policy change. Fetch the returned `url.href`.
 *    Plain HTTP fetches additionally pass {@link createSafeLookup} as the
 *    `lookup` option so the addresses actually connected to are checked
 *    (closes the DNS-rebinding gap between check and connect), and follow
 *    redirects manually, running {@link assertSafeUrl} on every `Location`.
 *
 * 3. **Browser request interception** (Puppeteer): with
 *    `page.setRequestInterception(true)`, every request (navigation, each
 *    redirect hop, sub-resource, iframe) goes through
 *    `assertSafeUrl(request.url(), policy)`; on failure
 *    `request.abort('blockedbyclient')`. Chromium resolves names itself, so
 *    also check each response's resolved address with
 *    `isAddressAllowed(response.remoteAddress().ip ?? '', policy)` and discard
 *    the page if it fails (fails closed on a missing address; cached and
 *    `data:` responses have none, so skip those explicitly if needed).
 *
 * Everything funnels into {@link isAddressAllowed} → {@link classifyAddress},
 * so the address rules exist exactly once. Under `allowPrivateTargets`
 * (tests/demos) loopback, RFC 1918, CGNAT and ULA open up; link-local, cloud
 * metadata, 0.0.0.0/::, multicast, reserved, documentation and benchmark
 * ranges never do.
 *
 * @packageDocumentation
 */
export { UnsafeUrlError, type UnsafeUrlReason } from './errors.js';
export { classifyAddress, isCloudMetadataAddress, type AddressClass } from './address-classifier.js';
export { isAddressAllowed, DEFAULT_URL_POLICY, type UrlPolicy } from './policy.js';
export { checkUrlSyntax, assertSafeUrl, systemResolver, MAX_URL_LENGTH, type HostResolver } from './url-guard.js';
export { createSafeLookup, type LookupAll } from './safe-lookup.js';
export {
  boundResolver,
  cachePerHost,
  createDnsResolver,
  DnsTimeoutError,
  DNS_TIMEOUT_MS,
  type DnsResolverOptions,
  type ResolverBounds,
} from './host-resolver.js';
