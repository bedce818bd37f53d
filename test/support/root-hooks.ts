import { stopSharedStack } from './stack.js';

/** Mocha root hooks: the shared stack (PostgreSQL, Temporal, worker, API) is stopped once after all tests. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedStack();
  },
};
