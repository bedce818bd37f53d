import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';

export const siteStatSchema = z
  .object({
    domain: z.string().meta({ example: 'ozon.ru' }),
    kind: z.string().meta({ description: 'Task kind: `offer` (prices) or `spec` (characteristics).' }),
    collected: z.number().int().meta({ description: 'Products whose data was collected (successful collections).' }),
    failed: z.number().int().meta({ description: 'Products given up on.' }),
    attempts: z.number().int().meta({ description: 'Scrape attempts over those products, retries included.' }),
    failuresByReason: z.record(z.string(), z.number().int()).meta({ description: 'Failed products per error code.', example: { 'http-404': 2, blocked: 1 } }),
    lastCollectedAt: z.iso.datetime().nullable(),
    durationMs: z
      .object({ p50: z.number().nullable(), p95: z.number().nullable() })
      .meta({ description: 'Median and 95th percentile of successful scrape durations, milliseconds.' }),
  })
  .meta({ id: 'SiteStat' });
export type SiteStatView = z.infer<typeof siteStatSchema>;

export interface SiteStatsQuery {
  /** Only this owner's products; all owners when undefined (admins). */
  ownerId?: number | undefined;
  kind?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

interface Row {
  domain: string;
  kind: string;
  collected: string;
  failed: string;
  attempts: string;
  last_collected_at: Date | null;
  p50: number | null;
  p95: number | null;
  reasons: Record<string, number> | null;
}

/**
 * How many times data was collected from each site, per task kind, over products that ended in the range.
 * Computed from the product rows themselves, so the figures are per owner and cannot drift from what the
 * tasks show.
 */
export async function listSiteStats(em: EntityManager, query: SiteStatsQuery): Promise<SiteStatView[]> {
  const where = [`p.status in ('succeeded', 'failed')`, `p.finished_at is not null`];
  const params: unknown[] = [];
  if (query.ownerId !== undefined) {
    where.push('t.owner_id = ?');
    params.push(query.ownerId);
  }
  if (query.kind) {
    where.push('t.kind = ?');
    params.push(query.kind);
  }
  if (query.from) {
    where.push('p.finished_at >= ?');
    params.push(query.from);
  }
  if (query.to) {
    where.push('p.finished_at < ?');
    params.push(query.to);
  }
  const rows = await em.execute<Row[]>(
    `with scoped as (
       select p.domain, t.kind, p.status, p.attempts, p.error_code, p.collected_at, p.duration_ms
       from task_products p join tasks t on t.id = p.task_id
       where ${where.join(' and ')}
     ), reasons as (
       select domain, kind, jsonb_object_agg(error_code, n) as reasons
       from (select domain, kind, coalesce(error_code, 'unknown') as error_code, count(*) as n from scoped where status = 'failed' group by 1, 2, 3) f
       group by 1, 2
     )
     select s.domain, s.kind,
            count(*) filter (where s.status = 'succeeded') as collected,
            count(*) filter (where s.status = 'failed') as failed,
            sum(s.attempts) as attempts,
            max(s.collected_at) as last_collected_at,
            percentile_cont(0.5) within group (order by s.duration_ms) as p50,
            percentile_cont(0.95) within group (order by s.duration_ms) as p95,
            r.reasons
     from scoped s left join reasons r on r.domain = s.domain and r.kind = s.kind
     group by s.domain, s.kind, r.reasons
     order by collected desc, s.domain asc, s.kind asc
     limit 1000`,
    params,
  );
  return rows.map((r) => ({
    domain: r.domain,
    kind: r.kind,
    collected: Number(r.collected),
    failed: Number(r.failed),
    attempts: Number(r.attempts),
    failuresByReason: r.reasons ?? {},
    lastCollectedAt: r.last_collected_at ? new Date(r.last_collected_at).toISOString() : null,
    durationMs: { p50: r.p50 === null ? null : Math.round(Number(r.p50)), p95: r.p95 === null ? null : Math.round(Number(r.p95)) },
  }));
}
