import pg from 'pg';

/**
 * A small pg pool for the session store. An idle client's `error` event (the server restarted, a connection
 * was killed) would otherwise crash the process; logging it is enough, the pool replaces the client.
 */
export function createSessionPool(databaseUrl: string, onError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  pool.on('error', onError);
  return pool;
}
