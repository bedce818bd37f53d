import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { childrenOf, commandLine, isAlive } from '../../src/util/child-process.js';
import { findFreePort } from '../../src/util/free-port.js';
import { projectRoot } from '../../src/util/project-root.js';
import { eventually } from '../support/eventually.js';
import { productPage } from '../support/marketplace-pages.js';

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
}

/** `npm start`'s entry point, as a process: starts everything, survives a restart with its data, stops cleanly. */
describe('launcher (npm start)', function () {
  this.timeout(180_000);
  let dataDir: string;
  let env: Record<string, string>;
  let apiUrl: string;
  let mailCatcherUrl: string;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pc-launcher-'));
    const port = await findFreePort();
    apiUrl = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_DEV_PORT: String(await findFreePort()),
      TEMPORAL_UI_PORT: String(await findFreePort()),
      LOG_LEVEL: 'warn',
      ALLOW_PRIVATE_TARGETS: '1',
      MAILDEV_SMTP_PORT: String(await findFreePort()),
      MAILDEV_WEB_PORT: String(await findFreePort()),
    };
    mailCatcherUrl = `http://127.0.0.1:${env.MAILDEV_WEB_PORT}`;
  });

  after(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function launch(): Promise<Launched> {
    const root = projectRoot();
    // Its own process group, like a terminal session, so the group can be sent Ctrl-C.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/launcher/main.ts')], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    const deadline = Date.now() + 90_000;
    while (!output.includes('price-collector is running')) {
      if (child.exitCode !== null) throw new Error(`launcher exited during start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`launcher did not start in 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { child, output: () => output, exited };
  }

  it('when started, then it prints where everything is and the API, Temporal and PostgreSQL answer', async () => {
    const run = await launch();
    try {
      expect(run.output()).to.include(`API            ${apiUrl}/api`);
      expect(run.output()).to.match(/Web UI: http:\/\/127\.0\.0\.1:\d+/);
      const health = await new ApiClient(apiUrl).get('/api/health');
      expect(health.body).to.deep.equal({ status: 'ok', database: 'ok', temporal: 'ok' });
      const api = new ApiClient(apiUrl);
      const reg = await api.post('/api/auth/register', { username: 'keeper', email: 'keeper@example.test', password: 'a long passphrase' });
      expect(reg.status).to.equal(201);

      // With no SMTP_URL the confirmation mail goes to the mail catcher, whose page and REST API show it.
      expect(run.output()).to.include(`mail catcher (maildev) ${mailCatcherUrl}`);
      let text = '';
      await eventually(async () => {
        const emails = (await (await fetch(`${mailCatcherUrl}/api/email`)).json()) as { to: { address: string }[]; subject: string; text?: string }[];
        const found = emails.find((m) => m.to.some((t) => t.address === 'keeper@example.test') && /confirm/i.test(m.subject));
        expect(found, JSON.stringify(emails)).to.not.equal(undefined);
        text = found!.text ?? '';
      }, 20_000);
      const page = await fetch(`${mailCatcherUrl}/`, { headers: { accept: 'text/html' } });
      expect(page.status).to.equal(200);
      expect(await page.text()).to.match(/<html/i);
      const token = /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      expect(token, text).to.be.a('string');
      expect((await api.post('/api/auth/confirm', { token })).status).to.equal(200);
    } finally {
      await stop(run, 'SIGTERM');
    }
  });

  it('when started again on the same data directory, then the user registered before signs in and a task runs to the end', async () => {
    const shop = await new FixtureServer()
      .html('/item', productPage('Mug', '350', 'RUB'))
      .start();
    const run = await launch();
    try {
      const api = new ApiClient(apiUrl);
      const login = await api.post('/api/auth/login', { username: 'keeper', password: 'a long passphrase' });
      expect(login.status).to.equal(200);
      const submitted = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/item`] });
      const task = await api.waitForTask(submitted.body.id, 60_000);
      expect(task.status).to.equal('completed');
      expect(task.products[0].offers).to.deep.equal([{ kind: 'current', amount: '350', currency: 'RUB' }]);
    } finally {
      await stop(run, 'SIGINT', true);
      await shop.stop();
    }
  });

  it('when the Temporal server is killed in the middle of a task, then it is restarted on its data and the task completes', async () => {
    const shop = await new FixtureServer()
      .route('/slow', (req, res) => {
        const i = new URL(req.url ?? '/', 'http://x').searchParams.get('i');
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/html' }).end(
            productPage(`Slow ${i}`, `${i}00`, 'RUB'),
          );
        }, 1500);
      })
      .start();
    const run = await launch();
    try {
      const api = new ApiClient(apiUrl);
      await api.post('/api/auth/login', { username: 'keeper', password: 'a long passphrase' });
      const urls = Array.from({ length: 6 }, (_, i) => `${shop.baseUrl}/slow?i=${i + 1}`);
      const submitted = await api.post('/api/offer-tasks', { urls });
      await eventually(async () => expect((await api.get(`/api/offer-tasks/${submitted.body.id}`)).body.progress.running).to.be.greaterThan(0));

      const temporal = allDescendants(run.child.pid!).filter((pid) => commandLine(pid).includes('start-dev'));
      expect(temporal).to.have.length(1);
      process.kill(temporal[0]!, 'SIGKILL');

      const task = await api.waitForTask(submitted.body.id, 120_000);
      expect(task.status).to.equal('completed');
      expect(task.products.map((p: { offers: { amount: string }[] }) => p.offers[0]?.amount)).to.deep.equal(['100', '200', '300', '400', '500', '600']);
      expect(allDescendants(run.child.pid!).filter((pid) => commandLine(pid).includes('start-dev'))).to.have.length(1);
    } finally {
      await stop(run, 'SIGTERM');
      await shop.stop();
    }
  });

  /** Stops the launcher (or its whole process group, like Ctrl-C) and checks nothing it started is left running. */
  async function stop(run: Launched, signal: NodeJS.Signals, wholeGroup = false): Promise<void> {
    const descendants = allDescendants(run.child.pid!);
    expect(descendants.length, 'PostgreSQL and Temporal (and Chromium once used) run under the launcher').to.be.greaterThan(1);
    if (wholeGroup) process.kill(-run.child.pid!, signal);
    else run.child.kill(signal);
    expect(await run.exited, run.output()).to.equal(0);
    const deadline = Date.now() + 10_000;
    while (descendants.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(descendants.filter(isAlive), 'processes left running after stop').to.deep.equal([]);
  }
});

function allDescendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childrenOf(queue.shift()!)) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}
