/**
 * Connect-time guard for Node HTTP clients (`node:http`, `node:https`, `net`, `tls`).
 *
 * Why: {@link assertSafeUrl} resolves the host, but the HTTP client resolves
 * it again when it connects. A hostile DNS server can answer "public" the
 * first time and "127.0.0.1" the second (DNS rebinding), and every redirect
 * hop is a new host. Passing this function as the `lookup` option makes the
 * check happen on the very addresses the socket is about to use.
 *
 * Note: Node skips `lookup` when the host is already an IP literal, so this is
 * a complement to {@link assertSafeUrl} on every URL (including each
 * redirect target), not a replacement.
 *
 * @example
 * ```ts
 * const lookup = createSafeLookup(policy);
 * https.get(url, { lookup, agent: new https.Agent({ lookup }) }, onResponse);
 * ```
 *
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { UnsafeUrlError } from './errors.js';
import { isAddressAllowed, type UrlPolicy } from './policy.js';

/** The `dns.lookup(host, { all: true }, cb)` shape; injectable for tests. */
export type LookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemLookupAll: LookupAll = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for `net.connect` / `http.request` / `http.Agent` that resolves
 * as usual but fails the connection with an {@link UnsafeUrlError}
 * (`reason: 'non-public-address'`, `url` = the host name) if ANY resolved
 * address is refused by the policy.
 */
export function createSafeLookup(policy: UrlPolicy, baseLookup: LookupAll = systemLookupAll): LookupFunction {
  return (hostname, options, callback) => {
    baseLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', undefined);
        return;
      }
      const list = Array.isArray(addresses) ? addresses : [];
      if (list.length === 0) {
        callback(new UnsafeUrlError('unresolvable-host', hostname, `${hostname} resolved to no address at connect time`), '', undefined);
        return;
      }
      const refused = list.find((a) => !isAddressAllowed(a.address, policy));
      if (refused) {
        const message = `${hostname} resolved to a non-public address at connect time; only public http(s) addresses can be scraped`;
        callback(new UnsafeUrlError('non-public-address', hostname, message, { address: refused.address }), '', undefined);
        return;
      }
      if (options.all) {
        callback(null, list);
      } else {
        const first = list[0]!;
        callback(null, first.address, first.family);
      }
    });
  };
}
