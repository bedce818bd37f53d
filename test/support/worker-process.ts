import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Stack } from './stack.js';
import { projectRoot } from '../../src/util/project-root.js';
import { childrenOf, commandLine } from '../../src/util/child-process.js';

export { childrenOf, isAlive } from '../../src/util/child-process.js';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  /** PIDs of the Chromium processes this worker launched (direct children). */
  chromiumPids(): number[];
}

/**
 * Runs `src/worker/main.ts` as its own OS process against the test stack's PostgreSQL and Temporal, so tests
 * can kill -9 or SIGTERM a real worker. Resolves once the worker says it is running.
 */
export async function spawnWorkerProcess(stack: Stack, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const root = projectRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/worker/main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.config.temporalAddress,
      TEMPORAL_NAMESPACE: stack.config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      TEMPORAL_BROWSER_TASK_QUEUE: stack.config.TEMPORAL_BROWSER_TASK_QUEUE,
      CHROMIUM_PATH: stack.config.CHROMIUM_PATH,
      ALLOW_PRIVATE_TARGETS: '1',
      NAVIGATION_TIMEOUT_MS: String(stack.config.NAVIGATION_TIMEOUT_MS),
      RECONCILE_INTERVAL_SECS: '1',
      RECONCILE_GRACE_SECS: '1',
      LOG_LEVEL: 'info',
      // Production workers send the outbox to SMTP_URL (no mail catcher): the stack's in-process SMTP server.
      SMTP_URL: stack.config.SMTP_URL ?? '',
      MAIL_POLL_INTERVAL_MS: String(stack.config.MAIL_POLL_INTERVAL_MS),
      ...env,
    },
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}) during start:\n${output}`));
    });
  });
  return {
    child,
    exited,
    chromiumPids: () => childrenOf(child.pid!).filter((pid) => commandLine(pid).includes('chrom')),
  };
}
