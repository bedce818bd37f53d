/**
 * Currency markers as written on pages, mapped to ISO 4217.
 *
 * Ambiguous markers ($, kr, ¥, руб. in Belarus, Rs) list the codes they may
 * stand for; the caller's hint picks among them, otherwise the first code is
 * the default (or none at all when no default is safe, e.g. `kr`).
 */
export interface CurrencyMarker {
  /** Default ISO code, or null when the marker alone is too ambiguous. */
  code: string | null;
  /** Codes a hint may select instead of the default. */
  alternatives?: string[];
  /** Marker is a word: it must not touch letters on either side. */
  word?: boolean;
  /** Case-insensitive match (only for words). */
  caseInsensitive?: boolean;
}

const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'MXN', 'TWD', 'ARS', 'CLP', 'COP', 'UYU', 'DOP', 'BRL', 'BSD', 'JMD', 'TTD', 'FJD', 'NAD', 'XCD'];
const RUBLES = ['RUB', 'BYN'];

export const CURRENCY_MARKERS: Record<string, CurrencyMarker> = {
  '₽': { code: 'RUB' },
  'руб.': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'руб': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'рублей': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'рубля': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'рубль': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'р.': { code: 'RUB', alternatives: RUBLES, word: true, caseInsensitive: true },
  'р': { code: 'RUB', alternatives: RUBLES, word: true },
  'rub': { code: 'RUB', word: true, caseInsensitive: true },
  'бел. руб.': { code: 'BYN', word: true, caseInsensitive: true },
  'бел.руб.': { code: 'BYN', word: true, caseInsensitive: true },
  'Br': { code: 'BYN', word: true },
  '₸': { code: 'KZT' },
  'тг': { code: 'KZT', word: true, caseInsensitive: true },
  'тг.': { code: 'KZT', word: true, caseInsensitive: true },
  'тенге': { code: 'KZT', word: true, caseInsensitive: true },
  '₴': { code: 'UAH' },
  'грн': { code: 'UAH', word: true, caseInsensitive: true },
  'грн.': { code: 'UAH', word: true, caseInsensitive: true },
  'сум': { code: 'UZS', word: true, caseInsensitive: true },
  "so'm": { code: 'UZS', word: true, caseInsensitive: true },
  'so‘m': { code: 'UZS', word: true, caseInsensitive: true },
  'сўм': { code: 'UZS', word: true, caseInsensitive: true },
  'сом': { code: 'KGS', word: true, caseInsensitive: true },
  '₼': { code: 'AZN' },
  'ман.': { code: 'AZN', word: true, caseInsensitive: true },
  '₾': { code: 'GEL' },
  'лари': { code: 'GEL', word: true, caseInsensitive: true },
  '֏': { code: 'AMD' },
  'драм': { code: 'AMD', word: true, caseInsensitive: true },
  '€': { code: 'EUR' },
  'евро': { code: 'EUR', word: true, caseInsensitive: true },
  'euro': { code: 'EUR', word: true, caseInsensitive: true },
  'euros': { code: 'EUR', word: true, caseInsensitive: true },
  '£': { code: 'GBP' },
  '$': { code: 'USD', alternatives: DOLLARS },
  'US$': { code: 'USD' },
  'US $': { code: 'USD' },
  'C$': { code: 'CAD' },
  'CA$': { code: 'CAD' },
  'A$': { code: 'AUD' },
  'AU$': { code: 'AUD' },
  'NZ$': { code: 'NZD' },
  'HK$': { code: 'HKD' },
  'S$': { code: 'SGD' },
  'R$': { code: 'BRL' },
  'MX$': { code: 'MXN' },
  'NT$': { code: 'TWD' },
  'долл.': { code: 'USD', word: true, caseInsensitive: true },
  '¥': { code: 'JPY', alternatives: ['JPY', 'CNY'] },
  '￥': { code: 'JPY', alternatives: ['JPY', 'CNY'] },
  'CN¥': { code: 'CNY' },
  'JP¥': { code: 'JPY' },
  '元': { code: 'CNY' },
  '円': { code: 'JPY' },
  'RMB': { code: 'CNY', word: true },
  'zł': { code: 'PLN', word: true, caseInsensitive: true },
  'Kč': { code: 'CZK', word: true },
  'kr': { code: null, alternatives: ['SEK', 'NOK', 'DKK', 'ISK'], word: true, caseInsensitive: true },
  'kr.': { code: null, alternatives: ['DKK', 'SEK', 'NOK', 'ISK'], word: true, caseInsensitive: true },
  'Fr.': { code: 'CHF', word: true },
  'SFr.': { code: 'CHF', word: true },
  'лв': { code: 'BGN', word: true, caseInsensitive: true },
  'лв.': { code: 'BGN', word: true, caseInsensitive: true },
  'lei': { code: 'RON', word: true, caseInsensitive: true },
  'Ft': { code: 'HUF', word: true },
  '₺': { code: 'TRY' },
  'TL': { code: 'TRY', word: true },
  '₹': { code: 'INR' },
  'Rs': { code: 'INR', alternatives: ['INR', 'PKR', 'LKR', 'NPR'], word: true },
  'Rs.': { code: 'INR', alternatives: ['INR', 'PKR', 'LKR', 'NPR'], word: true },
  '₩': { code: 'KRW' },
  '₪': { code: 'ILS' },
  '₫': { code: 'VND' },
  '฿': { code: 'THB' },
  '₱': { code: 'PHP' },
  '₦': { code: 'NGN' },
  'Rp': { code: 'IDR', word: true },
  'RM': { code: 'MYR', word: true },
  'R': { code: 'ZAR', word: true },
  'Kn': { code: 'HRK', word: true, caseInsensitive: true },
  '원': { code: 'KRW', word: true },
  '￦': { code: 'KRW' },
  'RD$': { code: 'DOP' },
  'COL$': { code: 'COP' },
  'CLP$': { code: 'CLP' },
  'AR$': { code: 'ARS' },
  'ARS$': { code: 'ARS' },
  '$U': { code: 'UYU' },
  'NT $': { code: 'TWD' },
  'S/': { code: 'PEN', word: true },
  'S/.': { code: 'PEN', word: true },
  '₡': { code: 'CRC' },
  '₲': { code: 'PYG' },
  'Gs.': { code: 'PYG', word: true },
  'Bs.': { code: 'BOB', alternatives: ['BOB', 'VES'], word: true },
  '₭': { code: 'LAK' },
  '៛': { code: 'KHR' },
  '৳': { code: 'BDT' },
  'KSh': { code: 'KES', word: true, caseInsensitive: true },
  'ج.م': { code: 'EGP' },
  'ر.س': { code: 'SAR' },
  'د.إ': { code: 'AED' },
  'din.': { code: 'RSD', word: true, caseInsensitive: true },
  'дин.': { code: 'RSD', word: true, caseInsensitive: true },
  'ден': { code: 'MKD', word: true, caseInsensitive: true },
  'đ': { code: 'VND', word: true },
  'VNĐ': { code: 'VND', word: true, caseInsensitive: true },
  'Lek': { code: 'ALL', word: true },
};

/** ISO 4217 codes recognised when written as such (upper-case, standalone). */
export const ISO_CODES = new Set(
  (
    'AED AFN ALL AMD ARS AUD AZN BAM BDT BGN BHD BRL BYN BYR CAD CHF CLP CNY COP CRC CZK DKK DZD EGP ' +
    'EUR GBP GEL HKD HRK HUF IDR ILS INR IQD IRR ISK JOD JPY KES KGS KRW KWD KZT LAK LKR MAD MDL MKD ' +
    'MNT MXN MYR NGN NOK NPR NZD OMR PEN PHP PKR PLN PYG QAR RON RSD RUB SAR SEK SGD THB TJS TMT TND ' +
    'TRY TWD UAH USD UYU UZS VND ZAR DOP GTQ HNL NIO PAB BOB VES PYG KHR LAK MMK XOF XAF ETB GHS TZS UGX ' +
    'MUR BWP NAD ZMW JMD TTD BSD XCD FJD MOP BND'
  ).split(' '),
);

/** Currencies whose minor unit has three digits: `1.299` there is a decimal. */
export const THREE_DECIMAL_CURRENCIES = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Country-code TLD → local currency, used only to resolve ambiguous markers. */
export const TLD_CURRENCY: Record<string, string> = {
  ru: 'RUB', su: 'RUB', by: 'BYN', kz: 'KZT', ua: 'UAH', uz: 'UZS', kg: 'KGS', am: 'AMD', ge: 'GEL', az: 'AZN',
  de: 'EUR', fr: 'EUR', it: 'EUR', es: 'EUR', nl: 'EUR', at: 'EUR', fi: 'EUR', ie: 'EUR', pt: 'EUR', be: 'EUR',
  gr: 'EUR', sk: 'EUR', si: 'EUR', ee: 'EUR', lv: 'EUR', lt: 'EUR', uk: 'GBP', pl: 'PLN', cz: 'CZK', se: 'SEK',
  no: 'NOK', dk: 'DKK', is: 'ISK', ch: 'CHF', jp: 'JPY', cn: 'CNY', in: 'INR', ca: 'CAD', au: 'AUD', nz: 'NZD',
  br: 'BRL', za: 'ZAR', my: 'MYR', id: 'IDR', mx: 'MXN', tr: 'TRY', bg: 'BGN', ro: 'RON', hu: 'HUF', il: 'ILS', kr: 'KRW', sg: 'SGD', hk: 'HKD',
  gb: 'GBP', lu: 'EUR', mt: 'EUR', cy: 'EUR', hr: 'EUR', tw: 'TWD', cl: 'CLP', ar: 'ARS', co: 'COP', pe: 'PEN', uy: 'UYU',
  py: 'PYG', bo: 'BOB', ec: 'USD', do: 'DOP', gt: 'GTQ', cr: 'CRC', hn: 'HNL', ni: 'NIO', pa: 'PAB', vn: 'VND', th: 'THB',
  ph: 'PHP', pk: 'PKR', lk: 'LKR', np: 'NPR', bd: 'BDT', eg: 'EGP', sa: 'SAR', ae: 'AED', qa: 'QAR', kw: 'KWD', bh: 'BHD',
  om: 'OMR', jo: 'JOD', ma: 'MAD', tn: 'TND', dz: 'DZD', ng: 'NGN', ke: 'KES', gh: 'GHS', rs: 'RSD', mk: 'MKD', ba: 'BAM',
  md: 'MDL', al: 'ALL', mo: 'MOP', kh: 'KHR',
};

/** Language-tag region (`es-CL`, `en_AU`) → local currency; the same table as country-code TLDs. */
export function currencyFromLocale(locale: string | null | undefined): string | null {
  const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(locale?.trim() ?? '')?.[1]?.toLowerCase();
  if (!region) return null;
  return TLD_CURRENCY[region] ?? (region === 'us' ? 'USD' : null);
}

/** Resolves a marker to an ISO code, letting a hint choose among the marker's alternatives. */
export function resolveMarker(marker: CurrencyMarker, hint: string | null | undefined): string | null {
  if (hint && marker.alternatives?.includes(hint)) return hint;
  return marker.code;
}

/** Normalises a currency hint or machine-readable currency field to an ISO code. */
export function normaliseCurrencyCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (upper === 'RUR') return 'RUB';
  if (ISO_CODES.has(upper)) return upper;
  const marker = CURRENCY_MARKERS[trimmed] ?? CURRENCY_MARKERS[trimmed.toLowerCase()];
  return marker?.code ?? null;
}

/** Guesses the local currency from the URL's top-level domain (for ambiguous symbols only); `pageLanguage` is `<html lang>`. */
export function currencyFromUrl(url: string, pageLanguage?: string | null): string | null {
  try {
    const host = new URL(url).hostname;
    const labels = host.split('.');
    const tld = labels[labels.length - 1]!;
    // `brand.co` is as often a generic name as a Colombian shop: only a Spanish page, or a `.com.co` host, makes it one.
    const gate = GENERIC_USE[tld];
    if (gate && labels.length < 3 && pageLanguage && !gate.test(pageLanguage)) return null;
    return TLD_CURRENCY[tld] ?? null;
  } catch {
    return null;
  }
}

/** Country-code TLDs widely used as generic names, with the languages that still mark the country. */
const GENERIC_USE: Record<string, RegExp> = { co: /^es\b/i };
