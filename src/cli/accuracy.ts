/**
 * `accuracy`: runs the extractor over the corpora and prints, per corpus, a
 * prices section (per-field precision, recall and F1 of the scalar fields), a
 * characteristics section (the same ratios over (name, value) pairs and over
 * (name, value, number, unit)), and every mismatch so a regression can be
 * traced to its page. Without `--corpus` four corpora are reported: the
 * hand-written corpus and its blind holdout, the real saved pages and their
 * blind holdout. `OutOfStock` scores availability as a binary class.
 */
import { basename, relative } from 'node:path';
import { extractProduct } from '../extraction/index.js';
import {
  DEFAULT_CORPUS_DIRS, loadCorpus, OUT_OF_STOCK, readPageHtml, SCORED_FIELDS, scoreCharacteristics, scorePage, type CharacteristicsMeasure, type ScoredField,
} from './corpus.js';

interface Tally { tp: number; fp: number; fn: number }
export interface Row extends Tally { field: string; precision: number; recall: number; f1: number }

function ratios(field: string, t: Tally): Row {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { field, ...t, precision, recall, f1 };
}

const add = (a: Tally, b: Tally): Tally => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
const ZERO: Tally = { tp: 0, fp: 0, fn: 0 };

export type Mismatch =
  | { page: string; field: ScoredField; expected: unknown; actual: unknown }
  | { page: string; field: 'characteristics'; missing: string[]; extra: string[] };

export interface CorpusReport {
  corpus: string;
  pages: number;
  prices: { fields: Row[]; total: Row };
  characteristics: { pairs: Row; full: Row };
  mismatches: Mismatch[];
  /** Mismatches of a blind set left out of the report (counted, not listed), unless asked for with `--show-blind`. */
  mismatchesHidden?: number;
}

export interface AccuracyReport { corpora: CorpusReport[] }

const MEASURE_LABEL: Record<CharacteristicsMeasure, string> = { pairs: 'name+value', full: 'name+value+number+unit' };

/**
 * Scores every page of one corpus directory (or those whose name `include`
 * accepts) with `extract`; exported for tests and tooling (bench/accuracy-versus.ts scores an older version).
 */
export function computeCorpusAccuracy(
  corpusDir: string,
  include: (pageName: string) => boolean = () => true,
  /** The extractor scored; another version's `extractProduct` scores that version on the same pages and rules. */
  extract: typeof extractProduct = extractProduct,
): CorpusReport {
  const pages = loadCorpus(corpusDir).filter((p) => include(p.name));
  const tallies = new Map<ScoredField, Tally>();
  const chars: Record<CharacteristicsMeasure, Tally> = { pairs: ZERO, full: ZERO };
  const mismatches: Mismatch[] = [];
  for (const page of pages) {
    const product = extract(readPageHtml(page.htmlPath), { url: page.expected.url });
    for (const o of scorePage(page.expected, product)) {
      tallies.set(o.field, add(tallies.get(o.field) ?? ZERO, o));
      if (o.fp || o.fn) mismatches.push({ page: page.name, field: o.field, expected: o.expected, actual: o.actual });
    }
    for (const o of scoreCharacteristics(page.expected, product)) {
      chars[o.measure] = add(chars[o.measure], o);
      // Every (name, value) difference is also a full-measure difference, so listing the latter shows both.
      if (o.measure === 'full' && (o.missing.length || o.extra.length)) mismatches.push({ page: page.name, field: 'characteristics', missing: o.missing, extra: o.extra });
    }
  }
  const fields = SCORED_FIELDS.filter((f) => tallies.has(f)).map((f) => ratios(f, tallies.get(f)!));
  // OutOfStock re-scores the availability answers, so the total counts only the scalar fields themselves.
  const scalar = fields.filter((r) => r.field !== OUT_OF_STOCK);
  return {
    corpus: relative(process.cwd(), corpusDir) || basename(corpusDir),
    pages: pages.length,
    prices: { fields, total: ratios('TOTAL', scalar.reduce<Tally>(add, ZERO)) },
    characteristics: { pairs: ratios(MEASURE_LABEL.pairs, chars.pairs), full: ratios(MEASURE_LABEL.full, chars.full) },
    mismatches,
  };
}

/** Scores each directory (default: corpus, holdout, real, real-holdout). */
export function computeAccuracy(corpusDirs: string[] = DEFAULT_CORPUS_DIRS): AccuracyReport {
  return { corpora: corpusDirs.map((dir) => computeCorpusAccuracy(dir)) };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
const HEAD = `${'field'.padEnd(24)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)} ${'prec'.padStart(7)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}`;
const RULE = '-'.repeat(HEAD.length);
const line = (r: Row): string => `${r.field.padEnd(24)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${pct(r.precision)} ${pct(r.recall)} ${pct(r.f1)}`;

function describeMismatch(m: Mismatch): string {
  if (m.field === 'characteristics') return `  ${m.page} characteristics: missing ${JSON.stringify(m.missing)} extra ${JSON.stringify(m.extra)}`;
  return `  ${m.page} ${m.field}: expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.actual)}`;
}

function corpusTable(r: CorpusReport): string[] {
  const out = [
    `corpus ${r.corpus}: ${r.pages} pages`,
    '', 'prices', HEAD, RULE, ...r.prices.fields.map(line), RULE, line(r.prices.total),
    '', 'characteristics', HEAD, RULE, line(r.characteristics.pairs), line(r.characteristics.full),
  ];
  if (r.mismatches.length) out.push('', `mismatches (${r.mismatches.length}):`, ...r.mismatches.map(describeMismatch));
  if (r.mismatchesHidden) out.push('', `mismatches: ${r.mismatchesHidden}, not listed (a blind set: --show-blind lists them)`);
  return out;
}

function table(report: AccuracyReport): string {
  return `${report.corpora.map((c) => corpusTable(c).join('\n')).join(`\n\n${'='.repeat(HEAD.length)}\n\n`)}\n`;
}

/** A blind set (`fixtures/holdout`, `fixtures/real-holdout`): never tuned on, so its pages are not named by default. */
const isBlind = (corpus: string): boolean => /holdout$/.test(basename(corpus));

/**
 * Whoever tunes the extractor runs this report again and again: listing a blind set's failing pages each time would
 * show them what to tune on. Its figures are printed; its mismatches only with `showBlind`.
 */
function withBlindSetsCounted(report: AccuracyReport, showBlind: boolean): AccuracyReport {
  if (showBlind) return report;
  return {
    corpora: report.corpora.map((c) => (isBlind(c.corpus) && c.mismatches.length ? { ...c, mismatches: [], mismatchesHidden: c.mismatches.length } : c)),
  };
}

export function runAccuracy(options: { json: boolean; corpusDir?: string | undefined; showBlind?: boolean }): number {
  const report = withBlindSetsCounted(computeAccuracy(options.corpusDir ? [options.corpusDir] : DEFAULT_CORPUS_DIRS), options.showBlind ?? false);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : table(report));
  return 0;
}
