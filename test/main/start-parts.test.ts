import { expect } from 'chai';
import { pino } from 'pino';
import { startParts } from '../../src/main/start-parts.js';
import { PartStartError, type Part, type PartContext } from '../../src/main/part.js';
import { loadConfig } from '../../src/config/config.js';

/** The ordering rules every part relies on, with parts that only record what happened. */
describe('startParts', () => {
  let events: string[];
  let errors: string[];
  let ctx: PartContext;

  beforeEach(() => {
    events = [];
    errors = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line).msg) });
    ctx = { config: loadConfig({}), logger, options: { logger }, state: {}, reportFailure: () => undefined };
  });

  function part(name: string, behaviour: { failStart?: boolean; failStop?: boolean } = {}): Part {
    return {
      name,
      async start() {
        if (behaviour.failStart) throw new Error('boom');
        events.push(`start ${name}`);
        return async () => {
          events.push(`stop ${name}`);
          if (behaviour.failStop) throw new Error('stuck');
        };
      },
    };
  }

  it('when stopped, then parts stop in reverse start order and a failing stop does not keep the others running', async () => {
    const stop = await startParts([part('a'), part('b', { failStop: true }), part('c')], ctx);
    await stop();
    expect(events).to.deep.equal(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(errors).to.deep.equal(['b did not stop cleanly']);
  });

  it('when stopped twice, then each part stops once', async () => {
    const stop = await startParts([part('a')], ctx);
    await Promise.all([stop(), stop()]);
    expect(events).to.deep.equal(['start a', 'stop a']);
  });

  it('when a part cannot start, then the ones before it are stopped and the error names it and keeps the cause', async () => {
    const failure = await startParts([part('a'), part('b'), part('Chromium', { failStart: true }), part('d')], ctx).catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(PartStartError);
    expect((failure as PartStartError).message).to.equal('Chromium could not start: boom');
    expect((failure as PartStartError).part).to.equal('Chromium');
    expect(((failure as Error).cause as Error).message).to.equal('boom');
    expect(events).to.deep.equal(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('when a part has a hint, then the start-up error ends with what to do', async () => {
    const failing: Part = { ...part('Chromium', { failStart: true }), hint: 'set CHROMIUM_PATH' };
    const failure = await startParts([failing], ctx).catch((e: unknown) => e);
    expect((failure as PartStartError).message).to.equal('Chromium could not start: boom\nWhat to do: set CHROMIUM_PATH');
  });

  it('when a part does not start within its time limit, then start-up fails naming it, and a late start is stopped', async () => {
    let finishStart: () => void = () => undefined;
    const hanging: Part = {
      name: 'PostgreSQL',
      startTimeoutMs: 50,
      async start() {
        await new Promise<void>((resolve) => (finishStart = resolve));
        events.push('start PostgreSQL');
        return async () => void events.push('stop PostgreSQL');
      },
    };
    const started = Date.now();
    const failure = await startParts([part('a'), hanging, part('c')], ctx).catch((e: unknown) => e);
    expect(Date.now() - started).to.be.below(1_000);
    expect((failure as PartStartError).message).to.equal('PostgreSQL could not start: it did not start within 0.05 s');
    expect(events).to.deep.equal(['start a', 'stop a']);
    finishStart();
    await new Promise((r) => setTimeout(r, 10));
    expect(events).to.deep.equal(['start a', 'stop a', 'start PostgreSQL', 'stop PostgreSQL']);
  });

  it('when start-up is aborted, then the next part does not start and the started ones stop', async () => {
    const abort = new AbortController();
    const aborting: Part = {
      name: 'aborting',
      async start() {
        abort.abort();
        return async () => void events.push('stop aborting');
      },
    };
    const failure = await startParts([part('a'), aborting, part('c')], ctx, abort.signal).catch((e: unknown) => e);
    expect((failure as Error).message).to.equal('start-up interrupted before c');
    expect(events).to.deep.equal(['start a', 'stop aborting', 'stop a']);
  });
});
