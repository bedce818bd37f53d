import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { canAccess, postgresAccount, runnableNativeDir, STAGING_ROOT } from '../../src/db/postgres-access.js';

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which cannot enter a folder only root can (a clone under
 * /root, a `mktemp -d` folder). Binaries and cluster then move to where it can; these tests build such a folder.
 */
describe('embedded PostgreSQL behind a folder only root can enter', function () {
  this.timeout(60_000);
  let locked: string;
  const cleanUp: string[] = [];

  before(function () {
    if (process.getuid?.() !== 0) this.skip();
  });

  beforeEach(async () => {
    locked = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-locked-'));
    await fs.chmod(locked, 0o700);
  });

  afterEach(async () => {
    for (const dir of cleanUp.splice(0)) await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(locked, { recursive: true, force: true });
  });

  it('when DATA_DIR is inside it, then the cluster starts in a stand-in folder the postgres user owns, and again on the same data', async () => {
    const dataDir = path.join(locked, 'data', 'postgres');
    const first = await startEmbeddedPostgres({ dataDir, port: 0 });
    cleanUp.push(first.dataDir, `${first.dataDir}.password`);
    try {
      expect(first.dataDir.startsWith(path.join(STAGING_ROOT, 'postgres-data'))).to.equal(true);
      await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir, port: 0 });
    try {
      expect(again.dataDir).to.equal(first.dataDir);
      expect((await query(again.url, 'SELECT id FROM kept')).rows).to.deep.equal([{ id: 7 }]);
    } finally {
      await again.stop();
    }
  });

  it('when the binaries are inside it, then a copy the postgres user can run is made once per version', async () => {
    const nativeDir = path.join(locked, 'native');
    await fs.mkdir(path.join(nativeDir, 'bin'), { recursive: true });
    for (const bin of ['initdb', 'postgres']) await fs.writeFile(path.join(nativeDir, 'bin', bin), '#!/bin/sh\n', { mode: 0o755 });
    const version = `test-${process.pid}-${Date.now()}`;
    const account = await postgresAccount();
    expect(await canAccess(account, '-x', path.join(nativeDir, 'bin', 'postgres'))).to.equal(false);

    const staged = await runnableNativeDir({ nativeDir, version }, account);
    cleanUp.push(staged);
    expect(staged).to.equal(path.join(STAGING_ROOT, 'postgres-bin', `${process.platform}-${process.arch}-${version}`));
    expect(await canAccess(account, '-x', path.join(staged, 'bin', 'postgres'))).to.equal(true);
    expect(await runnableNativeDir({ nativeDir, version }, account)).to.equal(staged);
  });

  it('when the packaged binaries are not executable at all, then it fails at once saying to run setup, copying nothing', async () => {
    const nativeDir = path.join(locked, 'native');
    await fs.mkdir(path.join(nativeDir, 'bin'), { recursive: true });
    for (const bin of ['initdb', 'postgres']) await fs.writeFile(path.join(nativeDir, 'bin', bin), '', { mode: 0o000 });
    const version = `test-broken-${process.pid}-${Date.now()}`;
    const failure = await runnableNativeDir({ nativeDir, version }, await postgresAccount()).catch((e: unknown) => e as Error);
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.match(/not executable; run `bash scripts\/setup\.sh` again/);
    const copies = await fs.readdir(path.join(STAGING_ROOT, 'postgres-bin')).catch(() => []);
    expect(copies.filter((name) => name.includes(version))).to.deep.equal([]);
  });
});

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
