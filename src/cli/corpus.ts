/**
 * Corpus access and field-level scoring shared by the `accuracy` command and
 * the corpus test, so both judge a page by the same rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { decodePage } from '../util/decode-page.js';
import { join, resolve } from 'node:path';
import { canonicalFromMachine } from '../extraction/number-format.js';
import type { ExtractedProduct } from '../extraction/index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
export const DEFAULT_CORPUS_DIR = resolve(FIXTURES, 'corpus');
/** Real saved pages of shops (`fixtures/real/README.md`) and their blind holdout. */
export const REAL_CORPUS_DIRS = [resolve(FIXTURES, 'real'), resolve(FIXTURES, 'real-holdout')];
/**
 * The hand-written corpus and its blind holdout, then the real corpus and its
 * blind holdout, reported side by side so tuning on one shows on the other.
 */
export const DEFAULT_CORPUS_DIRS = [DEFAULT_CORPUS_DIR, resolve(FIXTURES, 'holdout'), ...REAL_CORPUS_DIRS];

export const SCALAR_FIELDS = ['price', 'regularPrice', 'currency', 'availability', 'name', 'sku', 'gtin', 'brand', 'cardPrice'] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];
/**
 * `OutOfStock` is availability seen as a binary class: a page expected to be
 * out of stock (OutOfStock / SoldOut) and answered so is a true positive, a
 * claimed out-of-stock on a page that is not is a false positive, a missed
 * one a false negative. It is scored on every page whose expectation lists
 * `availability` (a null expectation counts as "not out of stock").
 */
export const OUT_OF_STOCK = 'OutOfStock';
export type ScoredField = ScalarField | typeof OUT_OF_STOCK;
/** Scalar fields, then `OutOfStock` right after `availability`: the order of the report rows. */
export const SCORED_FIELDS: readonly ScoredField[] = SCALAR_FIELDS.flatMap((f): ScoredField[] => (f === 'availability' ? [f, OUT_OF_STOCK] : [f]));

export interface ExpectedPage {
  url: string;
  [field: string]: unknown;
}

export interface CorpusPage {
  name: string;
  htmlPath: string;
  expected: ExpectedPage;
}

/** Lists `NAME.html` + `NAME.expected.json` pairs, sorted by name. */
export function loadCorpus(dir = DEFAULT_CORPUS_DIR): CorpusPage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.expected.json'.length);
      return { name, htmlPath: join(dir, `${name}.html`), expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedPage };
    });
}

/**
 * Reads a saved page the way a browser decodes it: byte-order mark, then the
 * charset its markup declares (real pages are saved as windows-1252, EUC-JP,
 * GBK …), UTF-8 when it declares none.
 */
export function readPageHtml(htmlPath: string): string {
  return decodePage(readFileSync(htmlPath));
}

const PRICE_FIELDS = new Set(['price', 'regularPrice', 'cardPrice']);

function normaliseScalar(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Expected and extracted values are JSON scalars; an object that stringifies to [object Object] just fails to match.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (PRICE_FIELDS.has(field)) return canonicalFromMachine(value) ?? String(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as above
  return String(value).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Reads a scored field from an extraction result. */
export function actualValue(product: ExtractedProduct, field: ScalarField): unknown {
  if (field === 'cardPrice') return product.prices.find((p) => p.kind === 'card')?.amount ?? null;
  return product[field];
}

export interface FieldOutcome {
  field: ScoredField;
  tp: number;
  fp: number;
  fn: number;
  expected: unknown;
  actual: unknown;
}

type LooseProperty = { name?: unknown; value?: unknown; number?: unknown; unit?: unknown };

const squash = (x: unknown): string => String(x).replace(/\s+/g, ' ').trim().toLowerCase();

/** `name=value` keys, or with `full` also the number and unit code (absent ones count as empty). */
function propertyKeys(list: unknown, full: boolean): Set<string> {
  const keys = new Set<string>();
  if (!Array.isArray(list)) return keys;
  for (const p of list as LooseProperty[]) {
    const pair = `${squash(p.name)}=${squash(p.value)}`;
    // The number and unit code are JSON scalars too; anything else simply yields a key that matches nothing.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions
    keys.add(full ? `${pair} | ${p.number ?? ''} ${p.unit ?? ''}` : pair);
  }
  return keys;
}

const OUT_OF_STOCK_TERMS = new Set(['outofstock', 'soldout']);

/** Whether an availability value (schema.org term or URL) means the product cannot be bought now. */
export function isOutOfStock(availability: unknown): boolean {
  if (typeof availability !== 'string') return false;
  const term = availability.trim().replace(/^https?:\/\/schema\.org\//i, '').toLowerCase();
  return OUT_OF_STOCK_TERMS.has(term);
}

function scoreOutOfStock(expected: unknown, actual: unknown): FieldOutcome {
  const e = isOutOfStock(expected);
  const a = isOutOfStock(actual);
  return { field: OUT_OF_STOCK, tp: e && a ? 1 : 0, fp: a && !e ? 1 : 0, fn: e && !a ? 1 : 0, expected, actual };
}

/**
 * Scores the scalar fields an expectation lists, and `OutOfStock` wherever
 * `availability` is listed. An expected null counts a false positive when
 * something was extracted; a wrong value is both a false positive and a false
 * negative, as a wrong price is worse than none.
 */
export function scorePage(expected: ExpectedPage, product: ExtractedProduct): FieldOutcome[] {
  const out: FieldOutcome[] = [];
  for (const field of SCALAR_FIELDS) {
    if (!(field in expected)) continue;
    const e = normaliseScalar(field, expected[field]);
    const actual = actualValue(product, field);
    const a = normaliseScalar(field, actual);
    const o: FieldOutcome = { field, tp: 0, fp: 0, fn: 0, expected: expected[field], actual };
    if (e !== null && a === e) o.tp = 1;
    else {
      if (a !== null) o.fp = 1;
      if (e !== null) o.fn = 1;
    }
    out.push(o);
    if (field === 'availability') out.push(scoreOutOfStock(expected[field], actual));
  }
  return out;
}

export type CharacteristicsMeasure = 'pairs' | 'full';

export interface CharacteristicsOutcome {
  measure: CharacteristicsMeasure;
  tp: number;
  fp: number;
  fn: number;
  missing: string[];
  extra: string[];
}

/**
 * Scores characteristics as sets of (name, value) pairs and, separately, of
 * (name, value, number, unit): the second measure also catches a wrong split
 * of a value into number and unit code. Pages whose expectation does not list
 * `additionalProperties` are not scored.
 */
export function scoreCharacteristics(expected: ExpectedPage, product: ExtractedProduct): CharacteristicsOutcome[] {
  if (!('additionalProperties' in expected)) return [];
  return (['pairs', 'full'] as const).map((measure) => {
    const e = propertyKeys(expected['additionalProperties'], measure === 'full');
    const a = propertyKeys(product.additionalProperties, measure === 'full');
    const tp = [...a].filter((k) => e.has(k)).length;
    return { measure, tp, fp: a.size - tp, fn: e.size - tp, missing: [...e].filter((k) => !a.has(k)), extra: [...a].filter((k) => !e.has(k)) };
  });
}
