import { expect } from 'chai';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PriceKind, Task, TaskProduct, User } from '../../src/entities/index.js';
import { readHistory, realDiscount, recordObservations, type Observation, type PriceHistory } from '../../src/monitoring/history.js';
import { renderHistoryChart } from '../../src/monitoring/history-chart.js';
import { getStack } from '../support/stack.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T10:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY);
const price = (amount: string, availability = 'InStock', kind: PriceKind = PriceKind.Current): Observation => ({ kind, amount, currency: 'RUB', availability });

describe('price history (recording and reading against PostgreSQL)', function () {
  this.timeout(60_000);
  let em: EntityManager;
  let ownerId: number;
  let n = 0;
  const url = () => `https://shop.example/p/history-${process.pid}-${n}`;

  before(async () => {
    em = (await getStack()).db.em.fork() as EntityManager;
    const tag = `hist${Date.now()}`;
    const user = em.create(User, { username: tag, email: `${tag}@example.com`, passwordHash: 'x' });
    await em.flush();
    ownerId = user.id;
  });

  beforeEach(() => n++);

  /** A new collection of the page: a task product, as each submission creates one. */
  async function collection(region: string | null = 'Moscow'): Promise<number> {
    const task = em.create(Task, { kind: 'offer', owner: ownerId, region });
    const product = em.create(TaskProduct, { task, position: 0, url: url(), domain: 'shop.example', region });
    await em.flush();
    return product.id;
  }

  async function record(observations: Observation[], when: Date, productId?: number): Promise<number> {
    const id = productId ?? (await collection());
    await em.fork().transactional((tx) => recordObservations(tx as EntityManager, id, observations, when));
    return id;
  }

  const history = async (region: string | null = 'Moscow') => (await readHistory(em.fork(), ownerId, url(), region))!;

  it('when the same price is seen again, then it stays one point whose lastSeen moves', async () => {
    await record([price('1299')], at(0));
    await record([price('1299')], at(1));
    await record([price('1299')], at(2));
    const [current] = (await history()).kinds;
    expect(current!.points).to.deep.equal([{ amount: '1299', currency: 'RUB', availability: 'InStock', firstSeen: at(0).toISOString(), lastSeen: at(2).toISOString() }]);
  });

  it('when the price, or only the availability, changes, then a new point starts; going back is a new point too', async () => {
    await record([price('1299')], at(0));
    await record([price('999')], at(1));
    await record([price('999', 'OutOfStock')], at(2));
    await record([price('1299')], at(3));
    const points = (await history()).kinds[0]!.points;
    expect(points.map((p) => [p.amount, p.availability])).to.deep.equal([['1299', 'InStock'], ['999', 'InStock'], ['999', 'OutOfStock'], ['1299', 'InStock']]);
  });

  it('when a page sells out without showing a price, then the point has no amount; seen again it stays one point; the real discount waits for a price', async () => {
    const soldOut: Observation = { kind: PriceKind.Current, amount: null, currency: null, availability: 'OutOfStock' };
    await record([price('1299')], at(0));
    await record([soldOut], at(1));
    await record([soldOut], at(2));
    let h = await history();
    expect(h.kinds[0]!.points.map((p) => [p.amount, p.availability, p.lastSeen])).to.deep.equal([
      ['1299', 'InStock', at(0).toISOString()],
      [null, 'OutOfStock', at(2).toISOString()],
    ]);
    expect(h.realDiscount).to.equal(null);
    await record([price('1199')], at(3));
    h = await history();
    expect(h.kinds[0]!.points.map((p) => p.amount)).to.deep.equal(['1299', null, '1199']);
    expect(h.realDiscount).to.deep.include({ currentAmount: '1199', lowestPrior30Days: '1299' });
    const svg = renderHistoryChart(h);
    expect(svg).to.not.include('NaN');
    // The line breaks over the price-less span: two runs of the current price, not one.
    const current = /<path class="price-line" data-kind="current" d="([^"]*)"/.exec(svg)![1]!;
    expect(current.match(/M/g)).to.have.length(2);
  });

  it('when the amount is written differently but is the same number, then it is the same point', async () => {
    await record([price('1299')], at(0));
    await record([price('1299.00')], at(1));
    expect((await history()).kinds[0]!.points).to.have.length(1);
  });

  it('when a retried activity records the same collection again, then nothing is added or moved', async () => {
    const first = await record([price('1299'), price('1599', 'InStock', PriceKind.Regular)], at(0));
    await record([price('999')], at(1));
    await record([price('1299'), price('1599', 'InStock', PriceKind.Regular)], at(2), first);
    const second = await collection();
    await record([price('999')], at(3), second);
    await record([price('999')], at(4), second);
    const h = await history();
    expect(h.kinds.map((k) => k.kind)).to.deep.equal(['current', 'regular']);
    expect(h.kinds[0]!.points.map((p) => [p.amount, p.lastSeen])).to.deep.equal([
      ['1299', at(0).toISOString()],
      ['999', at(3).toISOString()],
    ]);
    expect(h.kinds[1]!.points).to.have.length(1);
  });

  it('when regions differ, then each has its own history, and a region-less collection is found without a region', async () => {
    await record([price('1299')], at(0));
    const plain = await collection(null);
    await em.fork().transactional((tx) => recordObservations(tx as EntityManager, plain, [price('1100')], at(1)));
    expect((await history()).kinds[0]!.points.map((p) => p.amount)).to.deep.equal(['1299']);
    expect((await history(null)).kinds[0]!.points.map((p) => p.amount)).to.deep.equal(['1100']);
    expect(await readHistory(em.fork(), ownerId, url(), 'Kazan')).to.equal(null);
    expect(await readHistory(em.fork(), ownerId + 1_000_000, url(), 'Moscow')).to.equal(null);
  });

  it('when the price drops after a short raise, then the real discount is against the lowest price of the 30 days before', async () => {
    await record([price('1000'), price('2000', 'InStock', PriceKind.Regular)], at(0)); // held until day 20: inside the window
    await record([price('1500')], at(20));
    await record([price('900')], at(45));
    await record([price('900')], at(50));
    const h = await history();
    expect(h.realDiscount).to.deep.include({ currentAmount: '900', lowestPrior30Days: '1000', percent: 10, since: at(45).toISOString() });
    expect(h.realDiscount!.claimedPercent).to.equal(55);
  });

  it('when the low price ended more than 30 days before, then it no longer counts', () => {
    const p = (amount: string, from: number, to: number) => ({ amount, currency: 'RUB', availability: 'InStock', firstSeen: at(from).toISOString(), lastSeen: at(to).toISOString() });
    const d = realDiscount([{ kind: PriceKind.Current, points: [p('500', 0, 5), p('1500', 6, 60), p('1200', 60, 61)] }]);
    expect(d).to.include({ lowestPrior30Days: '1500', percent: 20 });
    expect(realDiscount([{ kind: PriceKind.Current, points: [p('500', 0, 5)] }])).to.include({ lowestPrior30Days: null, percent: null });
  });

  it('when the chart is drawn, then it is an SVG with a step path per kind, axes labelled in dates and money, text escaped', () => {
    const p = (amount: string, from: number, to: number, availability = 'InStock') => ({ amount, currency: 'RUB', availability, firstSeen: at(from).toISOString(), lastSeen: at(to).toISOString() });
    const h: PriceHistory = {
      url: 'https://shop.example/p/<b>&"x"',
      region: 'Moscow',
      kinds: [
        { kind: PriceKind.Current, points: [p('1299', 0, 10), p('999', 11, 20, 'OutOfStock'), p('1199', 21, 40)] },
        { kind: PriceKind.Regular, points: [p('1599', 0, 40)] },
      ],
      realDiscount: null,
    };
    const svg = renderHistoryChart(h);
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* viewBox="0 0 800 300"/);
    expect(svg).to.match(/<\/svg>$/);
    expect(svg.match(/<path class="price-line" data-kind="(current|regular)"/g)).to.have.length(2);
    expect(svg).to.include('out of stock').and.include('Oct').and.include('₽1,');
    expect(svg).to.not.include('<b>');
    expect(svg).to.include('&lt;b&gt;&amp;&quot;x&quot;');
  });
});
