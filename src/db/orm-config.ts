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
    // The session store's table is created by a migration but is not an entity; keep diffs from dropping it.
    schemaGenerator: { skipTables: ['user_sessions'] },
    migrations: {
      path: migrationsDir,
      pathTs: migrationsDir,
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: true,
    },
  });
}
