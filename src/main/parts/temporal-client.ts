import { Client, Connection } from '@temporalio/client';
import { need, type Part } from '../part.js';

/** The client the API (and tests) start and query workflows with. */
export const temporalClient: Part = {
  name: 'Temporal client',
  hint: 'check that the Temporal frontend (TEMPORAL_ADDRESS or the dev server) answers',
  startTimeoutMs: 30_000,
  async start({ config, state }) {
    const connection = await Connection.connect({ address: need(state.temporalAddress, 'the Temporal address') });
    state.client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    return () => connection.close();
  },
};
