import { initDatabase } from '../../db/orm.js';
import { need, type Part } from '../part.js';

/** The ORM's connection pool, with pending migrations applied unless `options.migrate` is false. */
export const database: Part = {
  name: 'Database',
  hint: 'check that the PostgreSQL at DATABASE_URL accepts connections and that its migrations apply',
  async start({ logger, options, state }) {
    const log = logger.child({ component: 'orm' });
    const db = await initDatabase(need(state.databaseUrl, 'the database URL'), {
      migrate: options.migrate ?? true,
      log: (message) => log.info(message),
    });
    state.db = db;
    return () => db.close();
  },
};
