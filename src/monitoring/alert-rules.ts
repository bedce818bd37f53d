import { z } from 'zod';
import type { AlertRule, AlertSide } from '../entities/index.js';
import { isAvailable, isUnavailable } from './availability-terms.js';

/** The rules a schedule may alert on. */
export const ALERT_RULES = ['any_change', 'price_at_or_below', 'drop_percent', 'back_in_stock', 'out_of_stock'] as const;
export type AlertRuleName = (typeof ALERT_RULES)[number];

const RULES_WITH_VALUE: ReadonlySet<AlertRuleName> = new Set(['price_at_or_below', 'drop_percent']);

/** One rule as the API takes it: `value` is required by (and only allowed with) the rules that compare against it. */
export const alertRuleSchema = z
  .strictObject({
    rule: z.enum(ALERT_RULES).meta({ description: 'When to alert (see the README, "Price alerts").', example: 'drop_percent' }),
    value: z.number().finite().optional().meta({ description: '`price_at_or_below`: the target amount (> 0); `drop_percent`: N with 0 < N < 100. Not allowed with the other rules.', example: 10 }),
  })
  .superRefine((r, ctx) => {
    if (!RULES_WITH_VALUE.has(r.rule)) {
      if (r.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `\`${r.rule}\` takes no value` });
      return;
    }
    if (r.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `\`${r.rule}\` needs a value` });
    else if (r.rule === 'price_at_or_below' && !(r.value > 0)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'the target amount must be above 0' });
    else if (r.rule === 'drop_percent' && !(r.value > 0 && r.value < 100)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'the percentage must be above 0 and below 100' });
  })
  .meta({ id: 'AlertRule' });

export const alertRulesSchema = z
  .array(alertRuleSchema)
  .max(ALERT_RULES.length * 4)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      const key = `${r.rule}:${r.value ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'the same rule is given twice' });
      seen.add(key);
    });
  });

/**
 * Whether going from `previous` to `current` (two consecutive history points of the `current` price) matches
 * `rule`. Pure; the amounts are decimal strings as stored, null where the page said the product is unavailable and
 showed no price: a price rule needs a price on the side it reads, so only the availability rules see such a point,
 except that a price reappearing at or below the target after a price-less spell is a crossing.
 */
export function ruleMatches(rule: AlertRule, previous: AlertSide, current: AlertSide): boolean {
  const prev = previous.amount === null ? null : Number(previous.amount);
  const cur = current.amount === null ? null : Number(current.amount);
  const sameCurrency = previous.currency === current.currency;
  switch (rule.rule) {
    case 'any_change':
      return prev !== null && cur !== null && (prev !== cur || !sameCurrency);
    case 'price_at_or_below':
      return cur !== null && cur <= rule.value! && (prev === null || (sameCurrency && prev > rule.value!));
    case 'drop_percent':
      // (prev - cur) / prev * 100 >= N, multiplied out so no division rounds a boundary case away.
      return prev !== null && cur !== null && sameCurrency && prev > 0 && (prev - cur) * 100 >= rule.value! * prev;
    case 'back_in_stock':
      return isUnavailable(previous.availability) && isAvailable(current.availability);
    case 'out_of_stock':
      return isAvailable(previous.availability) && isUnavailable(current.availability);
  }
}

/** The rules of `rules` that the change matches. */
export function matchingRules(rules: readonly AlertRule[], previous: AlertSide, current: AlertSide): AlertRule[] {
  return rules.filter((r) => ruleMatches(r, previous, current));
}

/** The alert settings of a schedule as `POST` takes them (and `PATCH`, where `webhook: null` removes the webhook). */
export const webhookInputSchema = z
  .strictObject({
    url: z.string().max(2048).meta({ description: 'Where alerts are POSTed (http/https; checked by the URL gate when saved and again at every send).', example: 'https://hooks.example.com/prices' }),
    secret: z.string().min(16).max(256).meta({ description: 'Key of the `X-Signature` HMAC-SHA256 (at least 16 characters). Never returned.', example: 'a-long-random-shared-secret' }),
  })
  .meta({ id: 'WebhookInput' });

export const alertSettingsShape = {
  alerts: alertRulesSchema.optional().meta({ description: 'Rules evaluated after every run; a change confirmed by a re-fetch raises one alert per matching rule.', example: [{ rule: 'drop_percent', value: 10 }] }),
  webhook: webhookInputSchema.optional(),
  email: z.boolean().optional().meta({ description: "Also send alerts to the owner's confirmed email address.", example: true }),
};

/** Only the alert settings of a body, so their problems can be answered as 422 with field paths. */
export const alertSettingsSchema = z.object({ ...alertSettingsShape, webhook: webhookInputSchema.nullable().optional() });

export const webhookViewSchema = z
  .object({
    url: z.string(),
    hasSecret: z.boolean().meta({ description: 'A secret is set (it is never shown).' }),
  })
  .meta({ id: 'Webhook' });
