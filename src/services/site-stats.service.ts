import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Counts one collection outcome for a site. Callers invoke it only inside the transaction that moved a product
 * into a terminal status, so an activity that runs twice never counts twice.
 */
export async function countSiteOutcome(em: EntityManager, domain: string, outcome: 'success' | 'failure'): Promise<void> {
  const column = outcome === 'success' ? 'success_count' : 'failure_count';
  const stamp = outcome === 'success' ? 'now()' : 'site_stats.last_collected_at';
  await em.execute(
    `insert into site_stats (domain, ${column}, last_collected_at) values (?, 1, ${outcome === 'success' ? 'now()' : 'null'})
     on conflict (domain) do update set ${column} = site_stats.${column} + 1, last_collected_at = ${stamp}`,
    [domain],
  );
}

export interface SiteStatView {
  domain: string;
  successCount: number;
  failureCount: number;
  lastCollectedAt: string | null;
}

/** All sites ordered by how often data was collected from them. */
export async function listSiteStats(em: EntityManager): Promise<SiteStatView[]> {
  const rows = await em.execute<{ domain: string; success_count: number; failure_count: number; last_collected_at: Date | null }[]>(
    'select domain, success_count, failure_count, last_collected_at from site_stats order by success_count desc, domain asc',
  );
  return rows.map((r) => ({
    domain: r.domain,
    successCount: Number(r.success_count),
    failureCount: Number(r.failure_count),
    lastCollectedAt: r.last_collected_at ? new Date(r.last_collected_at).toISOString() : null,
  }));
}
