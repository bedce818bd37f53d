import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Part } from '../part.js';

const run = promisify(execFile);

/**
 * Workers launch Chromium lazily, at the first page; without this check a wrong CHROMIUM_PATH would only show
 * as every scrape failing. `--version` runs the real binary in milliseconds without opening a browser.
 */
export const chromium: Part = {
  name: 'Chromium',
  hint: 'install Chromium (Debian: `apt-get install -y chromium`, or `bash scripts/setup.sh` as root) or set CHROMIUM_PATH to a Chrome/Chromium binary',
  startTimeoutMs: 30_000,
  async start({ config, logger }) {
    const { stdout } = await run(config.CHROMIUM_PATH, ['--version'], { timeout: 15_000 }).catch((err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ENOENT' ? 'no such file' : err.message;
      throw new Error(`${config.CHROMIUM_PATH} (CHROMIUM_PATH) does not run: ${reason}`);
    });
    logger.debug({ component: 'chromium', version: stdout.trim() }, 'Chromium found');
    return async () => undefined;
  },
};
