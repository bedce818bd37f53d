import { getStack, stopSharedStack } from './stack.js';

/** Suites under these folders use the shared stack (`getStack()` in their `before` hooks). */
const STACK_SUITES = /[\\/]test[\\/](e2e|faults)[\\/]/;

/**
 * A generous bound for the eager start: each part fails on its own time limit well before this; a healthy
 * start takes well under a minute.
 */
const STACK_START_LIMIT_MS = 300_000;

/**
 * Mocha root hooks. When a suite needing the shared stack (PostgreSQL, Temporal, worker with Chromium, API) is
 * selected, the stack starts before any test: a part that cannot start then fails the run at once, with one
 * message naming it, rather than in the middle of the run. It is stopped once after all tests.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    if (!needsStack(this.test?.parent)) return;
    this.timeout(STACK_START_LIMIT_MS);
    await getStack();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedStack();
  },
};

function needsStack(root: Mocha.Suite | undefined): boolean {
  const files = (suite: Mocha.Suite): string[] => [suite.file ?? '', ...suite.suites.flatMap(files)];
  return root ? files(root).some((file) => STACK_SUITES.test(file)) : false;
}
