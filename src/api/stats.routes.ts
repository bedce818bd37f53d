import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { listSiteStats, siteStatSchema } from '../tasks/site-stats.js';
import { currentUser, requireUser } from './auth/require-user.js';
import { statsQuerySchema } from './schemas.js';

export const siteStatsSchema = z
  .object({
    scope: z.enum(['own', 'all-users']).meta({ description: "`own`: the caller's tasks only; `all-users`: everyone's (admins)." }),
    sites: z.array(siteStatSchema).meta({ description: 'Most collections first.' }),
  })
  .meta({ id: 'SiteStats' });
export type SiteStatsView = z.infer<typeof siteStatsSchema>;

/**
 * How many times data was collected from each site, per task kind: a user sees the figures of their own tasks,
 * an admin everyone's.
 */
export function statsRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/sites', requireUser, async (req, res) => {
    const query = statsQuerySchema.parse(req.query);
    const viewer = currentUser(req);
    const sites = await listSiteStats(deps.em(), { ...query, ownerId: viewer.isAdmin ? undefined : viewer.id });
    const body: SiteStatsView = { scope: viewer.isAdmin ? 'all-users' : 'own', sites };
    res.json(body);
  });
  return router;
}
