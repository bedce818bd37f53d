import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { regionSchema, submittedUrlSchema } from '../schemas.js';
import { HttpProblem } from '../problem.js';
import type { SubmittedTarget } from '../../tasks/task.service.js';

/** A refused row of an uploaded file; `line` counts from 1, the header being line 1. */
export const csvRowProblemSchema = z
  .object({
    line: z.number().int().min(2).meta({ description: 'Line of the file (the header is line 1).', example: 3 }),
    reason: z.enum(['invalid-url', 'invalid-region']),
    message: z.string().meta({ example: 'the url cell is empty' }),
  })
  .meta({ id: 'CsvRowProblem' });
export type CsvRowProblem = z.infer<typeof csvRowProblemSchema>;

/** The multipart form of a bulk submission, as `csvUploadMiddleware` and `readCsvSubmission` accept it. */
export const csvUploadFormSchema = z
  .strictObject({
    file: z.string().meta({
      description: 'A CSV file with a header row: a `url` column and an optional `region` column (per-row region). At most `MAX_URLS_PER_TASK` rows.',
      format: 'binary',
      contentMediaType: 'text/csv',
      example: 'url,region\nhttps://www.ozon.ru/product/123/,Москва\n',
    }),
    region: regionSchema.optional().meta({ description: 'Region for rows without their own.', example: 'Москва' }),
  })
  .meta({ id: 'CsvUpload' });

export interface CsvSubmission {
  targets: SubmittedTarget[];
  /** File line of each target, to report URL problems by line. */
  lines: number[];
}

/**
 * Receives one file in the field `file` (multipart/form-data), in memory and size-capped; anything else in the
 * form is refused, so a typo in the field name is an error, not an empty task.
 */
export function csvUploadMiddleware(maxBytes: number): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 1, parts: 2 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    upload(req, res, (err: unknown) => next(err ? uploadProblem(err, maxBytes) : undefined));
  };
}

function uploadProblem(err: unknown, maxBytes: number): HttpProblem {
  const code = (err as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') return new HttpProblem(413, 'Payload Too Large', `the file is larger than ${maxBytes} bytes; split it into several tasks`);
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_PART_COUNT' || code === 'LIMIT_FIELD_COUNT') {
    return new HttpProblem(400, 'Invalid upload', 'send exactly one CSV file in the form field `file` (and, optionally, a `region` field)');
  }
  return new HttpProblem(400, 'Invalid upload', `the multipart body could not be read: ${(err as Error).message}`);
}

/**
 * Reads the uploaded CSV: a header row with a `url` column and an optional `region` column. Every refused row is
 * reported with its line number and nothing is accepted while any row is refused.
 */
export function readCsvSubmission(req: Request, maxUrls: number): CsvSubmission & { region?: string } {
  const file = req.file;
  if (!file) throw new HttpProblem(400, 'Invalid upload', 'send the CSV file in the form field `file`');
  const region = formRegion(req.body as Record<string, unknown> | undefined);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(file.buffer, { bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, relax_column_count: true });
  } catch (err) {
    throw new HttpProblem(400, 'Malformed CSV', `the file is not valid CSV: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new HttpProblem(400, 'Invalid upload', 'the file has no rows: give a header row with a `url` column and one URL per row');
  if (!('url' in records[0]!.record)) throw new HttpProblem(400, 'Invalid upload', 'the header row (line 1) has no `url` column');
  if (records.length > maxUrls) throw new HttpProblem(400, 'Invalid request', `at most ${maxUrls} URLs per task; split the file into several tasks`);

  const problems: CsvRowProblem[] = [];
  const targets: SubmittedTarget[] = [];
  const lines: number[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const url = submittedUrlSchema.safeParse(record.url ?? '');
    if (!url.success || url.data.trim() === '') {
      problems.push({ line, reason: 'invalid-url', message: url.success ? 'the url cell is empty' : url.error.issues[0]!.message });
      continue;
    }
    const rowRegion = record.region ? regionSchema.safeParse(record.region) : null;
    if (rowRegion && !rowRegion.success) {
      problems.push({ line, reason: 'invalid-region', message: `region: ${rowRegion.error.issues[0]!.message}` });
      continue;
    }
    targets.push({ url: url.data, ...(rowRegion?.success ? { region: rowRegion.data } : {}) });
    lines.push(line);
  }
  if (problems.length > 0) {
    throw new HttpProblem(422, 'Unprocessable rows', `${problems.length} row(s) of the file were refused; fix them and upload again (nothing was stored)`, { errors: problems });
  }
  return { targets, lines, ...(region ? { region } : {}) };
}

function formRegion(body: Record<string, unknown> | undefined): string | undefined {
  const raw = body?.region;
  if (raw === undefined || raw === '') return undefined;
  const parsed = regionSchema.safeParse(raw);
  if (!parsed.success) throw new HttpProblem(400, 'Invalid request', `region: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}
