import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';

interface MochaRun {
  output: string;
  exitCode: number;
  elapsedMs: number;
}

const SUITES = ['test/e2e/cancel.e2e.test.ts', 'test/e2e/spec-task.e2e.test.ts'];

/**
 * A part of the shared stack that cannot start (here Chromium, via CHROMIUM_PATH) must fail the end-to-end
 * suites at once, naming the part, instead of each suite waiting for its hook timeout. Runs mocha as a child.
 */
describe('shared test stack that cannot start', function () {
  this.timeout(90_000);

  it('when suites start it lazily, then the first fails naming the part and the next fails at once with the same reason', async () => {
    const run = await mocha(['--no-config', '--timeout', '60000', '--exit', ...SUITES]);
    expect(run.exitCode).to.not.equal(0);
    expect(run.output.match(/"before all" hook/g)?.length).to.be.at.least(2);
    const reasons = run.output.match(/Chromium could not start: .*does not run: no such file/g) ?? [];
    expect(new Set(reasons).size).to.equal(1);
    expect(run.output.match(/StackStartError/g)?.length).to.equal(2);
    expect(run.elapsedMs).to.be.below(45_000);
  });

  it('when run with the root hooks, then the run stops before any test with one message saying what to do', async () => {
    const run = await mocha([...SUITES]);
    expect(run.exitCode).to.not.equal(0);
    expect(run.output).to.include('"before all" hook: beforeAll in "{root}"');
    expect(run.output).to.match(/1 failing/);
    expect(run.output).to.match(/What to do: install Chromium/);
    expect(run.elapsedMs).to.be.below(45_000);
  });
});

function mocha(args: string[]): Promise<MochaRun> {
  const root = projectRoot();
  const started = Date.now();
  const env = { ...process.env, CHROMIUM_PATH: '/nonexistent' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(root, 'node_modules/mocha/bin/mocha.js'), ...args], { cwd: root, env }, (err, stdout, stderr) => {
      const exitCode = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ output: stdout + stderr, exitCode, elapsedMs: Date.now() - started });
    });
  });
}
