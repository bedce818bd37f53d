/**
 * Command-line entry: `extract`, `price`, `accuracy`, `create-admin` and `demo-data`. Usage errors exit 2,
 * runtime failures exit 1, so scripts can tell a typo from a broken page.
 */
import { enableCompileCache } from 'node:module';
import { tuneV8ForExtraction } from '../util/v8-tuning.js';

/*
 * Each command imports only what it needs, when it runs: `extract` and `price` must not pay for loading the ORM,
 * the database driver, argon2 and the demo data (about a second of a cold start).
 */

const USAGE = `usage:
  cli extract <url-or-html-file> [--url <page-url>]   print the product as pretty JSON
  cli extract --jsonl                                  stdin {"url","htmlPath"} or {"url","html"} lines -> one JSON result per line
  cli price --jsonl                                    stdin {"text","currencyHint"} lines -> parsed price per line
  cli accuracy [--json] [--corpus <dir>] [--show-blind] per-field precision/recall/F1 over the corpus (the
                                                       failing pages of the blind holdouts only with --show-blind)
  cli create-admin --username <name> --email <email>   create an admin (password from stdin or a prompt),
                                                       or promote the existing account with that username
  cli demo-data [--force]                              fill an empty database with demo users and finished tasks
(create-admin and demo-data use DATABASE_URL, else the embedded PostgreSQL under DATA_DIR, like npm start)
`;

// V8 code cache on disk for every module loaded from here on (the commands' imports), so that a later run skips
// compiling them again; COMPILE_CACHE=0 turns it off (to measure). Harmless if the cache folder cannot be written.
if (process.env['COMPILE_CACHE'] !== '0') enableCompileCache();
tuneV8ForExtraction();

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'extract') {
    const { extractJsonl, extractOne } = await import('./extract-command.js');
    if (args.includes('--jsonl')) {
      await extractJsonl(process.stdin, process.stdout);
      return 0;
    }
    const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--url');
    if (!target) {
      process.stderr.write(USAGE);
      return 2;
    }
    const product = await extractOne(target, option(args, '--url'));
    process.stdout.write(`${JSON.stringify(product, null, 2)}\n`);
    return 0;
  }
  if (command === 'price' && args.includes('--jsonl')) {
    const { priceJsonl } = await import('./price-command.js');
    await priceJsonl(process.stdin, process.stdout);
    return 0;
  }
  if (command === 'accuracy') {
    const { runAccuracy } = await import('./accuracy.js');
    return runAccuracy({ json: args.includes('--json'), corpusDir: option(args, '--corpus'), showBlind: args.includes('--show-blind') });
  }
  if (command === 'create-admin') {
    const username = option(args, '--username');
    const email = option(args, '--email');
    if (!username || !email) {
      process.stderr.write(USAGE);
      return 2;
    }
    const [{ withDatabase }, { createAdmin, readPassword }] = await Promise.all([import('./database.js'), import('./create-admin.js')]);
    const done = await withDatabase((db) => createAdmin(db, { username, email, password: readPassword }));
    process.stdout.write(`${done}\n`);
    return 0;
  }
  if (command === 'demo-data') {
    const [{ withDatabase }, { loadDemoData, NotEmptyError }] = await Promise.all([import('./database.js'), import('./demo-data.js')]);
    try {
      const lines = await withDatabase((db) => loadDemoData(db, { force: args.includes('--force') }));
      process.stdout.write(`demo data loaded:\n${lines.join('\n')}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof NotEmptyError)) throw err;
      process.stderr.write(`refused: ${err.message}\n`);
      return 3;
    }
  }
  process.stderr.write(USAGE);
  return command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
