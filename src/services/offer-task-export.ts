import { stringify } from 'csv-stringify';
import type { ProductOfferView } from './offer-task.service.js';

const COLUMNS = ['position', 'url', 'domain', 'region', 'status', 'name', 'availability', 'current', 'regular', 'card', 'currency', 'collected_at', 'error_code', 'error'];

/**
 * One CSV row per product, prices in columns by kind, in submission order. Cells that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@` first) are prefixed with `'`: scraped text is hostile.
 */
export function offerTaskCsv(products: ProductOfferView[]): Promise<string> {
  return new Promise((resolve, reject) => {
    stringify(
      products.map((p, i) => row(p, i)),
      { header: true, columns: COLUMNS, bom: true },
      (err, out) => (err ? reject(err) : resolve(out)),
    );
  });
}

function row(p: ProductOfferView, index: number): Record<string, string> {
  const price = (kind: string) => p.offers.find((o) => o.kind === kind)?.amount ?? '';
  const currency = p.offers.find((o) => o.kind === 'current')?.currency ?? p.offers[0]?.currency ?? '';
  return Object.fromEntries(
    Object.entries({
      position: String(index + 1),
      url: p.url,
      domain: p.domain,
      region: p.region ?? '',
      status: p.status,
      name: p.name ?? '',
      availability: p.availability ?? '',
      current: price('current'),
      regular: price('regular'),
      card: price('card'),
      currency,
      collected_at: p.collectedAt ?? '',
      error_code: p.errorCode ?? '',
      error: p.error ?? '',
    }).map(([k, v]) => [k, neutraliseFormula(v)]),
  );
}

function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
