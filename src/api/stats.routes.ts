import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listSiteStats } from '../tasks/site-stats.js';
import { currentUser, requireUser } from './auth/require-user.js';
import { statsQuerySchema } from './schemas.js';

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
    res.json({ scope: viewer.isAdmin ? 'all-users' : 'own', sites });
  });
  return router;
}
