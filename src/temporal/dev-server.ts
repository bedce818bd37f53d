import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from './search-attributes.js';
import { killOnExit, stopChild, stopStaleProcess } from '../util/child-process.js';

export interface DevServerOptions {
  /** The `temporal` CLI binary. */
  cliPath: string;
  /** SQLite file for persistence; omit for an in-memory server (tests). */
  dbFile?: string;
  port: number;
  uiPort: number;
  namespace: string;
  onLog?: (line: string) => void;
  /** How long to wait for the frontend to answer. @default 60000 */
  startTimeoutMs?: number;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` (server + Web UI in one binary) with our search attributes registered and
 * every outbound call of the UI and server switched off, since the machines have no internet.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    '--ui-disable-news-fetch' ,
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    ...Object.entries(SEARCH_ATTRIBUTE_DEFINITIONS).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const pidFile = options.dbFile ? `${options.dbFile}.pid` : null;
  if (pidFile) await stopStaleProcess(pidFile, 'start-dev', 'SIGTERM', 10_000);
  // Detached: a terminal's Ctrl-C reaches only the launcher, which stops Temporal after the workers drained.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const unhook = killOnExit(child, 'SIGTERM');
  if (pidFile && child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
  const log = options.onLog ?? (() => undefined);
  child.stdout?.on('data', (d) => log(String(d).trim()));
  child.stderr?.on('data', (d) => log(String(d).trim()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitForFrontend(address, exited, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stopChild(child, 'SIGTERM', 5_000);
    throw err;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    process: child,
    async stop() {
      unhook();
      await stopChild(child, 'SIGTERM', 10_000);
      if (pidFile) fs.rmSync(pidFile, { force: true });
    },
  };
}

async function waitForFrontend(address: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failed = false;
  void exited.then(() => (failed = true));
  while (Date.now() < deadline) {
    if (failed) throw new Error('the Temporal dev server exited during start-up; see its log above');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs} ms`);
}

/** Finds the `temporal` CLI: explicit path, the project's venv, then PATH. */
export function locateTemporalCli(explicit: string | undefined, projectRoot: string): string {
  if (explicit) return explicit;
  const venv = path.join(projectRoot, '.tools', 'venv', 'bin', 'temporal');
  if (fs.existsSync(venv)) return venv;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('the temporal CLI was not found; run `npm run setup` (installs it into .tools/venv) or set TEMPORAL_CLI_PATH');
}
