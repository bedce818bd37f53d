import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type RawConfig } from '../../src/config/config.js';
import { PartStartError, startService } from '../../src/main/composition-root.js';
import { commandLine } from '../../src/util/child-process.js';
import { findFreePort } from '../../src/util/free-port.js';

/** A part that cannot start makes the whole service fail at once, naming it, with nothing left running. */
describe('composition root', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-root-'));
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function start(overrides: Partial<RawConfig>): Promise<{ error: PartStartError; elapsedMs: number }> {
    const config = loadConfig(
      {},
      {
        DATA_DIR: dataDir,
        TEMPORAL_DEV_PORT: await findFreePort(),
        TEMPORAL_UI_PORT: await findFreePort(),
        TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
        CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        ...overrides,
      },
    );
    const started = Date.now();
    const outcome = await startService(config, { logger: pino({ level: 'silent' }), apiPort: 0, temporalDevServer: { persistent: false } }).then(
      async (service) => {
        await service.stop();
        throw new Error('the service started');
      },
      (err: unknown) => err,
    );
    expect(outcome).to.be.instanceOf(PartStartError);
    return { error: outcome as PartStartError, elapsedMs: Date.now() - started };
  }

  /** Processes whose command line mentions this test's data directory (PostgreSQL runs with `-D <dir>`). */
  function processesUsingDataDir(): string[] {
    return fsProcEntries()
      .map(commandLine)
      .filter((cmd) => cmd.includes(dataDir));
  }

  it('when CHROMIUM_PATH points at a missing file, then it fails within seconds naming Chromium, before any server started', async () => {
    const { error, elapsedMs } = await start({ CHROMIUM_PATH: path.join(dataDir, 'no-chromium') });
    expect(error.part).to.equal('Chromium');
    expect(error.message).to.match(/^Chromium could not start: .*no-chromium \(CHROMIUM_PATH\) does not run: no such file/);
    expect(elapsedMs).to.be.below(5_000);
    expect(await fs.readdir(dataDir), 'nothing created in the data directory').to.deep.equal([]);
  });

  it('when the temporal CLI does not exist, then it fails naming the Temporal dev server and the PostgreSQL it started is stopped', async () => {
    const { error, elapsedMs } = await start({ TEMPORAL_CLI_PATH: path.join(dataDir, 'no-temporal') });
    expect(error.part).to.equal('Temporal dev server');
    expect(error.message).to.match(/^Temporal dev server could not start: the temporal CLI .*no-temporal does not exist/);
    expect(elapsedMs).to.be.below(30_000);
    expect(await fs.readdir(dataDir), 'PostgreSQL did start before').to.include('postgres');
    expect(processesUsingDataDir()).to.deep.equal([]);
  });

  it('when the temporal CLI exits at once, then it fails with its output instead of waiting for the start-up timeout', async () => {
    const { error, elapsedMs } = await start({ TEMPORAL_CLI_PATH: '/bin/false' });
    expect(error.message).to.match(/^Temporal dev server could not start: the Temporal dev server exited during start-up/);
    expect(elapsedMs).to.be.below(30_000);
    expect(processesUsingDataDir()).to.deep.equal([]);
  });

  it('when the temporal CLI path cannot be executed, then the spawn error fails start-up instead of crashing the process', async () => {
    const notExecutable = path.join(dataDir, 'a-folder');
    await fs.mkdir(notExecutable);
    const { error } = await start({ TEMPORAL_CLI_PATH: notExecutable });
    expect(error.message).to.match(/^Temporal dev server could not start: the Temporal dev server exited during start-up[\s\S]*EACCES/);
    expect(processesUsingDataDir()).to.deep.equal([]);
  });
});

function fsProcEntries(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}
