import type { EntityManager } from '@mikro-orm/postgresql';
import { AlertChannel, DeliveryStatus, PriceKind, ProductStatus, type AlertRule, type AlertSide } from '../entities/index.js';
import { enqueueMail } from '../mail/outbox.js';
import { MailTemplate } from '../mail/templates.js';
import type { AlertCandidate } from '../tasks/contract.js';
import { matchingRules } from './alert-rules.js';

/**
 * Alert evaluation after a scheduled run, on the price history (`price_observations`, kind `current`).
 *
 * A change is the newest point of a page against the point before it. It counts for a run only when that run's
 * collection (or a later one) started the newest point (`first_product_id`): a failed, blocked or price-less
 * collection records nothing, so it can neither start a point nor break the series, and a point started by an
 * earlier run (including a confirmation re-fetch that saw the price flip back) is never evaluated again.
 */

interface Point extends AlertSide {
  id: number;
  first_product_id: number | null;
  last_product_id: number;
}

interface ScheduleRow {
  owner_id: number;
  alerts: AlertRule[];
  name: string | null;
  webhook_url: string | null;
  email_alerts: boolean;
  email: string;
  first_name: string | null;
  username: string;
  email_confirmed: boolean;
}

/** A history point's columns as `Point` reads them. */
const POINT_COLUMNS = 'id, amount::text as amount, currency, availability, first_product_id, last_product_id';

/** The newest two `current` points of a page, newest first (ids grow with every append of one series). */
async function latestPoints(em: EntityManager, ownerId: number, url: string, region: string | null): Promise<Point[]> {
  return em.execute<Point[]>(
    `select ${POINT_COLUMNS} from price_observations
      where owner_id = ? and url = ? and region = ? and kind = ? order by id desc limit 2`,
    [ownerId, url, region ?? '', PriceKind.Current],
  );
}

const side = (p: Point): AlertSide => ({ amount: p.amount, currency: p.currency, availability: p.availability });

async function scheduleRow(em: EntityManager, scheduleId: number): Promise<ScheduleRow | undefined> {
  const [row] = await em.execute<ScheduleRow[]>(
    `select s.owner_id, s.alerts, s.name, s.webhook_url, s.email_alerts, u.email, u.first_name, u.username, (u.email_confirmed_at is not null) as email_confirmed
       from schedules s join users u on u.id = s.owner_id where s.id = ?`,
    [scheduleId],
  );
  return row;
}

async function succeededProducts(em: EntityManager, taskId: number): Promise<{ id: number; url: string; region: string | null }[]> {
  return em.execute(`select id, url, region from task_products where task_id = ? and status = ? order by id`, [taskId, ProductStatus.Succeeded]);
}

/**
 * Pages of the run's task whose change (started by this run) matches at least one of the schedule's rules. One
 * query for the whole task: each succeeded product with the newest two `current` points of its page.
 */
export async function findAlertCandidates(em: EntityManager, scheduleId: number, taskId: number): Promise<AlertCandidate[]> {
  const schedule = await scheduleRow(em, scheduleId);
  if (!schedule || schedule.alerts.length === 0) return [];
  const rows = await em.execute<(Point & { product_id: number; url: string; region: string | null })[]>(
    `select p.id as product_id, p.url, p.region, o.id, o.amount, o.currency, o.availability, o.first_product_id, o.last_product_id
       from task_products p
       cross join lateral (
         select ${POINT_COLUMNS} from price_observations
          where owner_id = ? and url = p.url and region = coalesce(p.region, '') and kind = ? order by id desc limit 2) o
      where p.task_id = ? and p.status = ?
      order by p.id, o.id desc`,
    [schedule.owner_id, PriceKind.Current, taskId, ProductStatus.Succeeded],
  );
  const candidates: AlertCandidate[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    const [current, previous] = [rows[i]!, rows[i + 1]!];
    if (previous.product_id !== current.product_id) continue;
    i++;
    if (current.first_product_id === null || current.first_product_id < current.product_id) continue;
    if (matchingRules(schedule.alerts, side(previous), side(current)).length === 0) continue;
    candidates.push({ url: current.url, region: current.region, observationId: current.id });
  }
  return candidates;
}

export interface RaiseAlertsInput {
  scheduleId: number;
  taskId: number;
  confirmTaskId: number;
  candidates: AlertCandidate[];
}

/**
 * Raises the alerts the confirmation task agrees with: its re-fetch of the page succeeded and extended the same
 * newest point (a different price, or a failed re-fetch, raises nothing). Each alert and its deliveries (webhook,
 * email through the mail outbox) are written in one transaction; the unique key (schedule, rule, point) makes a
 * repeated call add nothing. Returns the ids of the alerts raised now.
 */
export async function raiseAlerts(em: EntityManager, input: RaiseAlertsInput): Promise<number[]> {
  return em.transactional(async (tx) => {
    const schedule = await scheduleRow(tx, input.scheduleId);
    if (!schedule) return [];
    const confirmations = await succeededProducts(tx, input.confirmTaskId);
    const raised: number[] = [];
    for (const c of input.candidates) {
      const check = confirmations.find((p) => p.url === c.url && p.region === c.region);
      if (!check) continue;
      const [current, previous] = await latestPoints(tx, schedule.owner_id, c.url, c.region);
      if (!current || !previous || current.id !== c.observationId || current.last_product_id < check.id) continue;
      for (const rule of matchingRules(schedule.alerts, side(previous), side(current))) {
        const id = await insertAlert(tx, schedule, input, c, rule, side(previous), side(current));
        if (id !== null) {
          await addDeliveries(tx, schedule, id, { rule, url: c.url, region: c.region, previous: side(previous), current: side(current) });
          raised.push(id);
        }
      }
    }
    return raised;
  });
}

async function insertAlert(
  em: EntityManager,
  schedule: ScheduleRow,
  input: RaiseAlertsInput,
  c: AlertCandidate,
  rule: AlertRule,
  previous: AlertSide,
  current: AlertSide,
): Promise<number | null> {
  const [row] = await em.execute<{ id: number }[]>(
    `insert into alerts (owner_id, schedule_id, task_id, confirm_task_id, rule, value, url, region, observation_id, previous, current, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, now())
     on conflict (schedule_id, rule, observation_id) do nothing returning id`,
    [schedule.owner_id, input.scheduleId, input.taskId, input.confirmTaskId, rule.rule, rule.value ?? null, c.url, c.region, c.observationId, JSON.stringify(previous), JSON.stringify(current)],
  );
  return row?.id ?? null;
}

async function addDeliveries(
  em: EntityManager,
  schedule: ScheduleRow,
  alertId: number,
  change: { rule: AlertRule; url: string; region: string | null; previous: AlertSide; current: AlertSide },
): Promise<void> {
  const insert = (channel: AlertChannel, status: DeliveryStatus, extra: { lastError?: string; mailDedupeKey?: string } = {}) =>
    em.execute(
      `insert into alert_deliveries (alert_id, channel, status, attempts, next_attempt_at, last_error, mail_dedupe_key, created_at) values (?, ?, ?, 0, now(), ?, ?, now())`,
      [alertId, channel, status, extra.lastError ?? null, extra.mailDedupeKey ?? null],
    );
  if (schedule.webhook_url) await insert(AlertChannel.Webhook, DeliveryStatus.Pending);
  if (!schedule.email_alerts) return;
  if (!schedule.email_confirmed) {
    await insert(AlertChannel.Email, DeliveryStatus.Failed, { lastError: 'the email address of the account is not confirmed' });
    return;
  }
  const dedupeKey = `price-alert-${alertId}`;
  await enqueueMail(em, {
    to: schedule.email,
    template: MailTemplate.PriceAlert,
    dedupeKey,
    payload: {
      firstName: schedule.first_name ?? '',
      username: schedule.username,
      scheduleName: schedule.name,
      rule: change.rule.rule,
      value: change.rule.value ?? null,
      url: change.url,
      region: change.region,
      previous: change.previous,
      current: change.current,
    },
  });
  await insert(AlertChannel.Email, DeliveryStatus.Pending, { mailDedupeKey: dedupeKey });
}
