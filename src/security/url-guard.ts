/**
 * The URL gate: decides whether a user-submitted URL may be fetched.
 *
 * Why the checks look the way they do:
 * - The WHATWG `URL` parser is the one Chromium and Node's `fetch` use, so we
 *   judge what *they* will connect to: `http://2130706433/`, `http://0x7f000001/`,
 *   `http://127.1/` and full-width digits all canonicalise to `127.0.0.1`, and
 *   we check that canonical host. Callers must fetch the returned `URL`
 *   (`url.href`), never the raw input, or the parser differential is back.
 * - Input that different parsers read differently is refused rather than
 *   interpreted: backslashes (`http://127.0.0.1:80\@evil.example/`), userinfo
 *   (`http://evil.example@127.0.0.1/`), embedded control characters.
 * - A syntactically fine name can still point inside our network, so the full
 *   check resolves it and refuses if ANY address is non-public (a resolver
 *   may return a public and a private record, and the client may pick either).
 *
 * @module
 */
import { isIPv4 } from 'node:net';
import { ADDRESS_CLASS_LABEL } from './address-classifier.js';
import { UnsafeUrlError, displayUrl } from './errors.js';
import { boundResolver, createDnsResolver, DnsTimeoutError, type HostResolver } from './host-resolver.js';
import { addressRefusal, type UrlPolicy } from './policy.js';

/** Longest URL accepted by default, before and after canonicalisation (`UrlPolicy.maxUrlLength`). */
export const MAX_URL_LENGTH = 2048;

export { DNS_TIMEOUT_MS, type HostResolver } from './host-resolver.js';

/** Names the default resolver works on at once, across every caller in the process. */
const DEFAULT_MAX_CONCURRENT_LOOKUPS = 64;

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };
const SAFE_ADVICE = 'only public http(s) addresses can be scraped';
const ALWAYS_REFUSED_ADVICE =
  'link-local, cloud-metadata, unspecified, multicast and reserved addresses are refused even when private targets are allowed';

/**
 * Host-level facts about an already-parsed URL: literal addresses need no
 * DNS, and `localhost` / `*.localhost` are loopback by definition (RFC 6761;
 * Chromium never asks DNS for them, so neither do we).
 */
function literalAddresses(url: URL): string[] | undefined {
  const host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) return [host.slice(1, -1)];
  if (isIPv4(host)) return [host];
  const bare = host.replace(/\.+$/, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return ['127.0.0.1', '::1'];
  return undefined;
}

/** The authority part of the raw input as typed (after "scheme:" and any slashes, up to / ? #). */
function rawAuthority(trimmed: string): string {
  const afterScheme = trimmed.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:/, '').replace(/^\/+/, '');
  const end = afterScheme.search(/[/?#]/);
  return end === -1 ? afterScheme : afterScheme.slice(0, end);
}

/** Throw unless every address is allowed. `fromName` keeps resolved internal IPs out of user-facing text. */
function assertAddressesAllowed(raw: string, url: URL, addresses: string[], policy: UrlPolicy, fromName: boolean): void {
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy);
    if (!refusal) continue;
    const what = refusal.metadata
      ? 'a cloud metadata endpoint'
      : refusal.cls === 'invalid'
        ? 'something that is not an IP address'
        : ADDRESS_CLASS_LABEL[refusal.cls];
    const target = fromName ? what : `${address}, ${what}`;
    const advice = policy.allowPrivateTargets ? ALWAYS_REFUSED_ADVICE : SAFE_ADVICE;
    throw new UnsafeUrlError('non-public-address', raw, `${displayUrl(url.href)} resolves to ${target}; ${advice}`, {
      address,
    });
  }
}

/**
 * Synchronous checks only: length (<= 2,048), backslash, control characters,
 * WHATWG syntax, scheme (http/https), userinfo, port, and hosts that need no
 * DNS (IP literals, `localhost`, `*.localhost`).
 *
 * Use it where you cannot wait for DNS (form validation); it is NOT enough on
 * its own, because a name can resolve to anything. Use {@link assertSafeUrl}
 * before fetching.
 *
 * @returns the parsed URL; its `href` is the canonical form to store and fetch.
 * @throws {UnsafeUrlError}
 */
export function checkUrlSyntax(raw: string, policy: UrlPolicy): URL {
  const maxLength = policy.maxUrlLength ?? MAX_URL_LENGTH;
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new UnsafeUrlError('invalid-url', String(raw ?? ''), 'The URL is empty; submit a full address such as https://shop.example/product/123');
  }
  if (raw.length > maxLength) {
    throw new UnsafeUrlError(
      'too-long',
      raw,
      `The URL is ${raw.length} characters long; the limit is ${maxLength}. Remove tracking parameters and submit the product page address`,
    );
  }
  if (raw.includes('\\')) {
    throw new UnsafeUrlError(
      'backslash-not-allowed',
      raw,
      `${displayUrl(raw)} contains a backslash ("\\"), which browsers and servers read differently; use forward slashes only`,
    );
  }
  // The WHATWG parser strips leading/trailing C0 controls and spaces and
  // silently deletes tabs/newlines anywhere; we only tolerate the former.
  const trimmed = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new UnsafeUrlError(
      'invalid-url',
      raw,
      `${displayUrl(raw)} contains control characters (tab, newline, ...); submit the address on a single line`,
    );
  }
  const url = URL.parse(trimmed);
  if (!url) {
    throw new UnsafeUrlError(
      'invalid-url',
      raw,
      `${displayUrl(raw)} is not a valid absolute URL; submit a full address such as https://shop.example/product/123`,
    );
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    throw new UnsafeUrlError(
      'scheme-not-allowed',
      raw,
      `${displayUrl(raw)} uses the ${displayUrl(url.protocol, 30)} scheme; only http: and https: URLs can be scraped`,
    );
  }
  if (url.username !== '' || url.password !== '' || rawAuthority(trimmed).includes('@')) {
    throw new UnsafeUrlError(
      'userinfo-not-allowed',
      raw,
      `${displayUrl(raw)} contains a user name or password before "@"; remove the "user:password@" part and submit the plain address`,
    );
  }
  if (url.href.length > maxLength) {
    throw new UnsafeUrlError(
      'too-long',
      raw,
      `The URL is ${url.href.length} characters long once encoded; the limit is ${maxLength}. Remove tracking parameters and submit the product page address`,
    );
  }
  const port = url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? 0) : Number(url.port);
  const allowedPorts = policy.allowedPorts ?? [];
  if (port === 0 || (allowedPorts.length > 0 && !allowedPorts.includes(port))) {
    const allowed = allowedPorts.length > 0 ? `allowed ports are ${allowedPorts.join(', ')}` : 'port 0 is not a destination';
    throw new UnsafeUrlError(
      'port-not-allowed',
      raw,
      `${displayUrl(url.href)} uses port ${port}; ${allowed}. Submit the address without an explicit port`,
    );
  }
  const literal = literalAddresses(url);
  if (literal) assertAddressesAllowed(raw, url, literal, policy, false);
  return url;
}

/** The default resolver: c-ares A/AAAA (off the thread pool) and the hosts file, bounded in time and concurrency. */
export const systemResolver: HostResolver = boundResolver(createDnsResolver(), { maxConcurrent: DEFAULT_MAX_CONCURRENT_LOOKUPS });

/**
 * Full check: {@link checkUrlSyntax}, then resolution of the host (all A/AAAA
 * records); every address must be allowed by the policy.
 *
 * The returned `addresses` are what was approved. A later connection resolves
 * again (DNS rebinding can change the answer), so the fetch itself must also
 * be guarded at connect time: pin to these addresses, use
 * `createSafeLookup`, or check the browser's remote address with
 * `isAddressAllowed`.
 *
 * @param resolve injectable for tests; defaults to a c-ares resolver with a deadline (see host-resolver.ts).
 * @throws {UnsafeUrlError}
 */
export async function assertSafeUrl(
  raw: string,
  policy: UrlPolicy,
  resolve: HostResolver = systemResolver,
): Promise<{ url: URL; addresses: string[] }> {
  const url = checkUrlSyntax(raw, policy);
  const literal = literalAddresses(url);
  if (literal) return { url, addresses: literal }; // already checked synchronously

  const host = url.hostname;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const within = error instanceof DnsTimeoutError ? ` within ${error.timeoutMs} ms` : '';
    const detail = `${within}${typeof code === 'string' ? ` (${code})` : ''}`;
    throw new UnsafeUrlError(
      'unresolvable-host',
      raw,
      `The host ${displayUrl(host, 255)} could not be resolved${detail}; check the address for typos and that the site is online`,
    );
  }
  const unique = [...new Set(Array.isArray(addresses) ? addresses : [])];
  if (unique.length === 0) {
    throw new UnsafeUrlError(
      'unresolvable-host',
      raw,
      `The host ${displayUrl(host, 255)} has no IPv4 or IPv6 address; check the address for typos and that the site is online`,
    );
  }
  assertAddressesAllowed(raw, url, unique, policy, true);
  return { url, addresses: unique };
}
