import crypto from 'node:crypto';
import { expect } from 'chai';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../src/entities/index.js';
import { resolveSecretsKeys } from '../../src/config/secrets-key.js';
import { drainAlertDeliveries, sealStoredWebhookSecrets, type AlertSendOptions } from '../../src/monitoring/alert-deliveries.js';
import { SecretBox } from '../../src/security/secret-box.js';
import { verifySignature } from '../../src/monitoring/webhook.js';
import { getStack, type Stack } from '../support/stack.js';
import { eventually } from '../support/eventually.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'outbox-test-secret-0123456789';

/**
 * The alert outbox against the real PostgreSQL: concurrent senders (these tests' own drains race the stack's
 * worker sender), a claim left behind by a crashed sender, and a URL the gate refuses at send time.
 */
describe('alert delivery outbox (alert_deliveries → signed webhook POSTs)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let em: EntityManager;
  let receiver: WebhookReceiver;
  let ownerId: number;
  let options: AlertSendOptions;
  let box: SecretBox;
  const sql = <T>(query: string, params: unknown[] = []) => em.getConnection().execute<T[]>(query, params);

  before(async () => {
    stack = await getStack();
    em = stack.db.em.fork() as EntityManager;
    // The stack's own key, so the stack worker's sender (racing these tests' drains) opens the same rows.
    box = new SecretBox(resolveSecretsKeys(stack.config));
    options = { policy: { allowPrivateTargets: true }, timeoutMs: 5000, maxAttempts: 3, retryBaseSecs: 0.2, retryMaxSecs: 1, batchSize: 3, secretBox: box };
    receiver = await new WebhookReceiver().start();
    const tag = `outbox${crypto.randomBytes(4).toString('hex')}`;
    const user = em.create(User, { username: tag, email: `${tag}@example.test`, passwordHash: 'x' });
    await em.flush();
    ownerId = user.id;
  });

  after(async () => {
    await receiver?.stop();
  });

  /** A schedule with a webhook at `url` and `count` alerts, each with a webhook delivery in `status`. */
  async function alertsWithDeliveries(url: string, count: number, delivery: { status: string; lockedUntilSecs?: number; attempts?: number } = { status: 'pending' }, storedSecret = box.seal(SECRET)): Promise<number[]> {
    const [schedule] = await sql<{ id: number }>(
      `insert into schedules (owner_id, urls, every, paused, created_at, alerts, webhook_url, webhook_secret, email_alerts)
       values (?, '["https://shop.example/p"]', 'P1D', false, now(), '[{"rule":"any_change"}]', ?, ?, false) returning id`,
      [ownerId, url, storedSecret],
    );
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const [alert] = await sql<{ id: number }>(
        `insert into alerts (owner_id, schedule_id, task_id, confirm_task_id, rule, value, url, region, observation_id, previous, current, created_at)
         values (?, ?, 1, 2, 'any_change', null, 'https://shop.example/p', null, ?, '{"amount":"2","currency":"RUB","availability":null}', '{"amount":"1","currency":"RUB","availability":null}', now())
         returning id`,
        [ownerId, schedule!.id, 1_000_000 + i],
      );
      await sql(
        `insert into alert_deliveries (alert_id, channel, status, attempts, next_attempt_at, locked_until, created_at)
         values (?, 'webhook', ?, ?, now(), now() + make_interval(secs => ?), now())`,
        [alert!.id, delivery.status, delivery.attempts ?? 0, delivery.lockedUntilSecs ?? 0],
      );
      ids.push(alert!.id);
    }
    return ids;
  }

  const deliveries = (alertIds: number[]) =>
    sql<{ alert_id: number; status: string; attempts: number; last_error: string | null }>(
      `select alert_id, status, attempts, last_error from alert_deliveries where alert_id in (${alertIds.map(() => '?').join(', ')}) order by alert_id`,
      alertIds,
    );

  it('when several senders drain at once, then every delivery is POSTed exactly once, signed', async () => {
    const path = `/burst-${crypto.randomBytes(3).toString('hex')}`;
    const ids = await alertsWithDeliveries(`${receiver.url}${path}`, 15);
    // Three senders of this test race the stack worker's own.
    await Promise.all(
      [1, 2, 3].map(async () => {
        for (let i = 0; i < 6; i++) await drainAlertDeliveries(stack.db.em.fork(), options);
      }),
    );
    await eventually(async () => expect((await deliveries(ids)).every((d) => d.status === 'delivered')).to.equal(true), 15_000);
    const got = receiver.at(path);
    expect(got).to.have.length(15);
    expect(new Set(got.map((r) => r.headers['x-alert-id'])).size).to.equal(15);
    for (const r of got) {
      expect(verifySignature(r.body, SECRET, String(r.headers['x-signature']))).to.equal(true);
      expect(r.headers['idempotency-key']).to.equal(`alert-${JSON.parse(r.body).alertId}`);
    }
    expect((await deliveries(ids)).map((d) => d.attempts)).to.deep.equal(ids.map(() => 1));
  });

  it('when a sender crashed holding a claim, then the delivery is sent once its lock expires, and not while it holds', async () => {
    const path = `/crashed-${crypto.randomBytes(3).toString('hex')}`;
    const expired = await alertsWithDeliveries(`${receiver.url}${path}`, 1, { status: 'sending', lockedUntilSecs: -5, attempts: 1 });
    const held = await alertsWithDeliveries(`${receiver.url}${path}`, 1, { status: 'sending', lockedUntilSecs: 3600, attempts: 1 });
    await drainAlertDeliveries(stack.db.em.fork(), options);
    await eventually(async () => expect((await deliveries(expired))[0]).to.include({ status: 'delivered', attempts: 2 }), 10_000);
    expect((await deliveries(held))[0]).to.include({ status: 'sending', attempts: 1 });
    expect(receiver.at(path).map((r) => JSON.parse(r.body).alertId)).to.deep.equal(expired);
  });

  it('when the gate refuses the webhook URL at send time, then the delivery fails at once without a request', async () => {
    const ids = await alertsWithDeliveries('http://169.254.169.254/latest/meta-data/', 1);
    await drainAlertDeliveries(stack.db.em.fork(), options);
    await eventually(async () => expect((await deliveries(ids))[0]?.status).to.equal('failed'), 10_000);
    const [row] = await deliveries(ids);
    expect(row!.attempts).to.equal(1);
    expect(row!.last_error).to.match(/refused/);
  });
  it('when a webhook secret was stored in plain text (before encryption), then it still signs, and the start-up pass seals it', async () => {
    const path = `/legacy-${crypto.randomBytes(3).toString('hex')}`;
    const [id] = await alertsWithDeliveries(`${receiver.url}${path}`, 1, { status: 'pending' }, SECRET);
    const [row] = await sql<{ schedule_id: number }>(`select schedule_id from alerts where id = ?`, [id]);
    const stored = async () => (await sql<{ webhook_secret: string }>(`select webhook_secret from schedules where id = ?`, [row!.schedule_id]))[0]!.webhook_secret;
    await eventually(async () => {
      await drainAlertDeliveries(stack.db.em.fork(), options);
      expect(receiver.at(path)).to.have.length(1);
    }, 10_000);
    const request = receiver.at(path)[0]!;
    expect(verifySignature(request.body, SECRET, String(request.headers['x-signature']))).to.equal(true);

    expect(await stored()).to.equal(SECRET);
    expect(await sealStoredWebhookSecrets(stack.db.em.fork(), box)).to.be.at.least(1);
    const sealed = await stored();
    expect(sealed).to.match(/^sb1:/).and.not.include(SECRET);
    expect(box.open(sealed)).to.equal(SECRET);
    expect(await sealStoredWebhookSecrets(stack.db.em.fork(), box), 'nothing left in plain text').to.equal(0);
  });
});
