import { expect } from 'chai';
import {
  UnsafeUrlError,
  assertSafeUrl,
  checkUrlSyntax,
  type UnsafeUrlReason,
  type UrlPolicy,
} from '../../src/security/index.js';

const STRICT: UrlPolicy = { allowPrivateTargets: false };
const PRIVATE_OK: UrlPolicy = { allowPrivateTargets: true };

/** A URL of about 10 KB: too long however harmless the host. */
const TEN_KB_URL = `https://shop.example/product/123?ref=${'a'.repeat(10 * 1024)}`;

/**
 * Fake DNS. Tests never touch real DNS: unknown names fail like getaddrinfo
 * does, and every lookup is recorded so we can prove literals skip DNS.
 */
const DNS: Readonly<Record<string, string[]>> = {
  'www.ozon.ru': ['93.184.216.34'],
  'shop.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'intranet.shop.example': ['10.1.2.3'],
  'split.shop.example': ['93.184.216.34', '192.168.0.10'],
  'metadata.shop.example': ['169.254.169.254'],
  'mapped-metadata.shop.example': ['::ffff:169.254.169.254'],
  'alibaba.shop.example': ['100.100.100.200'],
  'nothing.shop.example': [],
  'junk.shop.example': ['not-an-ip'],
};

function fakeResolver(): ((host: string) => Promise<string[]>) & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string): Promise<string[]> => {
    calls.push(host);
    const answer = DNS[host];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [...answer];
  };
  return Object.assign(resolve, { calls });
}

async function refusal(raw: string, policy: UrlPolicy): Promise<UnsafeUrlError> {
  try {
    const result = await assertSafeUrl(raw, policy, fakeResolver());
    expect.fail(`expected ${raw} to be refused, but it was accepted as ${result.url.href} → ${result.addresses.join(', ')}`);
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    return error;
  }
}

function syncRefusal(raw: string, policy: UrlPolicy): UnsafeUrlError {
  try {
    const url = checkUrlSyntax(raw, policy);
    expect.fail(`expected ${raw} to be refused synchronously, but got ${url.href}`);
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    return error;
  }
}

interface RefusedCase {
  what: string;
  url: string;
  reason: UnsafeUrlReason;
  /** Still refused when allowPrivateTargets is true. */
  evenWhenPrivateAllowed: boolean;
  /** The refusal needs DNS, so checkUrlSyntax alone lets it through. */
  needsDns?: boolean;
}

const REFUSED: RefusedCase[] = [
  // internal services and cloud metadata, by literal address
  { what: 'a loopback IPv4 with a database port', url: 'http://127.0.0.1:5432/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'localhost with the Temporal port', url: 'http://localhost:7233/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'the cloud metadata address', url: 'http://169.254.169.254/latest/meta-data/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'loopback as a decimal integer', url: 'http://2130706433/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'loopback as hex', url: 'http://0x7f000001/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'loopback with an octal octet', url: 'http://0177.0.0.1/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'loopback in short form', url: 'http://127.1/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'loopback in full-width digits', url: 'http://１２７.０.０.１/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'IPv6 loopback', url: 'http://[::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'IPv4-mapped metadata in hex', url: 'http://[::ffff:a9fe:a9fe]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'IPv4-mapped loopback', url: 'http://[::ffff:127.0.0.1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a CGNAT address', url: 'http://100.64.0.1/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a 10/8 address', url: 'http://10.0.0.5/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a 172.16/12 address', url: 'http://172.16.3.4/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a 192.168/16 address', url: 'http://192.168.1.1/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'the unspecified address', url: 'http://0.0.0.0:8080/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'the unspecified address written as 0', url: 'http://0/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'IPv6 link-local', url: 'http://[fe80::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'IPv6 unique-local', url: 'http://[fd00::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'the IPv6 unspecified address', url: 'http://[::]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'NAT64 embedding the metadata address', url: 'http://[64:ff9b::169.254.169.254]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'NAT64 embedding a private address', url: 'http://[64:ff9b::10.0.0.1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: '6to4 embedding the metadata address', url: 'http://[2002:a9fe:a9fe::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: '6to4 embedding loopback', url: 'http://[2002:7f00:1::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a Teredo address', url: 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'IPv4-compatible loopback', url: 'http://[::127.0.0.1]/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'IPv6 multicast', url: 'http://[ff02::1]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'the broadcast address', url: 'http://255.255.255.255/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'a benchmarking address', url: 'http://198.18.0.1/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'AWS metadata over IPv6 (inside ULA space)', url: 'http://[fd00:ec2::254]/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'Alibaba metadata (inside CGNAT space)', url: 'http://100.100.100.200/', reason: 'non-public-address', evenWhenPrivateAllowed: true },
  { what: 'localhost with a trailing dot and capitals', url: 'http://LOCALHOST./', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'a *.localhost name', url: 'http://admin.localhost/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'localhost in full-width letters', url: 'http://ｌｏｃａｌｈｏｓｔ/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  { what: 'loopback without slashes after the scheme', url: 'http:127.0.0.1/', reason: 'non-public-address', evenWhenPrivateAllowed: false },
  // schemes
  { what: 'a file URL', url: 'file:///etc/passwd', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a slashless file URL', url: 'file:etc/passwd', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a javascript URL', url: 'javascript:alert(1)', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a data URL', url: 'data:text/html,<b>x</b>', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a chrome URL', url: 'chrome://crash', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a view-source URL', url: 'view-source:file:///etc/passwd', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a gopher URL aimed at Redis', url: 'gopher://127.0.0.1:6379/_x', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'an ftp URL', url: 'ftp://ftp.example/file', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a ws URL', url: 'ws://shop.example/socket', reason: 'scheme-not-allowed', evenWhenPrivateAllowed: true },
  // parser-confusion tricks
  { what: 'userinfo that looks like the host', url: 'http://evil.example@127.0.0.1/', reason: 'userinfo-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'userinfo with a password on a public host', url: 'https://user:pw@shop.example/', reason: 'userinfo-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'an empty userinfo', url: 'http://@shop.example/', reason: 'userinfo-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a backslash before "@"', url: 'http://127.0.0.1:80\\@evil.example/', reason: 'backslash-not-allowed', evenWhenPrivateAllowed: true },
  { what: 'a tab inside the host', url: 'http://127.0.\t0.1/', reason: 'invalid-url', evenWhenPrivateAllowed: true },
  { what: 'a 10 KB URL', url: TEN_KB_URL, reason: 'too-long', evenWhenPrivateAllowed: true },
  { what: 'no scheme', url: 'shop.example/product/1', reason: 'invalid-url', evenWhenPrivateAllowed: true },
  { what: 'an empty string', url: '', reason: 'invalid-url', evenWhenPrivateAllowed: true },
  { what: 'port 0', url: 'http://shop.example:0/', reason: 'port-not-allowed', evenWhenPrivateAllowed: true },
  // names, resolved by the injected resolver
  { what: 'a name resolving to 10.1.2.3', url: 'http://intranet.shop.example/', reason: 'non-public-address', evenWhenPrivateAllowed: false, needsDns: true },
  { what: 'a name resolving to one public and one private address', url: 'https://split.shop.example/p/1', reason: 'non-public-address', evenWhenPrivateAllowed: false, needsDns: true },
  { what: 'a name resolving to the metadata address', url: 'http://metadata.shop.example/', reason: 'non-public-address', evenWhenPrivateAllowed: true, needsDns: true },
  { what: 'a name resolving to mapped metadata', url: 'http://mapped-metadata.shop.example/', reason: 'non-public-address', evenWhenPrivateAllowed: true, needsDns: true },
  { what: 'a name resolving to Alibaba metadata', url: 'http://alibaba.shop.example/', reason: 'non-public-address', evenWhenPrivateAllowed: true, needsDns: true },
  { what: 'an unresolvable name', url: 'https://nowhere.shop.invalid/', reason: 'unresolvable-host', evenWhenPrivateAllowed: true, needsDns: true },
  { what: 'a name with no addresses', url: 'https://nothing.shop.example/', reason: 'unresolvable-host', evenWhenPrivateAllowed: true, needsDns: true },
  { what: 'a resolver answering garbage', url: 'https://junk.shop.example/', reason: 'non-public-address', evenWhenPrivateAllowed: true, needsDns: true },
];

describe('security/url-guard', () => {
  describe('assertSafeUrl refusals with private targets forbidden', () => {
    for (const c of REFUSED) {
      it(`when the URL is ${c.what}, then it is refused as ${c.reason}`, async () => {
        const error = await refusal(c.url, STRICT);
        expect(error.reason).to.equal(c.reason);
        expect(error.name).to.equal('UnsafeUrlError');
        expect(error).to.be.instanceOf(Error);
      });
    }
  });

  describe('assertSafeUrl refusals that survive allowPrivateTargets', () => {
    for (const c of REFUSED.filter((r) => r.evenWhenPrivateAllowed)) {
      it(`when private targets are allowed and the URL is ${c.what}, then it is still refused as ${c.reason}`, async () => {
        const error = await refusal(c.url, PRIVATE_OK);
        expect(error.reason).to.equal(c.reason);
      });
    }
  });

  describe('checkUrlSyntax (no DNS)', () => {
    for (const c of REFUSED.filter((r) => !r.needsDns)) {
      it(`when the URL is ${c.what}, then the synchronous check already refuses it as ${c.reason}`, () => {
        expect(syncRefusal(c.url, STRICT).reason).to.equal(c.reason);
      });
    }

    it('when the host is a name, then no DNS happens and the canonical URL is returned', () => {
      const url = checkUrlSyntax('HTTPS://Shop.Example:443/p/1?x=1#top', STRICT);
      expect(url).to.be.instanceOf(URL);
      expect(url.href).to.equal('https://shop.example/p/1?x=1#top');
    });

    it('when the host is an IDN, then the punycode form is returned', () => {
      expect(checkUrlSyntax('https://bücher.example/', STRICT).hostname).to.equal('xn--bcher-kva.example');
    });

    it('when the URL is surrounded by spaces and a newline, then it is trimmed like a browser would', () => {
      expect(checkUrlSyntax('  https://shop.example/p/1\n', STRICT).href).to.equal('https://shop.example/p/1');
    });

    it('when the URL is exactly 2,048 characters, then it is accepted', () => {
      const base = 'https://shop.example/';
      const raw = base + 'a'.repeat(2048 - base.length);
      expect(checkUrlSyntax(raw, STRICT).href).to.have.length(2048);
    });

    it('when the URL grows past 2,048 characters once percent-encoded, then it is refused as too-long', () => {
      const raw = `https://shop.example/${'é'.repeat(1000)}`;
      expect(raw.length).to.be.below(2048);
      expect(syncRefusal(raw, STRICT).reason).to.equal('too-long');
    });
  });

  describe('assertSafeUrl acceptances', () => {
    it('when a marketplace name resolves to a public IP, then it is accepted with that address', async () => {
      const resolve = fakeResolver();
      const { url, addresses } = await assertSafeUrl('https://www.ozon.ru/product/123/', STRICT, resolve);
      expect(url.href).to.equal('https://www.ozon.ru/product/123/');
      expect(addresses).to.deep.equal(['93.184.216.34']);
      expect(resolve.calls).to.deep.equal(['www.ozon.ru']);
    });

    it('when a name resolves to public IPv4 and IPv6 addresses, then all of them are returned', async () => {
      const { addresses } = await assertSafeUrl('https://shop.example/', STRICT, fakeResolver());
      expect(addresses).to.deep.equal(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
    });

    it('when the host is a public IPv6 literal, then it is accepted without DNS', async () => {
      const resolve = fakeResolver();
      const { url, addresses } = await assertSafeUrl('http://[2606:4700::1111]/', STRICT, resolve);
      expect(url.hostname).to.equal('[2606:4700::1111]');
      expect(addresses).to.deep.equal(['2606:4700::1111']);
      expect(resolve.calls).to.deep.equal([]);
    });

    it('when the host is NAT64 embedding a public IPv4, then it is accepted', async () => {
      const { addresses } = await assertSafeUrl('http://[64:ff9b::8.8.8.8]/', STRICT, fakeResolver());
      expect(addresses).to.deep.equal(['64:ff9b::808:808']);
    });

    it('when the policy allows private targets and the URL is 127.0.0.1:8080, then it is accepted', async () => {
      const resolve = fakeResolver();
      const { url, addresses } = await assertSafeUrl('http://127.0.0.1:8080/p', PRIVATE_OK, resolve);
      expect(url.href).to.equal('http://127.0.0.1:8080/p');
      expect(addresses).to.deep.equal(['127.0.0.1']);
      expect(resolve.calls).to.deep.equal([]);
    });

    it('when the policy allows private targets and the URL is localhost:3000, then it is accepted without DNS', async () => {
      const resolve = fakeResolver();
      const { url, addresses } = await assertSafeUrl('http://localhost:3000/', PRIVATE_OK, resolve);
      expect(url.href).to.equal('http://localhost:3000/');
      expect(addresses).to.deep.equal(['127.0.0.1', '::1']);
      expect(resolve.calls).to.deep.equal([]);
    });

    it('when the policy allows private targets and a name resolves to 10.1.2.3, then it is accepted', async () => {
      const { addresses } = await assertSafeUrl('http://intranet.shop.example/', PRIVATE_OK, fakeResolver());
      expect(addresses).to.deep.equal(['10.1.2.3']);
    });

    it('when the policy allows private targets and the URL is a ULA or CGNAT literal, then it is accepted', async () => {
      await assertSafeUrl('http://[fd00::1]/', PRIVATE_OK, fakeResolver());
      await assertSafeUrl('http://100.64.0.1/', PRIVATE_OK, fakeResolver());
    });

    it('when the resolver returns duplicates, then each address is reported once', async () => {
      const { addresses } = await assertSafeUrl('https://dup.shop.example/', STRICT, async () => ['93.184.216.34', '93.184.216.34']);
      expect(addresses).to.deep.equal(['93.184.216.34']);
    });
  });

  describe('literal hosts never reach the resolver', () => {
    for (const raw of ['http://127.0.0.1:5432/', 'http://2130706433/', 'http://[::1]/', 'http://localhost:7233/', 'http://admin.localhost/']) {
      it(`when the URL is ${raw}, then the resolver is not called`, async () => {
        const resolve = fakeResolver();
        await assertSafeUrl(raw, STRICT, resolve).catch(() => undefined);
        expect(resolve.calls).to.deep.equal([]);
      });
    }
  });

  describe('ports', () => {
    const WEB_PORTS: UrlPolicy = { allowPrivateTargets: false, allowedPorts: [80, 443] };

    it('when only 80/443 are allowed and the URL uses 8080, then it is refused as port-not-allowed', async () => {
      const error = await refusal('http://shop.example:8080/', WEB_PORTS);
      expect(error.reason).to.equal('port-not-allowed');
      expect(error.message).to.contain('8080').and.to.contain('80, 443');
    });

    it('when only 80/443 are allowed and the URL uses the default https port, then it is accepted', async () => {
      await assertSafeUrl('https://shop.example/', WEB_PORTS, fakeResolver());
      await assertSafeUrl('http://shop.example:80/', WEB_PORTS, fakeResolver());
    });

    it('when allowedPorts is empty, then any port is accepted', async () => {
      await assertSafeUrl('https://shop.example:8443/', { allowPrivateTargets: false, allowedPorts: [] }, fakeResolver());
    });

    it('when the port is refused and the host is internal, then the port is reported first (no address leak)', async () => {
      expect((await refusal('http://127.0.0.1:5432/', WEB_PORTS)).reason).to.equal('port-not-allowed');
    });
  });

  describe('error details', () => {
    it('when a private literal is refused, then the message names the address, its class and what to do', async () => {
      const error = await refusal('http://10.0.0.5/', STRICT);
      expect(error.message).to.equal(
        'http://10.0.0.5/ resolves to 10.0.0.5, a private address; only public http(s) addresses can be scraped',
      );
      expect(error.url).to.equal('http://10.0.0.5/');
      expect(error.address).to.equal('10.0.0.5');
    });

    it('when an obfuscated loopback is refused, then the message shows the canonical URL', async () => {
      const error = await refusal('http://0x7f000001/', STRICT);
      expect(error.url).to.equal('http://0x7f000001/');
      expect(error.message).to.contain('http://127.0.0.1/').and.to.contain('loopback');
    });

    it('when a name resolves to an internal address, then the message does not reveal that address but the error keeps it for logs', async () => {
      const error = await refusal('http://intranet.shop.example/', STRICT);
      expect(error.message).to.contain('intranet.shop.example').and.to.contain('private address');
      expect(error.message).not.to.contain('10.1.2.3');
      expect(error.address).to.equal('10.1.2.3');
    });

    it('when metadata is refused under allowPrivateTargets, then the message says it is refused even then', async () => {
      const error = await refusal('http://169.254.169.254/latest/meta-data/', PRIVATE_OK);
      expect(error.message).to.contain('cloud metadata').and.to.contain('even when private targets are allowed');
    });

    it('when the URL is 10 KB, then neither the message nor the kept url carry all of it', async () => {
      const error = await refusal(TEN_KB_URL, STRICT);
      expect(error.message.length).to.be.below(300);
      expect(error.url.length).to.equal(2048);
    });

    it('when the input contains a newline, then the message escapes it', () => {
      const error = syncRefusal('http://shop.example/a\nINJECTED log line', STRICT);
      expect(error.message).not.to.contain('\n');
      expect(error.message).to.contain('\\u000a');
    });

    it('when a scheme is refused, then the message names it and the allowed ones', () => {
      expect(syncRefusal('gopher://127.0.0.1:6379/_x', STRICT).message).to.contain('gopher:').and.to.contain('http: and https:');
    });

    it('when the host is unresolvable, then the message carries the resolver error code', async () => {
      expect((await refusal('https://nowhere.shop.invalid/', STRICT)).message).to.contain('ENOTFOUND');
    });
  });
});
