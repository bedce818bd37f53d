import { expect } from 'chai';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createScheduleActivities } from '../../src/activities/schedule.activities.js';
import { Schedule, Task, User } from '../../src/entities/index.js';
import { ScheduleService } from '../../src/monitoring/schedule.service.js';
import type { UrlPolicy } from '../../src/security/index.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { getStack, type Stack } from '../support/stack.js';

/**
 * A scheduled run that cannot start (URLs no longer allowed, too many active tasks) fails at once in Temporal; the
 * schedule records why, so its owner sees it through the API and not only operators in the Web UI.
 */
describe('scheduled run refused at start', function () {
  this.timeout(60_000);
  let stack: Stack;
  let em: EntityManager;
  let ownerId: number;
  let scheduleId: number;

  before(async () => {
    stack = await getStack();
    em = stack.db.em.fork() as EntityManager;
    const tag = `refuse${Date.now()}`;
    const user = em.create(User, { username: tag, email: `${tag}@example.test`, passwordHash: 'x' });
    await em.flush();
    ownerId = user.id;
    // Allowed when saved (tests allow private targets); a stricter policy at run time refuses it.
    const schedule = em.create(Schedule, { owner: ownerId, urls: ['http://127.0.0.1:9/p/1'], every: 'PT1H', paused: false, alerts: [], emailAlerts: false });
    await em.flush();
    scheduleId = schedule.id;
  });

  const silent = () => undefined;
  const quiet = { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent };

  function runOnce(policy: UrlPolicy, maxActiveTasksPerUser = 20): Promise<unknown> {
    const activities = createScheduleActivities({
      db: stack.db,
      client: stack.client,
      runner: { taskQueue: 'unused', browserTaskQueue: 'unused', concurrency: 1, productsPerRun: 10 },
      policy,
      maxActiveTasksPerUser,
    });
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `price-schedule-${scheduleId}-run`, runId: `${Date.now()}-${Math.random()}` } }, { logger: quiet });
    return env.run((input: { scheduleId: number }) => activities.createScheduledTask(input), { scheduleId }).catch((err: unknown) => err);
  }

  const view = async () => {
    const service = new ScheduleService(stack.db.em.fork() as EntityManager, stack.client, { allowPrivateTargets: true }, { minIntervalSecs: 300, maxPerUser: 20, catchupWindowSecs: 600, maxUrls: 100 }, 'unused', () => 'x', new SecretBox(['scheduled-run-refusal-test-key-0123456789']));
    return (await service.list(ownerId)).items.find((s) => s.id === scheduleId)!;
  };

  it('when the URLs are no longer allowed, then the run fails without retry, no task is stored, and the schedule says why until a run starts again', async () => {
    expect((await view()).refusedRun).to.equal(null);

    const refused = await runOnce({ allowPrivateTargets: false });
    expect(refused).to.be.instanceOf(ApplicationFailure);
    expect((refused as ApplicationFailure).type).to.equal('ScheduledRunRefused');
    expect((refused as ApplicationFailure).nonRetryable).to.equal(true);
    expect(await em.fork().count(Task, { schedule: scheduleId })).to.equal(0);
    const shown = (await view()).refusedRun;
    expect(shown?.reason).to.match(/cannot be scraped/).and.to.contain('127.0.0.1');
    expect(Date.parse(shown!.at)).to.be.a('number').and.not.NaN;

    // Too many active tasks is a refusal too, with its own reason.
    const busy = await runOnce({ allowPrivateTargets: true }, 0);
    expect((busy as ApplicationFailure).type).to.equal('ScheduledRunRefused');
    expect((await view()).refusedRun?.reason).to.match(/limit is 0/);

    const started = (await runOnce({ allowPrivateTargets: true })) as { taskId: number };
    expect(started.taskId).to.be.a('number');
    expect(await em.fork().count(Task, { schedule: scheduleId })).to.equal(1);
    expect((await view()).refusedRun).to.equal(null);
  });
});
