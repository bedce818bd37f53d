import { expect } from 'chai';
import type { LookupAddress } from 'node:dns';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnsafeUrlError, createSafeLookup, type LookupAll, type UrlPolicy } from '../../src/security/index.js';

const STRICT: UrlPolicy = { allowPrivateTargets: false };
const PRIVATE_OK: UrlPolicy = { allowPrivateTargets: true };

function fakeLookup(answer: LookupAddress[] | Error): LookupAll {
  return (_host, _options, callback) => {
    if (answer instanceof Error) callback(answer, []);
    else callback(null, answer);
  };
}

/** Call a net-style lookup and collect its callback arguments. */
function run(
  lookup: ReturnType<typeof createSafeLookup>,
  all: boolean,
): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve) => {
    lookup('shop.example', { all }, (err, address, family) => resolve({ err, address, family }));
  });
}

describe('security/safe-lookup', () => {
  it('when every resolved address is public, then all of them are passed to the socket (all: true)', async () => {
    const answer = [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ];
    const { err, address } = await run(createSafeLookup(STRICT, fakeLookup(answer)), true);
    expect(err).to.equal(null);
    expect(address).to.deep.equal(answer);
  });

  it('when every resolved address is public, then the first is passed to the socket (all: false)', async () => {
    const { err, address, family } = await run(createSafeLookup(STRICT, fakeLookup([{ address: '93.184.216.34', family: 4 }])), false);
    expect(err).to.equal(null);
    expect(address).to.equal('93.184.216.34');
    expect(family).to.equal(4);
  });

  it('when DNS rebinds to a private address at connect time, then the connection fails with non-public-address', async () => {
    const lookup = createSafeLookup(STRICT, fakeLookup([{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }]));
    const { err } = await run(lookup, true);
    expect(err).to.be.instanceOf(UnsafeUrlError);
    expect((err as UnsafeUrlError).reason).to.equal('non-public-address');
    expect((err as UnsafeUrlError).address).to.equal('10.0.0.5');
  });

  it('when private targets are allowed but DNS answers the metadata address, then the connection still fails', async () => {
    const { err } = await run(createSafeLookup(PRIVATE_OK, fakeLookup([{ address: '169.254.169.254', family: 4 }])), false);
    expect((err as UnsafeUrlError).reason).to.equal('non-public-address');
  });

  it('when the resolver fails, then its error is passed through unchanged', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND shop.example'), { code: 'ENOTFOUND' });
    const { err } = await run(createSafeLookup(STRICT, fakeLookup(failure)), true);
    expect(err).to.equal(failure);
  });

  it('when the resolver returns nothing, then the connection fails as unresolvable-host', async () => {
    const { err } = await run(createSafeLookup(STRICT, fakeLookup([])), true);
    expect((err as UnsafeUrlError).reason).to.equal('unresolvable-host');
  });

  describe('with a real node:http request to a local server (real DNS for localhost only)', () => {
    let server: Server;
    let port: number;

    before(async () => {
      server = createServer((_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    function fetchStatus(policy: UrlPolicy): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = get(`http://localhost:${port}/`, { lookup: createSafeLookup(policy), family: 4 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    }

    it('when the policy forbids private targets, then http.get to localhost fails before connecting', async () => {
      let error: unknown;
      try {
        await fetchStatus(STRICT);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(UnsafeUrlError);
    });

    it('when the policy allows private targets, then http.get to localhost succeeds', async () => {
      expect(await fetchStatus(PRIVATE_OK)).to.equal(200);
    });
  });
});
