/**
 * Normalises characteristic names and splits values such as `1,5 кг`, `220 В`
 * or `15,6"` into a number and a canonical unit code (`unit-codes.ts`),
 * keeping the raw text as the value so nothing the page said is lost when the
 * split is wrong or impossible. Values that are not one quantity (`1920x1080`,
 * `8/256 ГБ`, `Android 14`) get no number.
 */
import { canonicalUnit } from './unit-codes.js';
import type { ProductProperty } from './types.js';

/** Characters that show nothing: zero-width spaces and joiners, bidi marks and isolates, the byte-order mark. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Trims, collapses whitespace, drops invisible marks and trailing colons or dotted leaders. */
export function normalisePropertyName(name: string): string {
  return name.replace(INVISIBLE, '').replace(/[\s\u00a0]+/g, ' ').replace(/[\s.:…·-]+$/u, '').replace(/^[\s•·*-]+/u, '').trim();
}

export function normalisePropertyValue(value: string): string {
  return value.replace(INVISIBLE, '').replace(/[\s\u00a0\u2009\u202f]+/g, ' ').trim();
}

/** Comparison key for a characteristic name: case, ё, punctuation and spacing do not matter. */
export function normalisePropertyKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s\u00a0\u2009\u202f]+/g, ' ')
    .replace(/[\s:：.…]+$/u, '')
    .replace(/[^\p{L}\p{N}%°"″+]+/gu, ' ')
    .trim();
}

/** Digits with space-grouped thousands or plain digits, then any `.`/`,` groups (validated by `toNumber`). */
const NUMBER = String.raw`[+\-−]?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)*`;
const UNIT = String.raw`"|″|”|“|''|%|℃|°\s?[CcСс]|[\p{L}µ°][\p{L}µ°·*/.²³]{0,11}`;
const QUANTITY = new RegExp(`^(${NUMBER})\\s*(${UNIT})?$`, 'u');
const WITH_EQUIVALENT = /^(.+?)\s*\(([^()]+)\)$/u;

/**
 * Reads a number whatever its separators: the last of `.`/`,` is the decimal
 * point when both occur, repeated commas group thousands. A lone comma before
 * exactly three digits (`1,240`) is a thousands separator in English and
 * Japanese but a decimal comma in Russian or German, so it gives no number.
 */
function toNumber(text: string): number | undefined {
  const t = text.replace(/ /g, '').replace('−', '-').replace(/^\+/, '');
  const dot = t.lastIndexOf('.');
  const comma = t.lastIndexOf(',');
  let plain: string;
  if (dot >= 0 && comma >= 0) plain = dot > comma ? t.replace(/,/g, '') : t.replace(/\./g, '').replace(',', '.');
  else if (t.split(',').length > 2) plain = /^-?\d{1,3}(?:,\d{3})+$/.test(t) ? t.replace(/,/g, '') : 'x';
  else if (/^-?[1-9]\d{0,2},\d{3}$/.test(t)) return undefined;
  else plain = t.replace(',', '.');
  const n = Number(plain);
  return plain !== '' && Number.isFinite(n) ? n : undefined;
}

function unitCode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const code = canonicalUnit(raw);
  if (code) return code;
  // An unknown unit is kept as written so the value still carries it.
  const written = raw.trim();
  return written.length > 1 ? written.replace(/\.$/, '') : written;
}

function singleQuantity(value: string): { number: number; unit?: string; known: boolean } | undefined {
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  // Eight or more bare digits are a barcode or article number, not an amount of anything.
  if (!m[2] && /^\d{8,}$/.test(m[1]!)) return undefined;
  const number = toNumber(m[1]!);
  if (number === undefined) return undefined;
  const unit = unitCode(m[2]);
  return unit ? { number, unit, known: canonicalUnit(m[2]!) !== undefined } : { number, known: false };
}

/** Splits a value into number + unit code when it is a single measured quantity. */
export function splitQuantity(value: string): { number?: number; unit?: string } {
  const text = normalisePropertyValue(value);
  let q = singleQuantity(text);
  if (!q) {
    // `55" (139 см)`: the same quantity in two units; the first one is what the page leads with.
    const m = WITH_EQUIVALENT.exec(text);
    const first = m ? singleQuantity(m[1]!) : undefined;
    if (first?.known && singleQuantity(m![2]!)) q = first;
  }
  if (!q) return {};
  return q.unit ? { number: q.number, unit: q.unit } : { number: q.number };
}

/** `Диагональ экрана, дюймы` / `Weight (kg)`: the unit of a bare number is in the name. */
function unitFromName(name: string): string | undefined {
  // `Вес (в кг)`, `Срок годности (в днях)`, `Weight (in lbs)`, `Altezza-mm`, `Peso-Kg`.
  const m = /(?:,\s*|\(\s*(?:в|in)?\s*|(?<=\p{L})-)([^,()-]{1,14}?)\s*\)?$/u.exec(name);
  return m ? canonicalUnit(m[1]!) : undefined;
}

/** Names of identifiers: their digits are a code, not a quantity (`SKU 4447801`, `Model 31911718`). */
const IDENTIFIER_NAME = /^(?:sku|asin|isbn(?:-1[03])?|ean(?:-nummer)?|gtin|upc|mpn|model(?: number| no\.?)?|item (?:number|#)|part number|manufacturer part number|art(?:ikel)?[-.\s]*(?:nr|nummer)|herstellernummer|артикул|код(?: товара| производителя)?|модель|stok kodu|kod)\b/iu;

/** Builds a ProductProperty from raw name/value text. */
export function parsePropertyValue(rawName: string, rawValue: string, group?: string): ProductProperty {
  const name = normalisePropertyName(rawName);
  const value = normalisePropertyValue(rawValue);
  const prop: ProductProperty = IDENTIFIER_NAME.test(name) ? { name, value } : { name, value, ...splitQuantity(value) };
  if (prop.number !== undefined && prop.unit === undefined) {
    const unit = unitFromName(name);
    if (unit) prop.unit = unit;
  }
  if (group) prop.group = normalisePropertyName(group);
  return prop;
}
