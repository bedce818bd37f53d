import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaskKindDefinition } from './task-kind.js';
import { productView } from './task.service.js';
import { readProductRows, type ProductRow } from './product-rows.js';

export const RESULT_FORMATS = ['csv', 'json', 'jsonl'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export const RESULT_CONTENT_TYPES: Record<ResultFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** Product columns of the flat (CSV) export, before the kind's own. */
const PRODUCT_COLUMNS = ['position', 'url', 'domain', 'region', 'status', 'name', 'availability', 'collected_at', 'error_code', 'error'] as const;
/** Products read per query: bounds memory whatever the task's size. */
const BATCH = 500;

/**
 * Streams every product of a task with its results, in submission order, in batches read by keyset (no offset
 * scans, no cap): CSV has one row per result (a price kind, a characteristic) and one row for a product without
 * any; JSON is an array and JSON Lines one line per product, each shaped like the API's product view plus the
 * `details` the extractor found (identifiers, brand, images, which layer gave each field). Honours
 * back-pressure, so a slow client never makes the server buffer a whole task.
 */
export async function streamTaskResults(em: EntityManager, kind: TaskKindDefinition<unknown>, taskId: number, format: ResultFormat, out: Writable): Promise<void> {
  const csv = format === 'csv' ? stringify({ header: true, columns: [...PRODUCT_COLUMNS, ...kind.exportColumns], bom: true }) : null;
  csv?.pipe(out);
  const sink: Writable = csv ?? out;
  const write = writer(out);
  let first = true;
  if (format === 'json') await write(sink, '[');
  for await (const batch of productBatches(em, taskId, !csv)) {
    const results = await kind.readResults(em, batch.map((p) => p.id));
    for (const product of batch) {
      const own = results.get(product.id) ?? [];
      if (csv) {
        for (const row of kind.exportRows(own)) await write(csv, csvRow(product, row));
      } else {
        const line = JSON.stringify({ ...productView(product, kind.resultsField, own), details: product.details ?? null });
        await write(sink, format === 'json' ? `${first ? '' : ','}\n${line}` : `${line}\n`);
      }
      first = false;
    }
  }
  if (format === 'json') await write(sink, first ? ']\n' : '\n]\n');
  sink.end();
}

async function* productBatches(em: EntityManager, taskId: number, withDetails: boolean): AsyncGenerator<ProductRow[]> {
  let after = -1;
  for (;;) {
    const batch = await readProductRows(em, { taskId, afterPosition: after, limit: BATCH, withDetails });
    if (batch.length === 0) return;
    yield batch;
    em.clear();
    after = batch[batch.length - 1]!.position;
    if (batch.length < BATCH) return;
  }
}

function csvRow(p: ProductRow, own: Record<string, string | number | null>): Record<string, string> {
  const cells: Record<string, string | number | null> = {
    position: p.position + 1,
    url: p.url,
    domain: p.domain,
    region: p.region ?? '',
    status: p.status,
    name: p.name ?? '',
    availability: p.availability ?? '',
    collected_at: p.collectedAt?.toISOString() ?? '',
    error_code: p.errorCode ?? '',
    error: p.error ?? '',
    ...own,
  };
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, neutraliseFormula(v === null ? '' : String(v))]));
}

/** Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) get a leading `'`: scraped text is hostile. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Thrown when the client went away mid-export: the export stops instead of waiting for a drain that never comes. */
export class ClientGoneError extends Error {}

/**
 * Writes a chunk and waits for the stream to drain when its buffer is full; rejects once the response is closed.
 */
function writer(out: Writable) {
  return (stream: Writable, chunk: string | Record<string, string>): Promise<void> =>
    new Promise((resolve, reject) => {
      if (out.destroyed || out.writableEnded) return reject(new ClientGoneError('the client closed the connection'));
      if (stream.write(chunk)) return resolve();
      const done = () => {
        stream.off('drain', done);
        out.off('close', done);
        if (out.destroyed) reject(new ClientGoneError('the client closed the connection'));
        else resolve();
      };
      stream.once('drain', done);
      out.once('close', done);
    });
}
