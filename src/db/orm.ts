import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-config.js';

export interface Database {
  orm: MikroORM;
  /** Global entity manager: fork it (`em.fork()`) per request and per activity call, never use it directly. */
  em: EntityManager;
  close(): Promise<void>;
}

/**
 * The one composition root of data access. Applies pending migrations when asked (the launcher and tests do;
 * production runs them as a deploy step), so every process sees the same schema.
 */
export async function initDatabase(databaseUrl: string, options: { migrate?: boolean; poolMax?: number; log?: (message: string) => void } = {}): Promise<Database> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, options.poolMax, options.log));
  if (options.migrate) await orm.migrator.up();
  return {
    orm,
    em: orm.em,
    close: () => orm.close(true),
  };
}
