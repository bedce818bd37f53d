import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { allEntities } from '../entities/index.js';
import { migrationsList } from './migrations/index.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** MikroORM options for one PostgreSQL URL. Migrations are listed explicitly so `tsx` and compiled `dist` agree. */
export function ormOptions(databaseUrl: string, poolMax = 10, log: (message: string) => void = () => undefined): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: allEntities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    debug: false,
    colors: false,
    logger: log,
    // The session store's and the throttles' tables are created by migrations but are not entities; keep diffs from dropping them.
    schemaGenerator: { skipTables: ['user_sessions', 'rate_limits'] },
    migrations: {
      path: migrationsDir,
      pathTs: migrationsDir,
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      // One snapshot, written only by `migration:create`: a running service never writes into its own source tree,
      // whatever its database is called.
      snapshotName: '.snapshot-price_collector',
      snapshotOnMigrate: false,
    },
  });
}
