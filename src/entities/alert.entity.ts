import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';
import { Schedule } from './schedule.entity.js';

/** Values of one side of a change: the price (kind `current`) and availability of a history point. */
export interface AlertSide {
  /** Null when the page showed no price (it said the product is unavailable). */
  amount: string | null;
  currency: string | null;
  availability: string | null;
}

/**
 * A confirmed change of a watched page that matched one rule of a schedule. Unique per (schedule, rule, history
 * point), so the same change never alerts twice, whatever retries or later runs do.
 */
export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  uniques: [{ properties: ['schedule', 'rule', 'observationId'] }],
  indexes: [{ properties: ['owner', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
    schedule: () => p.manyToOne(Schedule).deleteRule('cascade'),
    /** The run's price task that saw the change. */
    taskId: p.integer(),
    /** The confirmation task whose re-fetch agreed with the change. */
    confirmTaskId: p.integer(),
    rule: p.string().length(32),
    /** The rule's parameter (target amount, percent); null for rules without one. */
    value: p.decimal('string').columnType('numeric').nullable(),
    url: p.text(),
    region: p.string().length(64).nullable(),
    /** The history point (`price_observations.id`, kind `current`) the change arrived at. */
    observationId: p.integer(),
    previous: p.json<AlertSide>(),
    current: p.json<AlertSide>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAlert = InferEntity<typeof Alert>;
