import { expect } from 'chai';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createScrapeActivities } from '../../src/activities/scrape.activities.js';
import type { Database } from '../../src/db/orm.js';
import type { BrowserPool } from '../../src/scraping/index.js';

/** A database whose every query fails the way PostgreSQL does when a table is missing. */
function brokenDatabase(): Database {
  const fail = () => Promise.reject(new Error('relation "task_products" does not exist; select * from task_products where id = 7'));
  const em = { fork: () => em, execute: fail, transactional: fail, findOne: fail, nativeUpdate: fail };
  return { em, orm: null, close: () => Promise.resolve() } as unknown as Database;
}

describe('scrape activity failures', () => {
  it('when an internal error interrupts a scrape, then the failure names a reference and none of the internal text', async () => {
    const logged: unknown[] = [];
    const record = (level: string) => (message: string, meta?: Record<string, unknown>) => void logged.push({ level, message, meta });
    const logger = { log: (level: string, message: string, meta?: Record<string, unknown>) => void logged.push({ level, message, meta }), trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    const env = new MockActivityEnvironment({}, { logger });
    const activities = createScrapeActivities({
      db: brokenDatabase(),
      pool: {} as BrowserPool,
      policy: { allowPrivateTargets: true },
      navigationTimeoutMs: 1000,
      maxPageBytes: 1024,
    });
    const failure = await env.run((input: Parameters<typeof activities.scrapeProduct>[0]) => activities.scrapeProduct(input), { kind: 'offer', taskId: 1, productId: 7, url: 'http://127.0.0.1:9/p', region: null }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).to.be.instanceOf(ApplicationFailure);
    const app = failure as ApplicationFailure;
    expect(app.type).to.equal('UnexpectedScrapeError');
    expect(app.details).to.deep.equal([{ code: 'internal-error' }]);
    const ref = /reference (E-[0-9a-f]{8})/.exec(app.message)?.[1];
    expect(ref, app.message).to.be.a('string');
    expect(app.message).to.not.match(/relation|task_products|select/);
    expect(JSON.stringify(logged), 'the detail is in the log under the same reference').to.include(ref).and.include('does not exist');
  });
});
