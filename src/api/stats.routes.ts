import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listSiteStats } from '../services/site-stats.service.js';
import { requireUser } from './auth/require-user.js';

/** How many times data was collected from each site (successes and failures). */
export function statsRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/sites', requireUser, async (_req, res) => {
    res.json({ sites: await listSiteStats(deps.em()) });
  });
  return router;
}
