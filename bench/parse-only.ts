/**
 * Cold baseline process for `bench/extract.ts --cold`: reads the same stdin job lines as `extract --jsonl`
 * (`{"url","htmlPath"}`), reads each file and parses it with the extractor's parser and options (cheerio/slim,
 * htmlparser2), then prints how many pages it parsed. Started the same way as the CLI (through tsx), so the two
 * cold processes differ only by what they do per page and what they import.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { load } from 'cheerio/slim';

let pages = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const job = JSON.parse(line) as { htmlPath: string };
  load(readFileSync(job.htmlPath, 'utf8'), { xml: { xmlMode: false, decodeEntities: true } });
  pages++;
}
process.stdout.write(`${pages}\n`);
