/**
 * Developer command: `npm run migration:create` diffs the entities against the migration snapshot and writes a
 * new migration file (register it in migrations/index.ts). Needs DATABASE_URL or starts a throw-away embedded
 * PostgreSQL.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';

async function main(): Promise<void> {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-migrate-'));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: 0 });
    url = pg.url;
    stop = async () => {
      await pg.stop();
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  const orm = await MikroORM.init(ormOptions(url));
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, false, process.argv[3]);
    console.log(result.fileName ? `created ${result.fileName}` : 'no changes');
  } finally {
    await orm.close(true);
    await stop?.();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
