/**
 * Turns a price as written on a page into a canonical amount and ISO currency.
 *
 * A wrong price is worse than none, so the parser refuses rather than guesses:
 * text without digits, percentages, dates and long prose without a currency
 * give `null`. Instalment, "from" and per-period markers are reported by
 * `parsePriceDetailed` so the DOM layer can drop such prices as main price.
 */
import { CURRENCY_MARKERS, ISO_CODES, normaliseCurrencyCode, resolveMarker } from './currency-table.js';
import { NUMBER_PATTERN, readNumberToken } from './number-format.js';
import type { ParsedPrice } from './types.js';

export interface DetailedPrice extends ParsedPrice {
  /** "от 1 299 ₽", "from $10", "ab 9,99 €". */
  isFrom: boolean;
  /** "500 ₽/мес", "$25/mo", "x 4 payments", "4 × 1 125 ₽". */
  isInstalment: boolean;
  /** "123 ₽/кг", "€2.50 / 100 g". */
  isUnitPrice: boolean;
  /** How many separate numbers the text holds. */
  numberCount: number;
  /** Characters of the text that are neither the amount, the currency nor spacing. */
  noiseLength: number;
}

const SPACE_LIKE = /[\s\u00a0\u2007\u2008\u2009\u200a\u202f\u205f\u3000]+/g;
const APOSTROPHES = /[’ʼ′`´]/g;
const FROM_BEFORE = /(?:^|[\s(])(?:от|from|ab|à partir de|a partir de|desde|starting at|starts at|od|vanaf|fra|från|alkaen|von)\s*[:]?\s*$/i;
const PERIOD_AFTER = /^\s*(?:\/|в|per|a|за|pro|par|\s)\s*(?:мес|месяц|month|mo\b|mth|monat|mois|mes\b|week|нед|wk)/i;
/** Between the two ends of a range: "9 870 – 12 400", "от 9 870 до 12 400", "10 to 20". */
const RANGE_GAP = /^\s*[\u0000]*\s*(?:-|–|—|до|to|bis|à|a|hasta)\s*[\u0000]*\s*$/i;
const MULTIPLIER = /(?:\d\s*[x×х]\s*$)|(?:^\s*[x×х]\s*\d)|(?:payments?|платеж|платёж|instal+ments?|рассрочк|долями|частями|сплит|split|klarna|afterpay|кредит)/i;
const UNIT_AFTER = /^\s*(?:\/|за|per|pro|par)\s*(?:1\s*)?(?:100\s*)?(?:кг|kg|г\b|g\b|гр|l\b|л\b|ml|мл|м2|м²|m2|m²|м\b|m\b|lb|oz|метр|литр)/i;

/** Lower-case ISO codes accepted as currency; others ("all", "try") are ordinary words. */
const LOWERCASE_CODES = new Set(['rub', 'usd', 'eur', 'uah', 'kzt', 'byn', 'gbp', 'pln', 'chf', 'cny', 'uzs']);

interface CurrencyHit {
  start: number;
  end: number;
  raw: string;
  code: string | null;
}

/** Case-insensitive markers by their lower-cased spelling, so `kn` / `KN` find the `Kn` entry. */
const CASE_FREE_MARKERS = new Map(Object.entries(CURRENCY_MARKERS).filter(([, m]) => m.caseInsensitive).map(([k, m]) => [k.toLowerCase(), m]));

const markerKeys = Object.keys(CURRENCY_MARKERS).sort((a, b) => b.length - a.length);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * All markers, longest first, then any three-letter code. Word markers must not touch letters; each run of
 * consecutive word markers shares one letter guard (`(?<!\p{L})(?:руб\.|грн|…)(?!\p{L})`), which matches exactly
 * what one guard per marker would, in the same order, but compiles about ten times faster: V8 drops compiled
 * regular expressions that were not used for a few garbage collections, and recompiling the one-guard-per-marker
 * pattern took 80–200 ms, paid again and again in a long extraction run.
 */
const CURRENCY_PATTERN = new RegExp(
  guardWordRuns([
    ...markerKeys.map((key) => ({ source: escape(key), word: CURRENCY_MARKERS[key]!.word === true })),
    { source: '[A-Za-z]{3}', word: true },
  ]),
  'giu',
);

function guardWordRuns(alternatives: Array<{ source: string; word: boolean }>): string {
  const out: string[] = [];
  for (let i = 0; i < alternatives.length;) {
    if (!alternatives[i]!.word) {
      out.push(alternatives[i++]!.source);
      continue;
    }
    const run: string[] = [];
    while (i < alternatives.length && alternatives[i]!.word) run.push(alternatives[i++]!.source);
    out.push(`(?<![\\p{L}])(?:${run.join('|')})(?![\\p{L}])`);
  }
  return out.join('|');
}

/**
 * Digits, spaces and punctuation that no currency marker is made of alone: every marker (and every letter code)
 * has some other character, so a text made only of these ("4.5", "(1 234)", "12/24") holds no currency and the
 * long marker pattern need not run over it.
 */
const PLAIN_CHARS = [...'0123456789 \t\n\r\u00a0.,:;\'"()[]{}<>/\\|+-–—_=*#%!?&~^'];
const PLAIN_ONLY_KEYS = markerKeys.filter((k) => [...k].every((ch) => PLAIN_CHARS.includes(ch)));
const NO_MARKER_CHARS = PLAIN_CHARS.filter((ch) => !PLAIN_ONLY_KEYS.some((k) => k.includes(ch)));
const WITHOUT_CURRENCY = new RegExp(`^[${NO_MARKER_CHARS.map(escape).join('').replace(/-/g, '\\-')}]*$`);

function findCurrencies(text: string, hint: string | null): CurrencyHit[] {
  if (WITHOUT_CURRENCY.test(text)) return [];
  const hits: CurrencyHit[] = [];
  for (const m of text.matchAll(CURRENCY_PATTERN)) {
    const raw = m[0];
    const start = m.index;
    const exact = CURRENCY_MARKERS[raw];
    const lower = CURRENCY_MARKERS[raw.toLowerCase()] ?? CASE_FREE_MARKERS.get(raw.toLowerCase());
    let code: string | null | undefined;
    if (exact) code = resolveMarker(exact, hint);
    else if (lower?.caseInsensitive) code = resolveMarker(lower, hint);
    else if (ISO_CODES.has(raw) || LOWERCASE_CODES.has(raw)) code = raw.toUpperCase();
    if (code === undefined) continue;
    // A letter code glued to a model number ("R5G", "TL15X", "RM10i") is part of a name.
    if (/^\p{L}+$/u.test(raw) && /^\d+[\p{L}_-]/u.test(text.slice(start + raw.length, start + raw.length + 12))) continue;
    hits.push({ start, end: start + raw.length, raw, code });
  }
  return hits;
}

interface NumberHit {
  start: number;
  end: number;
  token: string;
}

function findNumbers(masked: string): NumberHit[] {
  const hits: NumberHit[] = [];
  for (const m of masked.matchAll(NUMBER_PATTERN)) {
    let token = m[0];
    let end = m.index + token.length;
    const trailing = /[ .,']+$/.exec(token);
    if (trailing) {
      token = token.slice(0, -trailing[0].length);
      end -= trailing[0].length;
    }
    const after = masked.slice(end, end + 2);
    if (/^\s?%/.test(after) || /%\s?$/.test(masked.slice(Math.max(0, m.index - 2), m.index))) continue;
    hits.push({ start: m.index, end, token });
  }
  return hits;
}

const EMPTY: DetailedPrice = {
  amount: null, currency: null, currencyRaw: null,
  isFrom: false, isInstalment: false, isUnitPrice: false, numberCount: 0, noiseLength: 0,
};

/**
 * Results by hint and text: a page repeats the same price texts (tiles, variants, the layers re-reading one
 * value), and a result depends on nothing else. Bounded (short texts only; emptied when full).
 */
const parsedTexts = new Map<string, DetailedPrice>();
const MAX_REMEMBERED = 20_000;
const MAX_REMEMBERED_TEXT = 200;

/** Parses price text and reports context flags needed to judge whether it is a main price. */
export function parsePriceDetailed(input: string, currencyHint?: string | null): DetailedPrice {
  if (typeof input !== 'string' || !/\d/.test(input)) return { ...EMPTY };
  const hint = normaliseCurrencyCode(currencyHint ?? null);
  if (input.length > MAX_REMEMBERED_TEXT) return parseDetailed(input, hint);
  const key = `${hint ?? ''}\u0000${input}`;
  let parsed = parsedTexts.get(key);
  if (!parsed) {
    if (parsedTexts.size >= MAX_REMEMBERED) parsedTexts.clear();
    parsed = parseDetailed(input, hint);
    parsedTexts.set(key, parsed);
  }
  return { ...parsed };
}

/** The French way of writing cents after the euro sign ("779€99", "1 299 €99"): the sign stands for the decimal comma. */
// Not after a number that already has its decimals ("49,99 €49,99€" is two prices side by side, not 49,99,49).
const EURO_AS_DECIMAL = /(?<![.,]\d?)(\d) ?€(\d{2})(?!\d)/g;

/** "779€99" → "779,99 €": the French form rewritten with a decimal comma; other texts are returned as they are. */
export function euroDecimalAsComma(text: string): string {
  return text.includes('€') ? text.replace(EURO_AS_DECIMAL, '$1,$2 €') : text;
}

function parseDetailed(input: string, hint: string | null): DetailedPrice {
  const spaced = input.replace(SPACE_LIKE, ' ').replace(APOSTROPHES, "'");
  const text = euroDecimalAsComma(spaced).trim();
  const currencies = findCurrencies(text, hint);
  let masked = text;
  for (const c of currencies) masked = masked.slice(0, c.start) + '\u0000'.repeat(c.end - c.start) + masked.slice(c.end);
  masked = masked
    .replace(/\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g, (s) => '\u0001'.repeat(s.length))
    .replace(/\b\d{1,2}:\d{2}\b/g, (s) => '\u0001'.repeat(s.length));
  const numbers = findNumbers(masked);
  if (numbers.length === 0) return { ...EMPTY };

  const gap = (a: number, b: number): boolean => /^[\s:.\-–—=]*$/.test(masked.slice(a, b).replace(/\u0000/g, ''));
  let chosen: NumberHit | undefined;
  let currency: CurrencyHit | undefined;
  for (const n of numbers) {
    const c = currencies.find((h) => (h.end <= n.start && gap(h.end, n.start) && n.start - h.end <= 3) ||
      (h.start >= n.end && gap(n.end, h.start) && h.start - n.end <= 3));
    if (c) { chosen = n; currency = c; break; }
  }
  if (!chosen) {
    if (currencies.length === 0 && text.length > 40) return { ...EMPTY };
    chosen = numbers[0]!;
    currency = currencies[0];
  }
  const rangeStart = numbers.find((n) => n.end <= chosen!.start && RANGE_GAP.test(masked.slice(n.end, chosen!.start)));
  const isRange = rangeStart !== undefined;
  if (rangeStart) chosen = rangeStart;
  const code = currency ? currency.code : hint;
  const amount = readNumberToken(chosen.token, code);
  if (amount === null) return { ...EMPTY };

  const before = text.slice(0, Math.min(chosen.start, currency?.start ?? chosen.start));
  const afterAt = Math.max(chosen.end, currency?.end ?? chosen.end);
  const after = text.slice(afterAt).replace(/^[.,][-–—]/, '');
  const spans = [[chosen.start, chosen.end], ...(currency ? [[currency.start, currency.end]] : [])].sort((a, b) => b[0]! - a[0]!);
  let rest = text;
  for (const [s, e] of spans) rest = rest.slice(0, s) + rest.slice(e);
  const noise = rest.match(/[\p{L}\p{N}%]/gu)?.length ?? 0;
  return {
    amount,
    currency: code,
    currencyRaw: currency ? currency.raw : null,
    isFrom: isRange || FROM_BEFORE.test(before),
    isInstalment: PERIOD_AFTER.test(after) || MULTIPLIER.test(before) || MULTIPLIER.test(after),
    isUnitPrice: UNIT_AFTER.test(after),
    numberCount: numbers.length,
    noiseLength: noise,
  };
}

/**
 * Parses one price text ("1 299,00 руб.", "$1,299.99", "ab 9,99 €") into a
 * canonical amount (see `types.ts` for the normalisation), an ISO currency and
 * the currency as written. `currencyHint` supplies the currency when the text
 * has none and disambiguates shared symbols ($, kr, ¥, руб. in Belarus).
 */
export function parsePrice(text: string, currencyHint?: string | null): ParsedPrice {
  const d = parsePriceDetailed(text, currencyHint);
  return { amount: d.amount, currency: d.currency, currencyRaw: d.currencyRaw };
}
