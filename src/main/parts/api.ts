import { startApi } from '../../api/api-runtime.js';
import { resolveSecretsKeys } from '../../config/secrets-key.js';
import { resolveSessionSecrets } from '../../config/session-secret.js';
import { need, type Part } from '../part.js';

/** The HTTP API on config.PORT (or `options.apiPort`). */
export const api: Part = {
  name: 'API',
  hint: 'free the port (PORT) or choose another one',
  startTimeoutMs: 30_000,
  async start({ config, logger, options, state }) {
    const server = await startApi({
      config,
      databaseUrl: need(state.databaseUrl, 'the database URL'),
      db: need(state.db, 'the database'),
      temporal: need(state.client, 'the Temporal client'),
      logger: logger.child({ component: 'api' }),
      sessionSecrets: options.sessionSecrets ?? resolveSessionSecrets(config),
      secretsKeys: resolveSecretsKeys(config),
      port: options.apiPort,
    });
    state.apiUrl = server.url;
    return () => server.stop();
  },
};
