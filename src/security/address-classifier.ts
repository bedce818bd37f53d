/**
 * Classification of IP addresses into "may the scraper connect here?" classes.
 *
 * Why this is hand-written rather than a list of string prefixes: the same
 * IPv4 target can be written as an IPv6 address in several ways
 * (`::ffff:169.254.169.254`, `::ffff:a9fe:a9fe`, `::a9fe:a9fe`,
 * `64:ff9b::a9fe:a9fe`, `2002:a9fe:a9fe::`), and prefix matching on text
 * misses them. Addresses are therefore parsed to integers (IPv4: 32-bit number,
 * IPv6: 128-bit bigint), embedded IPv4 addresses are extracted and classified
 * on their own, and only then compared with the CIDR tables below.
 *
 * Policy (what is allowed) lives in {@link isAddressAllowed}; the classifier
 * only says what an address *is*.
 *
 * Sources: IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and
 * successors), RFC 6052 (NAT64), RFC 3056 (6to4), RFC 4380 (Teredo),
 * RFC 9637 (3fff::/20 documentation).
 *
 * @module
 */
import { isIPv4, isIPv6 } from 'node:net';

/** What kind of address an IP is. Only `'public'` is reachable on the open internet. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'ula'
  | 'documentation'
  | 'benchmark';

/** Human wording for messages: "…, a private address". */
export const ADDRESS_CLASS_LABEL: Readonly<Record<AddressClass, string>> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT (shared) address',
  unspecified: 'an unspecified address (0.0.0.0 or ::, which reaches this machine)',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  ula: 'a unique-local (private IPv6) address',
  documentation: 'a documentation-only address',
  benchmark: 'a benchmarking-only address',
};

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

type ParsedAddress = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

/**
 * Parse a strict IP literal. Accepts what DNS resolvers, the WHATWG URL parser
 * and Chromium report: dotted-quad IPv4, any IPv6 text form (including a
 * trailing dotted quad), optionally in `[brackets]` and/or with a `%zone`.
 * Legacy IPv4 spellings (`0177.0.0.1`, `127.1`, `2130706433`) are NOT IP
 * literals here: they are canonicalised by the URL parser before reaching us,
 * and anything else handing us such a string is a bug we refuse to guess at.
 */
function parseAddress(input: string): ParsedAddress | undefined {
  if (typeof input !== 'string') return undefined;
  let ip = input.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (isIPv4(ip)) return { family: 4, value: parseIPv4(ip) };
  const zone = ip.indexOf('%');
  if (zone !== -1) {
    if (!/^%[\w.-]+$/.test(ip.slice(zone))) return undefined; // "%eth0" or "%2"; not an empty or odd zone
    ip = ip.slice(0, zone);
  }
  if (isIPv6(ip)) return { family: 6, value: parseIPv6(ip) };
  return undefined;
}

/** Dotted quad (already validated by `net.isIPv4`) to an unsigned 32-bit number. */
function parseIPv4(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** IPv6 text (already validated by `net.isIPv6`, no zone) to a 128-bit bigint. */
function parseIPv6(ip: string): bigint {
  let text = ip.toLowerCase();
  // A trailing dotted quad ("::ffff:1.2.3.4") becomes two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headParts = head === '' ? [] : head.split(':');
  const restParts = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headParts.length - restParts.length;
  const hextets = rest === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...restParts];
  return hextets.reduce((acc, h) => (acc << 16n) | BigInt(parseInt(h, 16)), 0n);
}

// ---------------------------------------------------------------------------
// IPv4
// ---------------------------------------------------------------------------

type V4Range = readonly [cidr: string, cls: AddressClass];

/**
 * Non-public IPv4 ranges. First match wins, so more specific entries precede
 * the ranges that contain them. Everything not listed is public.
 */
const IPV4_RANGES: readonly V4Range[] = [
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 connects to the local host
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // includes 169.254.169.254 cloud metadata
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'], // TEST-NET-1
  ['192.88.99.0/24', 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmark'],
  ['198.51.100.0/24', 'documentation'], // TEST-NET-2
  ['203.0.113.0/24', 'documentation'], // TEST-NET-3
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // includes 255.255.255.255 broadcast
];

const IPV4_TABLE = IPV4_RANGES.map(([cidr, cls]) => {
  const [base, bits] = cidr.split('/') as [string, string];
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (parseIPv4(base) & mask) >>> 0, mask, cls };
});

function classifyIPv4(value: number): AddressClass {
  for (const { network, mask, cls } of IPV4_TABLE) {
    if (((value & mask) >>> 0) === network) return cls;
  }
  return 'public';
}

// ---------------------------------------------------------------------------
// IPv6
// ---------------------------------------------------------------------------

function cidr6(text: string): { network: bigint; mask: bigint } {
  const [base, bits] = text.split('/') as [string, string];
  const prefix = BigInt(bits);
  const all = (1n << 128n) - 1n;
  const mask = (all << (128n - prefix)) & all;
  return { network: parseIPv6(base) & mask, mask };
}

function in6(value: bigint, range: { network: bigint; mask: bigint }): boolean {
  return (value & range.mask) === range.network;
}

const V6 = {
  mapped: cidr6('::ffff:0:0/96'), // IPv4-mapped
  compatible: cidr6('::/96'), // deprecated IPv4-compatible (also holds :: and ::1)
  translated: cidr6('::ffff:0:0:0/96'), // SIIT IPv4-translated (RFC 2765)
  nat64: cidr6('64:ff9b::/96'), // well-known NAT64 prefix
  nat64Local: cidr6('64:ff9b:1::/48'), // local-use NAT64: v4 position varies, refuse
  sixToFour: cidr6('2002::/16'),
  documentation: cidr6('2001:db8::/32'),
  documentation2: cidr6('3fff::/20'),
  benchmark: cidr6('2001:2::/48'),
  ietf: cidr6('2001::/23'), // IETF protocol assignments, incl. Teredo 2001::/32 and ORCHID
  ula: cidr6('fc00::/7'),
  linkLocal: cidr6('fe80::/10'),
  siteLocal: cidr6('fec0::/10'),
  multicast: cidr6('ff00::/8'),
  globalUnicast: cidr6('2000::/3'), // the only IPv6 space IANA hands out for the internet
} as const;

/**
 * The IPv4 address an IPv6 address stands for, if it is one of the forms that
 * carries (and may be routed to) an IPv4 destination. Teredo is not unwrapped:
 * it is refused outright.
 */
function embeddedIPv4(value: bigint): { v4: number; kind: 'mapped' | 'legacy' | 'nat64' | '6to4' } | undefined {
  const low32 = Number(value & 0xffffffffn);
  if (in6(value, V6.mapped)) return { v4: low32, kind: 'mapped' };
  if (in6(value, V6.compatible) || in6(value, V6.translated)) return { v4: low32, kind: 'legacy' };
  if (in6(value, V6.nat64)) return { v4: low32, kind: 'nat64' };
  if (in6(value, V6.sixToFour)) return { v4: Number((value >> 80n) & 0xffffffffn), kind: '6to4' };
  return undefined;
}

function classifyIPv6(value: bigint): AddressClass {
  if (value === 0n) return 'unspecified';
  if (value === 1n) return 'loopback';
  const embedded = embeddedIPv4(value);
  if (embedded) {
    const cls = classifyIPv4(embedded.v4);
    // ::a.b.c.d and ::ffff:0:a.b.c.d are deprecated and never used for real
    // sites: refuse them even when the embedded address is public.
    return cls === 'public' && embedded.kind === 'legacy' ? 'reserved' : cls;
  }
  if (in6(value, V6.nat64Local)) return 'reserved';
  if (in6(value, V6.documentation) || in6(value, V6.documentation2)) return 'documentation';
  if (in6(value, V6.benchmark)) return 'benchmark';
  if (in6(value, V6.ietf)) return 'reserved';
  if (in6(value, V6.ula)) return 'ula';
  if (in6(value, V6.linkLocal)) return 'link-local';
  if (in6(value, V6.siteLocal)) return 'private';
  if (in6(value, V6.multicast)) return 'multicast';
  if (!in6(value, V6.globalUnicast)) return 'reserved';
  return 'public';
}

// ---------------------------------------------------------------------------
// Cloud metadata endpoints
// ---------------------------------------------------------------------------

/**
 * Instance-metadata and platform endpoints that hand out credentials or
 * control a VM. Most sit in link-local space (already refused), but some are
 * in ranges that `allowPrivateTargets` opens (Alibaba in CGNAT, AWS IPv6 in
 * ULA) or even look public (Azure WireServer). Refused under every policy.
 */
const METADATA_IPV4 = new Set<number>(
  [
    '169.254.169.254', // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean, Oracle...
    '169.254.170.2', // AWS ECS task metadata / credentials
    '169.254.170.23', // AWS EKS Pod Identity agent
    '100.100.100.200', // Alibaba Cloud
    '168.63.129.16', // Azure WireServer / host agent
    '192.0.0.192', // Oracle Cloud (legacy)
  ].map(parseIPv4),
);
const METADATA_IPV6 = new Set<bigint>(
  [
    'fd00:ec2::254', // AWS IMDS over IPv6
    'fd00:ec2::23', // AWS EKS Pod Identity agent over IPv6
  ].map(parseIPv6),
);

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Classify one IP literal (IPv4 or IPv6, including IPv4-mapped, -compatible,
 * NAT64 and 6to4 forms, which are classified by the IPv4 address they carry).
 * Brackets and a `%zone` suffix are tolerated.
 *
 * @throws TypeError if `ip` is not an IP literal (e.g. a host name).
 */
export function classifyAddress(ip: string): AddressClass {
  const parsed = parseAddress(ip);
  if (!parsed) throw new TypeError(`Not an IP address: ${JSON.stringify(String(ip)).slice(0, 100)}`);
  return parsed.family === 4 ? classifyIPv4(parsed.value) : classifyIPv6(parsed.value);
}

/**
 * Whether `ip` is a known cloud-metadata / platform-agent endpoint, in any
 * spelling (including IPv4-mapped and NAT64 forms). Returns false for
 * non-IP input.
 */
export function isCloudMetadataAddress(ip: string): boolean {
  const parsed = parseAddress(ip);
  if (!parsed) return false;
  if (parsed.family === 4) return METADATA_IPV4.has(parsed.value);
  const embedded = embeddedIPv4(parsed.value);
  return embedded ? METADATA_IPV4.has(embedded.v4) : METADATA_IPV6.has(parsed.value);
}
