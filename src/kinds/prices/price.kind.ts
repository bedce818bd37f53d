import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ObservedPrice, PriceKind, TaskProduct } from '../../entities/index.js';
import type { ExtractedProduct } from '../../extraction/index.js';
import type { TaskKindDefinition } from '../../tasks/task-kind.js';
import { storableText } from '../../util/storable.js';
import { isUnavailable } from '../../monitoring/availability-terms.js';
import { recordObservations } from '../../monitoring/history.js';

/** One price of a product in API views and exports. */
export const priceViewSchema = z
  .object({
    kind: z.enum(Object.values(PriceKind) as [PriceKind, ...PriceKind[]]).meta({ description: 'current: what a buyer pays now; regular: the crossed-out price; card: card/member price' }),
    amount: z.string().meta({ description: 'Decimal without thousands separators; a zero fraction is dropped', example: '1299' }),
    currency: z.string().nullable().meta({ description: 'ISO 4217, null when the page shows none', example: 'RUB' }),
  })
  .meta({ id: 'Price' });
export type PriceView = z.infer<typeof priceViewSchema>;

const KIND_ORDER: string[] = [PriceKind.Current, PriceKind.Regular, PriceKind.Card];
const STRUCTURED_SOURCES = ['embedded-state', 'json-ld', 'microdata', 'rdfa'];
const STORABLE_AMOUNT = /^\d{1,15}(\.\d{1,6})?$/;

/** Price tasks (OfferTask): what a buyer pays, the crossed-out price and card prices, per product. */
export const priceKind: TaskKindDefinition<PriceView> = {
  kind: 'offer',
  resource: 'offer-tasks',
  schemaName: 'Offer',
  collects: 'prices',
  resultsField: 'offers',

  missing(product, url) {
    // A page that says the product cannot be ordered and shows no price was read correctly: it has no price to give.
    if (product.price !== null || isUnavailable(product.availability)) return null;
    return { code: 'no-price-found', message: `no price was found on ${url}; is it a product page?` };
  },

  completeWithoutBrowser(product) {
    const source = product.provenance.price;
    return product.price !== null && !!source && (source.startsWith('adapter:') || STRUCTURED_SOURCES.includes(source));
  },

  async writeResults(em, productId, product) {
    const prices = storablePrices(product);
    await em.nativeDelete(ObservedPrice, { product: productId, kind: { $nin: prices.map((p) => p.kind) } });
    for (const price of prices) {
      await em.execute(
        `insert into offers (product_id, kind, amount, currency, raw, collected_at) values (?, ?, ?, ?, ?, now())
         on conflict (product_id, kind) do update set amount = excluded.amount, currency = excluded.currency, raw = excluded.raw, collected_at = excluded.collected_at`,
        [productId, price.kind, price.amount, price.currency, storableText(price.raw ?? null)],
      );
    }
    await em.nativeUpdate(TaskProduct, { id: productId }, { availability: product.availability });
    // The offers above are overwritten per product; the history is appended to, so it survives that. A page that
    // said "unavailable" without a price still records its availability (a point without an amount).
    const seen = prices.map((p) => ({ kind: p.kind, amount: p.amount as string | null, currency: p.currency, availability: product.availability ?? null }));
    if (!seen.some((o) => o.kind === PriceKind.Current) && isUnavailable(product.availability)) {
      seen.push({ kind: PriceKind.Current, amount: null, currency: null, availability: product.availability ?? null });
    }
    await recordObservations(em, productId, seen);
    return prices.length;
  },

  async readResults(em: EntityManager, productIds: number[]) {
    const byProduct = new Map<number, PriceView[]>();
    if (productIds.length === 0) return byProduct;
    const rows = await em.execute<{ product_id: number; kind: PriceKind; amount: string; currency: string | null }[]>(
      `select product_id, kind, amount::text as amount, currency from offers where product_id in (${productIds.map(() => '?').join(', ')}) order by id`,
      productIds,
    );
    for (const o of rows) {
      const list = byProduct.get(o.product_id) ?? [];
      list.push({ kind: o.kind, amount: o.amount, currency: o.currency });
      byProduct.set(o.product_id, list);
    }
    for (const list of byProduct.values()) list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    return byProduct;
  },

  resultSchema: priceViewSchema,
  exportColumns: ['price_kind', 'amount', 'currency'],
  exportRows(results) {
    if (results.length === 0) return [{ price_kind: '', amount: '', currency: '' }];
    return results.map((p) => ({ price_kind: p.kind, amount: p.amount, currency: p.currency ?? '' }));
  },
};

function storablePrices(product: ExtractedProduct) {
  return product.prices.filter((p) => STORABLE_AMOUNT.test(p.amount));
}

