/**
 * Locale-aware reading of the numeric part of a price.
 *
 * Separator rules (the page's locale is unknown, so the shape decides):
 * - spaces (incl. U+00A0, U+2009, U+202F) and apostrophes only ever group thousands;
 * - when both `.` and `,` occur, the last one is the decimal separator;
 * - one separator followed by exactly three digits groups thousands (`1.299`,
 *   `1,299`), except for three-decimal currencies or a leading `0`;
 * - otherwise a single `.` or `,` is the decimal separator (`12,99`, `1299.5`);
 * - Indian lakh grouping (`1,29,999`) is read as thousands grouping.
 */
import { THREE_DECIMAL_CURRENCIES } from './currency-table.js';

/** Matches one number in text whose spaces were already normalised to U+0020. */
export const NUMBER_PATTERN =
  /\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)|\d{1,3}([ '.,])\d{3}(?:\1\d{3})*(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?/g;

/**
 * Turns digits into the canonical amount string: whole values without a
 * fraction, otherwise at least two fraction digits and no further trailing
 * zeros. Equal values thus always compare equal as strings.
 */
export function canonicalAmount(integerDigits: string, fractionDigits: string): string {
  const int = integerDigits.replace(/^0+(?=\d)/, '') || '0';
  let frac = fractionDigits.replace(/0+$/, '');
  if (frac.length === 0) return int;
  if (frac.length === 1) frac += '0';
  return `${int}.${frac}`;
}

/** Currencies without minor units in everyday prices. */
const ZERO_DECIMAL_CURRENCIES = new Set(['VND', 'KRW', 'JPY', 'CLP', 'ISK', 'PYG', 'UGX', 'IDR', 'XAF', 'XOF', 'KMF', 'GNF', 'RWF', 'VUV']);

/** Canonicalises a machine-readable number (JSON-LD `1299`, `"1299.00"`, `"1,299.00"`). */
export function canonicalFromMachine(value: unknown, currency?: string | null): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    const text = Number.isInteger(value) ? String(value) : value.toFixed(6);
    const [i = '0', f = ''] = text.split('.');
    return canonicalAmount(i, f);
  }
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  const plain = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  // "439.000" VND: a currency without minor units never has three decimals, so the dot groups thousands.
  if (plain && plain[2]?.length === 3 && currency && ZERO_DECIMAL_CURRENCIES.has(currency)) return canonicalAmount(plain[1]! + plain[2], '');
  if (plain) return canonicalAmount(plain[1]!, plain[2] ?? '');
  const token = trimmed.replace(/[\s\u00a0\u2009\u202f]/g, ' ');
  if (!/^\d[\d ',.]*$/.test(token)) return null;
  return readNumberToken(token, currency ?? null);
}

/** Reads one token matched by NUMBER_PATTERN into a canonical amount. */
export function readNumberToken(token: string, currency: string | null): string | null {
  const cleaned = token.replace(/[ ']/g, '');
  const lastDot = cleaned.lastIndexOf('.');
  const lastComma = cleaned.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    decimalAt = Math.max(lastDot, lastComma);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = cleaned.split(sep).length - 1;
    const at = Math.max(lastDot, lastComma);
    const after = cleaned.length - at - 1;
    const leadingZero = /^0[.,]/.test(cleaned);
    const threeDecimals = currency !== null && THREE_DECIMAL_CURRENCIES.has(currency);
    if (count > 1) decimalAt = -1;
    else if (after === 3 && !leadingZero && !threeDecimals) decimalAt = -1;
    else decimalAt = at;
  }
  const intPart = (decimalAt >= 0 ? cleaned.slice(0, decimalAt) : cleaned).replace(/[.,]/g, '');
  const fracPart = decimalAt >= 0 ? cleaned.slice(decimalAt + 1) : '';
  if (!/^\d+$/.test(intPart) || !/^\d*$/.test(fracPart)) return null;
  return canonicalAmount(intPart, fracPart);
}

/** Compares two canonical amounts numerically (they are exact decimals). */
export function compareAmounts(a: string, b: string): number {
  return Number(a) - Number(b);
}
