import { expect } from 'chai';
import type { HostResolver, UrlPolicy } from '../../src/security/index.js';
import { validateTargets } from '../../src/tasks/target-validation.js';

const STRICT: UrlPolicy = { allowPrivateTargets: false };

/** A resolver that answers a public address after `delayMs` and counts the questions per name. */
function slowResolver(delayMs: number): HostResolver & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const resolve = async (host: string): Promise<string[]> => {
    calls.set(host, (calls.get(host) ?? 0) + 1);
    await new Promise((done) => setTimeout(done, delayMs));
    return ['93.184.216.34'];
  };
  return Object.assign(resolve, { calls });
}

/** Name resolution during a submission: once per distinct host, and never longer than its timeout. */
describe('tasks/target-validation name resolution', function () {
  this.timeout(20_000);

  it('when 600 URLs share 5 hosts and the resolver is slow, then each host is resolved exactly once', async () => {
    const hosts = ['shop.example', 'www.ozon.ru', 'market.example', 'a.b.example', 'c.example'];
    const urls = Array.from({ length: 600 }, (_, i) => `https://${hosts[i % hosts.length]}/product/${i}`);
    const resolve = slowResolver(50);
    const { targets, problems } = await validateTargets(urls, STRICT, { resolve });
    expect(problems).to.deep.equal([]);
    expect(targets).to.have.length(600);
    expect(Object.fromEntries(resolve.calls)).to.deep.equal(Object.fromEntries(hosts.map((h) => [h, 1])));
  });

  it('when the resolver never answers, then every URL of that host is refused as unresolvable-host within the timeout', async () => {
    const calls: string[] = [];
    const hang: HostResolver = (host) => {
      calls.push(host);
      return new Promise<string[]>(() => undefined);
    };
    const urls = ['https://stuck.example/1', 'https://stuck.example/2', 'https://other.example/'];
    const started = performance.now();
    const { targets, problems } = await validateTargets(urls, STRICT, { resolve: hang, dnsTimeoutMs: 300 });
    const elapsedMs = performance.now() - started;
    expect(targets).to.deep.equal([]);
    expect(problems.map((p) => p.reason)).to.deep.equal(['unresolvable-host', 'unresolvable-host', 'unresolvable-host']);
    expect(problems[0]!.message).to.contain('stuck.example').and.to.contain('300 ms');
    expect(elapsedMs).to.be.within(250, 800);
    expect(calls.sort()).to.deep.equal(['other.example', 'stuck.example']);
  });
});
