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

  it('when the resolver never answers, then every URL of that host is refused as unresolvable-host within the timeout', async function () {
    // A lookup that is never given up would hang this call forever; this test's own timeout catches that. Elapsed time
    // is not asserted (shared machines are noisy): the per-name deadline shows in the refusal's message.
    this.timeout(10_000);
    const calls: string[] = [];
    const hang: HostResolver = (host) => {
      calls.push(host);
      return new Promise<string[]>(() => undefined);
    };
    const urls = ['https://stuck.example/1', 'https://stuck.example/2', 'https://other.example/'];
    const { targets, problems } = await validateTargets(urls, STRICT, { resolve: hang, dnsTimeoutMs: 300 });
    expect(targets).to.deep.equal([]);
    expect(problems.map((p) => p.reason)).to.deep.equal(['unresolvable-host', 'unresolvable-host', 'unresolvable-host']);
    expect(problems[0]!.message).to.contain('stuck.example').and.to.contain('300 ms');
    expect(calls.sort()).to.deep.equal(['other.example', 'stuck.example']);
  });

  it('when thousands of names never answer, then the submission stops resolving at its budget: those URLs are accepted unchecked (the fetch checks them), no lookup starts after it, answered names keep their verdict', async () => {
    const asked: string[] = [];
    const resolve: HostResolver = (host) => {
      asked.push(host);
      if (host.startsWith('dead-')) return new Promise<string[]>(() => undefined);
      return Promise.resolve(host === 'intranet.example' ? ['10.0.0.5'] : ['93.184.216.34']);
    };
    const urls = [
      'https://shop.example/p/1',
      'https://intranet.example/p/2',
      ...Array.from({ length: 3000 }, (_, i) => `https://dead-${i}.example/p/${i}`),
    ];
    // Without the budget this would take 3000 / 32 × 60 s; the suite's 20 s timeout fails it.
    const { targets, problems } = await validateTargets(urls, STRICT, { resolve, dnsTimeoutMs: 60_000, budgetMs: 300 });
    expect(problems.map((p) => [p.url, p.reason])).to.deep.equal([['https://intranet.example/p/2', 'non-public-address']]);
    expect(targets).to.have.length(3001);
    expect(targets[0]).to.include({ href: 'https://shop.example/p/1', domain: 'shop.example' });
    expect(targets.at(-1)).to.include({ href: 'https://dead-2999.example/p/2999', domain: 'dead-2999.example' });
    // Only the names that got a slot before the budget ran out were ever asked; the queue was dropped, not drained.
    const askedAtReturn = asked.length;
    expect(askedAtReturn).to.be.at.most(34);
    await new Promise((r) => setTimeout(r, 200));
    expect(asked.length).to.equal(askedAtReturn);
  });

  it('when the budget runs out, then a URL that fails its other checks is still refused', async () => {
    const hang: HostResolver = () => new Promise<string[]>(() => undefined);
    const { targets, problems } = await validateTargets(['ftp://dead.example/x', 'https://dead.example/ok', 'http://169.254.169.254/latest'], STRICT, { resolve: hang, budgetMs: 100 });
    expect(targets.map((t) => t.href)).to.deep.equal(['https://dead.example/ok']);
    expect(problems.map((p) => p.index)).to.deep.equal([0, 2]);
  });
});
