import { expect } from 'chai';
import { pbkdf2, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDnsResolver } from '../../src/security/index.js';

/** A nameserver on 127.0.0.1 that reads every query and never answers (a slow or dead upstream). */
class SilentNameserver {
  private readonly socket = dgram.createSocket('udp4');
  queries = 0;
  address = '';

  async start(): Promise<this> {
    this.socket.on('message', () => this.queries++);
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    this.address = `127.0.0.1:${this.socket.address().port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

const elapsedMs = async (work: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

/** The gate's resolver: c-ares (no libuv thread-pool slot per name), A and AAAA, /etc/hosts read by us. */
describe('security/host-resolver', function () {
  this.timeout(20_000);
  let nameserver: SilentNameserver;
  let dir: string;

  before(async () => {
    nameserver = await new SilentNameserver().start();
    dir = await mkdtemp(join(tmpdir(), 'hosts-'));
  });
  after(async () => {
    await nameserver.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('when 200 resolutions hang on a silent nameserver, then pbkdf2 and file reads on the thread pool still finish promptly', async () => {
    const resolve = createDnsResolver({ servers: [nameserver.address], hostsFile: null, queryTimeoutMs: 1_500, tries: 1 });
    const pending = Array.from({ length: 200 }, (_, i) => resolve(`name-${i}.slow.example`).catch((err: unknown) => err));
    while (nameserver.queries < 200) await new Promise((done) => setTimeout(done, 10));
    const file = join(dir, 'blob');
    await writeFile(file, randomBytes(1024));
    // Eight of each: twice the pool's four threads, so a pool held by look-ups would make them wait.
    const poolWorkMs = await elapsedMs(() =>
      Promise.all([
        ...Array.from({ length: 8 }, () => new Promise((done, fail) => pbkdf2('pw', 'salt', 1_000, 32, 'sha256', (e, key) => (e ? fail(e) : done(key))))),
        ...Array.from({ length: 8 }, () => readFile(file)),
      ]),
    );
    expect(poolWorkMs).to.be.below(500);
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((o) => o instanceof Error)).to.equal(true);
  });

  it('when a name is in the hosts file, then its addresses come from there without a DNS query', async () => {
    const hostsFile = join(dir, 'hosts');
    await writeFile(hostsFile, '# comment\n10.9.8.7\tbackend.internal backend  # inline\n2001:db8::7 backend.internal\n');
    const before = nameserver.queries;
    const resolve = createDnsResolver({ servers: [nameserver.address], hostsFile, queryTimeoutMs: 200, tries: 1 });
    expect(await resolve('Backend.Internal.')).to.deep.equal(['10.9.8.7', '2001:db8::7']);
    expect(await resolve('backend')).to.deep.equal(['10.9.8.7']);
    expect(nameserver.queries).to.equal(before);
  });

  it('when the nameserver is silent, then the look-up fails with a DNS error code after its query timeout', async () => {
    const resolve = createDnsResolver({ servers: [nameserver.address], hostsFile: null, queryTimeoutMs: 200, tries: 1 });
    const started = performance.now();
    const err = (await resolve('silent.example').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err.code).to.equal('ETIMEOUT');
    expect(performance.now() - started).to.be.below(1_500);
  });
});
