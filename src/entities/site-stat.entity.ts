import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** How many times data was collected from (or failed on) each site. Incremented once per product outcome. */
export const SiteStat = defineEntity({
  name: 'SiteStat',
  tableName: 'site_stats',
  properties: {
    domain: p.string().length(255).primary(),
    successCount: p.integer().default(0),
    failureCount: p.integer().default(0),
    lastCollectedAt: p.datetime().nullable(),
  },
});
export type ISiteStat = InferEntity<typeof SiteStat>;
