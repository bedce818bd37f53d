import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { alertListQuerySchema, listAlerts } from '../monitoring/alert.service.js';
import { currentUser, requireUser } from './auth/require-user.js';

/** The caller's price alerts with their deliveries, mounted at `/api/alerts`; only the owner's are listed. */
export function alertRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.use(requireUser);
  router.get('/', async (req, res) => {
    res.json(await listAlerts(deps.em(), currentUser(req).id, alertListQuerySchema.parse(req.query)));
  });
  return router;
}
