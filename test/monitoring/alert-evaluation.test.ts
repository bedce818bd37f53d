import { expect } from 'chai';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PriceKind, ProductStatus, Schedule, Task, TaskProduct, User, type AlertRule } from '../../src/entities/index.js';
import { findAlertCandidates, raiseAlerts } from '../../src/monitoring/alert-evaluation.js';
import { recordObservations } from '../../src/monitoring/history.js';
import { getStack } from '../support/stack.js';

/** Alert evaluation on the price history in PostgreSQL, for a run with several pages at once. */
describe('alert evaluation (price history → candidates → alerts)', function () {
  this.timeout(60_000);
  let em: EntityManager;
  let ownerId: number;
  let scheduleId: number;
  const page = (name: string) => `https://shop.example/eval-${process.pid}-${Date.now()}-${name}`;

  before(async () => {
    em = (await getStack()).db.em.fork() as EntityManager;
    const tag = `eval${Date.now()}`;
    const user = em.create(User, { username: tag, email: `${tag}@example.test`, passwordHash: 'x' });
    await em.flush();
    ownerId = user.id;
    const rules: AlertRule[] = [{ rule: 'drop_percent', value: 10 }];
    const schedule = em.create(Schedule, { owner: ownerId, urls: ['https://shop.example/'], every: 'P1D', paused: false, alerts: rules, emailAlerts: false });
    await em.flush();
    scheduleId = schedule.id;
  });

  /** A task whose products saw these prices (null: the collection failed, nothing is recorded). */
  async function run(prices: Record<string, string | null>): Promise<number> {
    const task = em.create(Task, { kind: 'offer', owner: ownerId, region: null });
    const products = Object.keys(prices).map((url, position) => em.create(TaskProduct, { task, position, url, domain: 'shop.example', region: null }));
    await em.flush();
    for (const product of products) {
      const amount = prices[product.url];
      if (amount === null) {
        await em.nativeUpdate(TaskProduct, { id: product.id }, { status: ProductStatus.Failed });
        continue;
      }
      await em.fork().transactional(async (tx) => {
        await recordObservations(tx as EntityManager, product.id, [{ kind: PriceKind.Current, amount: amount!, currency: 'RUB', availability: 'InStock' }]);
        await tx.nativeUpdate(TaskProduct, { id: product.id }, { status: ProductStatus.Succeeded });
      });
    }
    return task.id;
  }

  it('when a run covers several pages, then only pages whose change this run saw and that match a rule are candidates, and only agreed ones alert, once', async () => {
    const [a, b, c, d] = ['dropped', 'new', 'small-drop', 'failed'].map(page) as [string, string, string, string];
    await run({ [a]: '1000', [c]: '1000', [d]: '1000' });
    const second = await run({ [a]: '800', [b]: '500', [c]: '950', [d]: null });
    const candidates = await findAlertCandidates(em.fork() as EntityManager, scheduleId, second);
    expect(candidates.map((x) => x.url)).to.deep.equal([a]);

    // The confirmation agrees (same price): one alert; raising again adds nothing.
    const confirm = await run({ [a]: '800' });
    const input = { scheduleId, taskId: second, confirmTaskId: confirm, candidates };
    const raised = await raiseAlerts(em.fork() as EntityManager, input);
    expect(raised).to.have.length(1);
    expect(await raiseAlerts(em.fork() as EntityManager, input)).to.deep.equal([]);
    // A later run that sees the same price again has nothing new to evaluate.
    const third = await run({ [a]: '800', [b]: '500', [c]: '950', [d]: '1000' });
    expect(await findAlertCandidates(em.fork() as EntityManager, scheduleId, third)).to.deep.equal([]);
  });

  it('when the confirmation sees another price or fails, then nothing is raised', async () => {
    const [flip, gone] = ['flip', 'gone'].map(page) as [string, string];
    await run({ [flip]: '1000', [gone]: '1000' });
    const second = await run({ [flip]: '500', [gone]: '500' });
    const candidates = await findAlertCandidates(em.fork() as EntityManager, scheduleId, second);
    expect(candidates.map((x) => x.url)).to.have.members([flip, gone]);
    const confirm = await run({ [flip]: '1000', [gone]: null });
    expect(await raiseAlerts(em.fork() as EntityManager, { scheduleId, taskId: second, confirmTaskId: confirm, candidates })).to.deep.equal([]);
  });
});
