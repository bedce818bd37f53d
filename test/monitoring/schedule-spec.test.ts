import { expect } from 'chai';
import { cronMinGapSecs, durationSecs, isTimeZone } from '../../src/monitoring/schedule-spec.js';

describe('schedule timing', () => {
  it('when an ISO 8601 duration is read, then weeks to seconds count and years, months and empty parts are refused', () => {
    expect(durationSecs('PT6H')).to.equal(21_600);
    expect(durationSecs('P1DT30M')).to.equal(88_200);
    expect(durationSecs('P2W')).to.equal(1_209_600);
    for (const bad of ['P', 'PT', 'P1M', 'P1Y', '6H', 'PT6X', 'pt6h', 'P1DT']) expect(durationSecs(bad), bad).to.equal(null);
  });

  it('when a cron expression is read, then the shortest gap between runs within a day is its interval', () => {
    expect(cronMinGapSecs('0 9 * * 1-5')).to.equal(86_400);
    expect(cronMinGapSecs('*/5 * * * *')).to.equal(300);
    expect(cronMinGapSecs('0,50 8 * * *')).to.equal(3_000);
    expect(cronMinGapSecs('0 */6 * * *')).to.equal(21_600);
    expect(cronMinGapSecs('55 23,0 * * *')).to.equal(3_600);
    for (const bad of ['* * *', '61 * * * *', '0 24 * * *', '0 9 * * 7', '5-1 * * * *', '*/0 * * * *', 'a b c d e']) expect(cronMinGapSecs(bad), bad).to.equal(null);
  });

  it('when a time zone is checked, then IANA names pass and others do not', () => {
    expect(isTimeZone('Europe/Moscow')).to.equal(true);
    expect(isTimeZone('UTC')).to.equal(true);
    expect(isTimeZone('Mars/Olympus')).to.equal(false);
    expect(isTimeZone('+03:00')).to.equal(false);
  });
});
