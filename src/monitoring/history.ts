import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { PriceKind } from '../entities/index.js';

/** What one collection saw of one price kind. */
export interface Observation {
  kind: PriceKind;
  /** Null only for kind `current` of a page that said the product is unavailable and showed no price. */
  amount: string | null;
  currency: string | null;
  availability: string | null;
}

/** Where a collection belongs: whose history, which page, which region (null: none). */
interface CollectionKey {
  ownerId: number;
  url: string;
  region: string;
}

const KIND_ORDER: PriceKind[] = [PriceKind.Current, PriceKind.Regular, PriceKind.Card];
const DAY_MS = 86_400_000;
/** EU Omnibus rule (Directive 98/6/EC art. 6a): a reduction is announced against the lowest price of the prior 30 days. */
export const REAL_DISCOUNT_WINDOW_DAYS = 30;

/**
 * Records what the collection of task product `productId` saw, inside the caller's transaction. Per price kind, an
 * observation equal to the latest point (amount, currency, availability) extends it; anything else appends a point.
 * Idempotent: a point remembers the product that last extended it, and product ids grow with every collection, so a
 * retried activity (or a late, older one) changes nothing.
 */
export async function recordObservations(em: EntityManager, productId: number, observations: Observation[], at: Date = new Date()): Promise<void> {
  const [key] = await em.execute<{ owner_id: number; url: string; region: string }[]>(
    `select t.owner_id, p.url, coalesce(p.region, '') as region from task_products p join tasks t on t.id = p.task_id where p.id = ?`,
    [productId],
  );
  if (!key) return;
  const where: CollectionKey = { ownerId: key.owner_id, url: key.url, region: key.region };
  // Two collections of the same page can finish at once; without this both would see the same latest point and
  // both append. The lock ends with the transaction.
  await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`price-history:${where.ownerId}:${where.region}:${where.url}`]);
  for (const o of observations) {
    const [latest] = await em.execute<{ id: number; last_product_id: number; same: boolean }[]>(
      `select id, last_product_id,
              (amount is not distinct from ?::numeric and currency is not distinct from ? and availability is not distinct from ?) as same
         from price_observations where owner_id = ? and url = ? and region = ? and kind = ?
        order by last_seen desc, id desc limit 1`,
      [o.amount, o.currency, o.availability, where.ownerId, where.url, where.region, o.kind],
    );
    if (latest && latest.last_product_id >= productId) continue;
    if (latest?.same) {
      await em.execute(`update price_observations set last_seen = greatest(last_seen, ?), last_product_id = ? where id = ?`, [at, productId, latest.id]);
    } else {
      await em.execute(
        `insert into price_observations (owner_id, url, region, kind, amount, currency, availability, first_seen, last_seen, last_product_id, first_product_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [where.ownerId, where.url, where.region, o.kind, o.amount, o.currency, o.availability, at, at, productId, productId],
      );
    }
  }
}

export const historyPointSchema = z
  .object({
    amount: z.string().nullable().meta({ description: 'Decimal as the page showed it; null when the page said the product is unavailable and showed no price', example: '1299' }),
    currency: z.string().nullable().meta({ description: 'ISO 4217, null when the page showed none', example: 'RUB' }),
    availability: z.string().nullable().meta({ description: 'schema.org availability term (InStock, OutOfStock, ...)', example: 'InStock' }),
    firstSeen: z.string().meta({ description: 'First collection that saw this value (ISO 8601)', example: '2026-11-01T10:00:00.000Z' }),
    lastSeen: z.string().meta({ description: 'Last collection that saw it; equal observations in between collapse into this point', example: '2026-11-20T10:00:00.000Z' }),
  })
  .meta({ id: 'PriceHistoryPoint' });

export const realDiscountSchema = z
  .object({
    currentAmount: z.string().meta({ description: 'The current price (latest point of kind `current`)' }),
    currency: z.string().nullable(),
    since: z.string().meta({ description: 'When the current price was first seen' }),
    lowestPrior30Days: z.string().nullable().meta({ description: 'Lowest `current` price in the 30 days before `since` (same currency); null when nothing was collected then' }),
    percent: z.number().nullable().meta({ description: 'Real discount: (lowestPrior30Days − currentAmount) / lowestPrior30Days × 100, one decimal; negative when the price is above that lowest price' }),
    claimedPercent: z.number().nullable().meta({ description: 'What the page claims: the current price against its crossed-out (`regular`) price, when it shows one' }),
  })
  .meta({ id: 'RealDiscount', description: 'The current price against the lowest price of the previous 30 days (EU price-indication rule).' });

export const priceHistorySchema = z
  .object({
    url: z.string(),
    region: z.string().nullable(),
    kinds: z.array(z.object({ kind: z.enum(KIND_ORDER as [PriceKind, ...PriceKind[]]), points: z.array(historyPointSchema) })).meta({ description: 'Per price kind, oldest point first' }),
    realDiscount: realDiscountSchema.nullable(),
  })
  .meta({ id: 'PriceHistory' });
export type PriceHistory = z.infer<typeof priceHistorySchema>;
export type HistoryPoint = z.infer<typeof historyPointSchema>;
export type RealDiscount = z.infer<typeof realDiscountSchema>;

/** The caller's own history of a page in a region; null when the caller never collected it (so: 404, not a hint). */
export async function readHistory(em: EntityManager, ownerId: number, url: string, region: string | null): Promise<PriceHistory | null> {
  const rows = await em.execute<{ kind: PriceKind; amount: string | null; currency: string | null; availability: string | null; first_seen: Date; last_seen: Date }[]>(
    `select kind, amount::text as amount, currency, availability, first_seen, last_seen from price_observations
      where owner_id = ? and url = ? and region = ? order by first_seen, id`,
    [ownerId, url, region ?? ''],
  );
  if (rows.length === 0) return null;
  const kinds = KIND_ORDER.map((kind) => ({
    kind,
    points: rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ amount: r.amount, currency: r.currency, availability: r.availability, firstSeen: new Date(r.first_seen).toISOString(), lastSeen: new Date(r.last_seen).toISOString() })),
  })).filter((k) => k.points.length > 0);
  return { url, region, kinds, realDiscount: realDiscount(kinds) };
}

/**
 * The current price against the lowest `current` price of the 30 days before it was first seen. A point holds from
 * its first sighting until the next point's (the page was not seen to change in between), so a price set 40 days ago
 * and still shown 20 days ago counts.
 */
export function realDiscount(kinds: PriceHistory['kinds']): RealDiscount | null {
  const current = kinds.find((k) => k.kind === PriceKind.Current)?.points ?? [];
  const now = current.at(-1);
  // No price now (the page said unavailable and showed none): there is nothing to discount.
  if (!now?.amount) return null;
  const nowAmount = now.amount;
  const since = Date.parse(now.firstSeen);
  const windowStart = since - REAL_DISCOUNT_WINDOW_DAYS * DAY_MS;
  let lowest: string | null = null;
  for (let i = 0; i < current.length - 1; i++) {
    const p = current[i]!;
    const heldUntil = Date.parse(current[i + 1]!.firstSeen);
    if (p.amount === null || heldUntil <= windowStart || Date.parse(p.firstSeen) >= since || p.currency !== now.currency) continue;
    if (lowest === null || Number(p.amount) < Number(lowest)) lowest = p.amount;
  }
  const regular = kinds.find((k) => k.kind === PriceKind.Regular)?.points.at(-1);
  const percent = (base: string | null | undefined) => (base && Number(base) > 0 ? Math.round(((Number(base) - Number(nowAmount)) / Number(base)) * 1000) / 10 : null);
  return {
    currentAmount: nowAmount,
    currency: now.currency,
    since: now.firstSeen,
    lowestPrior30Days: lowest,
    percent: percent(lowest),
    claimedPercent: regular?.amount && regular.currency === now.currency ? percent(regular.amount) : null,
  };
}

/** Flat rows for the CSV answer: one per point. */
export function historyCsvRows(history: PriceHistory): Record<string, string>[] {
  return history.kinds.flatMap((k) =>
    k.points.map((p) => ({ price_kind: k.kind, amount: p.amount ?? '', currency: p.currency ?? '', availability: p.availability ?? '', first_seen: p.firstSeen, last_seen: p.lastSeen })),
  );
}
export const HISTORY_CSV_COLUMNS = ['price_kind', 'amount', 'currency', 'availability', 'first_seen', 'last_seen'];
