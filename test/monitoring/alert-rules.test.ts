import { expect } from 'chai';
import type { AlertRule, AlertSide } from '../../src/entities/index.js';
import { alertRulesSchema, matchingRules, ruleMatches } from '../../src/monitoring/alert-rules.js';

const side = (amount: string, availability: string | null = 'InStock', currency: string | null = 'RUB'): AlertSide => ({ amount, currency, availability });

describe('alert rules', () => {
  it('when the amount or the currency changes, then any_change matches; an equal amount written differently does not', () => {
    const rule: AlertRule = { rule: 'any_change' };
    expect(ruleMatches(rule, side('1299'), side('999'))).to.equal(true);
    expect(ruleMatches(rule, side('1299'), side('1299', 'InStock', 'USD'))).to.equal(true);
    expect(ruleMatches(rule, side('1299'), side('1299.00'))).to.equal(false);
    expect(ruleMatches(rule, side('1299', 'InStock'), side('1299', 'OutOfStock'))).to.equal(false);
  });

  it('when one side has no price (sold out, none shown), then the price rules stay silent but a price back at or below the target is a crossing', () => {
    const gone: AlertSide = { amount: null, currency: null, availability: 'OutOfStock' };
    expect(ruleMatches({ rule: 'any_change' }, side('1299'), gone)).to.equal(false);
    expect(ruleMatches({ rule: 'any_change' }, gone, side('1299'))).to.equal(false);
    expect(ruleMatches({ rule: 'drop_percent', value: 10 }, side('1299'), gone)).to.equal(false);
    expect(ruleMatches({ rule: 'drop_percent', value: 10 }, gone, side('999'))).to.equal(false);
    expect(ruleMatches({ rule: 'price_at_or_below', value: 1000 }, side('999'), gone)).to.equal(false);
    expect(ruleMatches({ rule: 'price_at_or_below', value: 1000 }, gone, side('999'))).to.equal(true);
    expect(ruleMatches({ rule: 'price_at_or_below', value: 1000 }, gone, side('1299'))).to.equal(false);
    expect(ruleMatches({ rule: 'out_of_stock' }, side('1299'), gone)).to.equal(true);
    expect(ruleMatches({ rule: 'back_in_stock' }, gone, side('1299'))).to.equal(true);
  });

  it('when the price crosses the target, then price_at_or_below matches once: not while it stays below, not from below', () => {
    const rule: AlertRule = { rule: 'price_at_or_below', value: 1000 };
    expect(ruleMatches(rule, side('1299'), side('1000'))).to.equal(true);
    expect(ruleMatches(rule, side('1299'), side('999'))).to.equal(true);
    expect(ruleMatches(rule, side('999'), side('950'))).to.equal(false);
    expect(ruleMatches(rule, side('1299'), side('1001'))).to.equal(false);
    expect(ruleMatches(rule, side('900'), side('1299'))).to.equal(false);
    expect(ruleMatches(rule, side('1299'), side('999', 'InStock', 'USD'))).to.equal(false);
  });

  it('when the price drops by at least N %, then drop_percent matches, the boundary included; rises and smaller drops do not', () => {
    const rule: AlertRule = { rule: 'drop_percent', value: 10 };
    expect(ruleMatches(rule, side('1000'), side('900'))).to.equal(true);
    expect(ruleMatches(rule, side('1000'), side('900.01'))).to.equal(false);
    expect(ruleMatches(rule, side('1299'), side('999'))).to.equal(true);
    expect(ruleMatches(rule, side('900'), side('1000'))).to.equal(false);
    expect(ruleMatches({ rule: 'drop_percent', value: 33.3 }, side('0.3'), side('0.2'))).to.equal(true);
  });

  it('when availability goes from unavailable to orderable, then back_in_stock matches, and out_of_stock the reverse', () => {
    for (const gone of ['OutOfStock', 'SoldOut', 'Discontinued']) {
      for (const there of ['InStock', 'LimitedAvailability']) {
        expect(ruleMatches({ rule: 'back_in_stock' }, side('1', gone), side('1', there)), `${gone} → ${there}`).to.equal(true);
        expect(ruleMatches({ rule: 'out_of_stock' }, side('1', there), side('1', gone)), `${there} → ${gone}`).to.equal(true);
        expect(ruleMatches({ rule: 'back_in_stock' }, side('1', there), side('1', gone))).to.equal(false);
      }
    }
    expect(ruleMatches({ rule: 'back_in_stock' }, side('1', null), side('1', 'InStock'))).to.equal(false);
    expect(ruleMatches({ rule: 'out_of_stock' }, side('1', 'PreOrder'), side('1', 'OutOfStock'))).to.equal(false);
  });

  it('when several rules are set, then only the matching ones are returned', () => {
    const rules: AlertRule[] = [{ rule: 'any_change' }, { rule: 'drop_percent', value: 50 }, { rule: 'price_at_or_below', value: 1000 }];
    expect(matchingRules(rules, side('1299'), side('999')).map((r) => r.rule)).to.deep.equal(['any_change', 'price_at_or_below']);
  });

  it('when rules are validated, then values are required where they count, in range, refused elsewhere, and duplicates are refused', () => {
    const issues = (rules: unknown) => {
      const parsed = alertRulesSchema.safeParse(rules);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues([{ rule: 'any_change' }, { rule: 'drop_percent', value: 5 }, { rule: 'price_at_or_below', value: 999.5 }])).to.deep.equal([]);
    expect(issues([{ rule: 'drop_percent' }])).to.deep.equal(['0.value: `drop_percent` needs a value']);
    expect(issues([{ rule: 'drop_percent', value: 100 }])[0]).to.match(/^0\.value: .*below 100/);
    expect(issues([{ rule: 'drop_percent', value: 0 }])[0]).to.match(/^0\.value: /);
    expect(issues([{ rule: 'price_at_or_below' }])).to.deep.equal(['0.value: `price_at_or_below` needs a value']);
    expect(issues([{ rule: 'price_at_or_below', value: -1 }])[0]).to.match(/^0\.value: /);
    expect(issues([{ rule: 'back_in_stock', value: 3 }])).to.deep.equal(['0.value: `back_in_stock` takes no value']);
    expect(issues([{ rule: 'any_change' }, { rule: 'any_change' }])).to.deep.equal(['1: the same rule is given twice']);
    expect(issues([{ rule: 'price_drop' }])[0]).to.match(/^0\.rule: /);
    expect(issues([{ rule: 'any_change', extra: 1 }])[0]).to.match(/^0: /);
  });
});
