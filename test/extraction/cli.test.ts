import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { extractJsonl } from '../../src/cli/extract-command.js';
import { priceJsonl } from '../../src/cli/price-command.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runCli(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], {
    cwd: ROOT, input, encoding: 'utf8',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

async function collect(run: (i: PassThrough, o: PassThrough) => Promise<number>, input: string): Promise<string[]> {
  const i = new PassThrough();
  const o = new PassThrough();
  let out = '';
  o.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  i.end(input);
  await run(i, o);
  return out.split('\n').filter(Boolean);
}

describe('extraction CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'extract-cli-'));
  const a = join(dir, 'a.html');
  const b = join(dir, 'b.html');
  writeFileSync(a, '<h1>Alpha</h1><div class="price">1 000 ₽</div>');
  writeFileSync(b, '<h1>Beta</h1><div class="price">€ 12,50</div>');

  it('extract --jsonl keeps input order and reports failing lines in place (in-process)', async () => {
    const input = [
      JSON.stringify({ url: 'https://a.example/p', htmlPath: a }),
      'not json',
      JSON.stringify({ url: 'https://x.example/p', htmlPath: join(dir, 'missing.html') }),
      JSON.stringify({ url: 'https://b.example/p', htmlPath: b }),
    ].join('\n');
    const lines = (await collect(extractJsonl, input)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).to.have.length(4);
    expect(lines[0]).to.include({ name: 'Alpha', price: '1000', currency: 'RUB', url: 'https://a.example/p' });
    expect(lines[1]).to.have.property('error').that.is.a('string');
    expect(String(lines[2]!['error'])).to.match(/cannot read/);
    expect(lines[3]).to.include({ name: 'Beta', price: '12.50', currency: 'EUR' });
  });

  it('extract --jsonl takes a page inline as {"url","html"}; inline without a url is an error line', async () => {
    const input = [
      JSON.stringify({ url: 'https://c.example/p', html: '<h1>Gamma</h1><div class="price">$ 7.25</div>' }),
      JSON.stringify({ html: '<h1>No address</h1>' }),
      JSON.stringify({ url: 'https://d.example/p' }),
    ].join('\n');
    const lines = (await collect(extractJsonl, input)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).to.include({ name: 'Gamma', price: '7.25', currency: 'USD', url: 'https://c.example/p' });
    expect(String(lines[1]!['error'])).to.match(/missing "url"/);
    expect(String(lines[2]!['error'])).to.match(/missing "htmlPath" \(or "html"/);
  });

  it('extract --jsonl reads a page in the charset it declares (windows-1251, ISO-8859-1), as a browser would', async () => {
    const cp1251 = join(dir, 'cp1251.html');
    const latin1 = join(dir, 'latin1.html');
    writeFileSync(cp1251, Buffer.concat([
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><h1>'),
      Buffer.from([0xd7, 0xe0, 0xe9, 0xed, 0xe8, 0xea]), // "Чайник"
      Buffer.from('</h1><div class="price">1 990 '),
      Buffer.from([0xf0, 0xf3, 0xe1, 0x2e]), // "руб."
      Buffer.from('</div></body></html>'),
    ]));
    writeFileSync(latin1, Buffer.concat([
      Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><h1>Kaffeem'),
      Buffer.from([0xfc]), // "ü"
      Buffer.from('hle</h1><div class="price">49,90 '),
      Buffer.from([0x80]), // "€" (windows-1252, which browsers use for iso-8859-1)
      Buffer.from('</div></body></html>'),
    ]));
    const input = [JSON.stringify({ url: 'https://ru.example/p', htmlPath: cp1251 }), JSON.stringify({ url: 'https://de.example/p', htmlPath: latin1 })].join('\n');
    const [ru, de] = (await collect(extractJsonl, input)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ru).to.include({ name: 'Чайник', price: '1990', currency: 'RUB' });
    expect(de).to.include({ name: 'Kaffeemühle', price: '49.90', currency: 'EUR' });
  });

  it('price --jsonl parses lines with hints (in-process)', async () => {
    const input = [
      JSON.stringify({ text: '1 690,54 руб.', currencyHint: null }),
      JSON.stringify({ text: '2490', currencyHint: 'RUB' }),
      JSON.stringify({ text: 'нет цены', currencyHint: null }),
      '{"oops":',
    ].join('\n');
    const lines = (await collect(priceJsonl, input)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).to.deep.equal({ amount: '1690.54', currency: 'RUB', currencyRaw: 'руб.' });
    expect(lines[1]).to.deep.equal({ amount: '2490', currency: 'RUB', currencyRaw: null });
    expect(lines[2]).to.deep.equal({ amount: null, currency: null, currencyRaw: null });
    expect(lines[3]).to.have.property('error');
  });

  it('spawned: extract <file> --url prints pretty JSON', () => {
    const r = runCli(['extract', a, '--url', 'https://a.example/p']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^\{\n {2}"url"/);
    expect(JSON.parse(r.stdout)).to.include({ url: 'https://a.example/p', price: '1000' });
  });

  it('spawned: extract --jsonl streams one line per input line, in order', () => {
    const input = `${JSON.stringify({ url: 'https://b.example/p', htmlPath: b })}\n${JSON.stringify({ htmlPath: 42 })}\n${JSON.stringify({ url: 'https://a.example/p', htmlPath: a })}\n`;
    const r = runCli(['extract', '--jsonl'], input);
    expect(r.status).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['name'] ?? 'error')).to.deep.equal(['Beta', 'error', 'Alpha']);
  });

  it('spawned: price --jsonl and usage errors', () => {
    const r = runCli(['price', '--jsonl'], '{"text":"$1,299.99","currencyHint":null}\n');
    expect(JSON.parse(r.stdout)).to.deep.equal({ amount: '1299.99', currency: 'USD', currencyRaw: '$' });
    expect(runCli(['bogus']).status).to.equal(2);
  });

  it('spawned: extract <http url> fetches the page over plain HTTP', async () => {
    const server = createServer((_req, res) => {
      // The charset is only in the Content-Type header, as many Russian shops serve it.
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' });
      res.end(Buffer.concat([Buffer.from('<html><body><h1>Served Widget '), Buffer.from([0xcc, 0xe8, 0xed, 0xe8]), Buffer.from('</h1><div class="price">2 490 '), Buffer.from([0xf0, 0xf3, 0xe1, 0x2e]), Buffer.from('</div></body></html>')]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p/1`;
    try {
      const out = await new Promise<string>((resolveOut, reject) => {
        const child = spawn(TSX, ['src/cli/main.ts', 'extract', url], { cwd: ROOT });
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolveOut(stdout) : reject(new Error(`exit ${code}`))));
      });
      expect(JSON.parse(out)).to.include({ url, name: 'Served Widget Мини', price: '2490', currency: 'RUB' });
    } finally {
      server.close();
    }
  });

  it('spawned: accuracy reports corpus, holdout, real and real-holdout, each with prices (OutOfStock included) and characteristics sections', () => {
    const r = runCli(['accuracy']);
    expect(r.status).to.equal(0);
    const corpora = [...r.stdout.matchAll(/^corpus (\S+): (\d+) pages$/gm)].map((m) => m[1]);
    expect(corpora).to.deep.equal(['fixtures/corpus', 'fixtures/holdout', 'fixtures/real', 'fixtures/real-holdout']);
    for (const section of r.stdout.split(/^=+$/m)) {
      expect(section).to.match(/^prices$/m).and.to.match(/^TOTAL\s+\d+/m).and.to.match(/^OutOfStock\s+\d+/m);
      expect(section).to.match(/^characteristics$/m).and.to.match(/^name\+value\s+\d+/m).and.to.match(/^name\+value\+number\+unit\s+\d+/m);
    }
  });

  it('spawned: accuracy counts the failing pages of a blind holdout without naming them, unless --show-blind', () => {
    const hidden = runCli(['accuracy', '--corpus', 'fixtures/real-holdout']);
    expect(hidden.status).to.equal(0);
    const count = /^mismatches: (\d+), not listed \(a blind set/m.exec(hidden.stdout);
    expect(count, hidden.stdout.slice(-400)).to.not.equal(null);
    expect(hidden.stdout).to.not.match(/: expected .* got /);
    const shown = runCli(['accuracy', '--corpus', 'fixtures/real-holdout', '--show-blind']);
    expect(shown.stdout).to.match(new RegExp(`^mismatches \\(${count![1]}\\):$`, 'm'));
    expect(shown.stdout).to.match(/: expected .* got /);
    const tuning = runCli(['accuracy', '--corpus', 'fixtures/real']);
    expect(tuning.stdout).to.not.match(/not listed/);
  });

  it('spawned: accuracy --corpus DIR --json scores that directory only', () => {
    const r = runCli(['accuracy', '--corpus', 'fixtures/holdout', '--json']);
    expect(r.status).to.equal(0);
    const report = JSON.parse(r.stdout) as { corpora: Array<{ corpus: string; pages: number; prices: { fields: unknown[] }; characteristics: { pairs: { f1: number }; full: { f1: number } } }> };
    expect(report.corpora).to.have.length(1);
    expect(report.corpora[0]!.corpus).to.equal('fixtures/holdout');
    expect(report.corpora[0]!.pages).to.be.greaterThan(0);
    expect(report.corpora[0]!.prices.fields).to.not.be.empty;
    expect(report.corpora[0]!.characteristics.pairs.f1).to.be.within(0, 1);
    expect(report.corpora[0]!.characteristics.full.f1).to.be.within(0, 1);
  });

  it('spawned: extract of a missing file exits 1 with a message', () => {
    const r = runCli(['extract', join(dir, 'nope.html')]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/cannot read/);
  });
});
