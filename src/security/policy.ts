/**
 * The policy object and the single "may we connect to this address?" decision.
 *
 * Why separate from the classifier: classification is a fact about an address;
 * what we allow depends on deployment (tests and demos scrape 127.0.0.1). Every
 * layer (submission, fetch, browser interception, connect-time lookup) funnels
 * through {@link isAddressAllowed} so there is exactly one place to get wrong.
 *
 * @module
 */
import { classifyAddress, isCloudMetadataAddress, type AddressClass } from './address-classifier.js';

export interface UrlPolicy {
  /**
   * Permit loopback and private-range targets (tests/demos on 127.0.0.1).
   * Link-local/cloud-metadata stays refused even then.
   * @default false
   */
  allowPrivateTargets: boolean;
  /** Ports allowed; empty array = any port. @default [] */
  allowedPorts?: number[];
  /** Longest URL accepted, as typed and once encoded. @default 2048 */
  maxUrlLength?: number;
  /**
   * Test seam: exact addresses (e.g. `127.0.0.2`) that count as public, so browser tests can serve a
   * "public" fixture from loopback while another loopback address stays refused. Set only by test code;
   * `urlPolicyOf` never reads it from configuration. Cloud-metadata addresses stay refused regardless.
   */
  testPublicAddresses?: readonly string[];
}

/** Production default: public targets only, any port. */
export const DEFAULT_URL_POLICY: Readonly<UrlPolicy> = Object.freeze({ allowPrivateTargets: false, allowedPorts: [] });

/**
 * Classes `allowPrivateTargets` opens. Deliberately not here:
 * - `link-local`: 169.254.169.254 / fe80:: is where cloud credentials live;
 * - `unspecified`: connecting to 0.0.0.0 or :: reaches the local host, and no
 *   legitimate URL uses it;
 * - `multicast`, `reserved`, `documentation`, `benchmark`: never a real site.
 */
const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set<AddressClass>(['loopback', 'private', 'cgnat', 'ula']);

/** Why an address is refused, or `undefined` if allowed. Shared by the guard and the lookup hook for messages. */
export function addressRefusal(
  ip: string,
  policy: UrlPolicy,
): { cls: AddressClass | 'invalid'; metadata: boolean } | undefined {
  let cls: AddressClass;
  try {
    cls = classifyAddress(ip);
  } catch {
    return { cls: 'invalid', metadata: false }; // fail closed on anything that is not an IP
  }
  if (isCloudMetadataAddress(ip)) return { cls, metadata: true };
  if (cls === 'public' || policy.testPublicAddresses?.includes(ip)) return undefined;
  if (policy.allowPrivateTargets && PRIVATE_CLASSES.has(cls)) return undefined;
  return { cls, metadata: false };
}

/**
 * Whether the scraper may open a connection to `ip` under `policy`.
 * Fails closed: anything that is not an IP literal (empty string, host name,
 * `undefined` from a cached browser response) is refused.
 *
 * Use this in the browser's request interception on each response's remote
 * address, and in any connect-time hook.
 */
export function isAddressAllowed(ip: string, policy: UrlPolicy): boolean {
  return addressRefusal(ip, policy) === undefined;
}
