/**
 * `accuracy`: runs the extractor over the corpus and prints per-field
 * precision, recall and F1, micro totals, and every mismatch so a regression
 * can be traced to its page.
 */
import { readFileSync } from 'node:fs';
import { extractProduct } from '../extraction/index.js';
import { loadCorpus, DEFAULT_CORPUS_DIR, SCALAR_FIELDS, scorePage, type ScoredField } from './corpus.js';

interface Tally { tp: number; fp: number; fn: number }
interface Row extends Tally { field: string; precision: number; recall: number; f1: number }

function ratios(field: string, t: Tally): Row {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { field, ...t, precision, recall, f1 };
}

export interface AccuracyReport {
  pages: number;
  fields: Row[];
  totals: { scalar: Row; all: Row };
  mismatches: Array<{ page: string; field: ScoredField; expected: unknown; actual: unknown }>;
}

/** Scores every corpus page; exported for tests and tooling. */
export function computeAccuracy(corpusDir = DEFAULT_CORPUS_DIR): AccuracyReport {
  const pages = loadCorpus(corpusDir);
  const tallies = new Map<ScoredField, Tally>();
  const mismatches: AccuracyReport['mismatches'] = [];
  for (const page of pages) {
    const product = extractProduct(readFileSync(page.htmlPath, 'utf8'), { url: page.expected.url });
    for (const o of scorePage(page.expected, product)) {
      const t = tallies.get(o.field) ?? { tp: 0, fp: 0, fn: 0 };
      t.tp += o.tp; t.fp += o.fp; t.fn += o.fn;
      tallies.set(o.field, t);
      if (o.fp || o.fn) mismatches.push({ page: page.name, field: o.field, expected: o.expected, actual: o.actual });
    }
  }
  const order: ScoredField[] = [...SCALAR_FIELDS, 'additionalProperties'];
  const fields = order.filter((f) => tallies.has(f)).map((f) => ratios(f, tallies.get(f)!));
  const sum = (rows: Row[]): Tally => rows.reduce((a, r) => ({ tp: a.tp + r.tp, fp: a.fp + r.fp, fn: a.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
  return {
    pages: pages.length,
    fields,
    totals: { scalar: ratios('TOTAL (scalar fields)', sum(fields.filter((r) => r.field !== 'additionalProperties'))), all: ratios('TOTAL (all)', sum(fields)) },
    mismatches,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(report: AccuracyReport): string {
  const head = `${'field'.padEnd(22)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)} ${'prec'.padStart(7)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}`;
  const line = (r: Row): string => `${r.field.padEnd(22)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${pct(r.precision)} ${pct(r.recall)} ${pct(r.f1)}`;
  const rule = '-'.repeat(head.length);
  const out = [`corpus: ${report.pages} pages`, head, rule, ...report.fields.map(line), rule, line(report.totals.scalar), line(report.totals.all)];
  if (report.mismatches.length) {
    out.push('', `mismatches (${report.mismatches.length}):`);
    for (const m of report.mismatches) {
      out.push(m.field === 'additionalProperties'
        ? `  ${m.page} ${m.field}: missing ${JSON.stringify(m.expected)} extra ${JSON.stringify(m.actual)}`
        : `  ${m.page} ${m.field}: expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.actual)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function runAccuracy(options: { json: boolean; corpusDir?: string | undefined }): number {
  const report = computeAccuracy(options.corpusDir ?? DEFAULT_CORPUS_DIR);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : table(report));
  return 0;
}
