/** `price --jsonl`: parses `{"text","currencyHint"}` lines with the production price parser. */
import type { Readable, Writable } from 'node:stream';
import { parsePrice } from '../extraction/price-parser.js';
import type { ParsedPrice } from '../extraction/types.js';
import { runJsonl } from './jsonl.js';

export function priceJob(value: unknown): ParsedPrice {
  if (typeof value !== 'object' || value === null) throw new Error('line must be a JSON object');
  const job = value as { text?: unknown; currencyHint?: unknown };
  if (typeof job.text !== 'string') throw new Error('missing "text"');
  const hint = typeof job.currencyHint === 'string' ? job.currencyHint : null;
  return parsePrice(job.text, hint);
}

export function priceJsonl(input: Readable, output: Writable): Promise<number> {
  return runJsonl(input, output, priceJob);
}
