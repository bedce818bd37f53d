import { NativeConnection } from '@temporalio/worker';
import { installTemporalRuntime } from '../../temporal/runtime.js';
import { startWorkers, type RunningWorkers } from '../../worker/worker.js';
import { need, type Part } from '../part.js';

const NAME = 'Temporal worker';

/** The workflow and browser workers, on their own native connection; stopping drains them first. */
export const worker: Part = {
  name: NAME,
  async start({ config, logger, options, state, reportFailure }) {
    const log = logger.child({ component: 'worker' });
    installTemporalRuntime(logger.child({ component: 'temporal-sdk' }));
    const db = need(state.db, 'the database');
    const connection = await NativeConnection.connect({ address: need(state.temporalAddress, 'the Temporal address') });
    let current: RunningWorkers;
    // Only the workers in service count as failed: ones being replaced or stopped may end with an error on purpose.
    let inService: RunningWorkers | null = null;
    const launch = async () => {
      const workers = await startWorkers({ config, db, connection, logger: log, workflowBundle: options.workflowBundle });
      workers.done.catch((err: unknown) => {
        if (workers === inService) reportFailure(NAME, err);
      });
      current = inService = workers;
    };
    try {
      await launch();
    } catch (err) {
      await connection.close();
      throw err;
    }
    state.workerConnection = connection;
    state.workers = {
      get current() {
        return current;
      },
      async restart() {
        inService = null;
        await current.stop();
        await launch();
      },
    };
    return async () => {
      inService = null;
      await current.stop();
      await connection.close();
    };
  },
};
