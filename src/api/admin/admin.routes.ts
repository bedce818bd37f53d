import { Router, type RequestHandler } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { AdminService, UserNotFoundError } from '../../services/admin.service.js';
import { HttpProblem } from '../problem.js';
import { parseId } from '../validate.js';
import { currentUser } from '../auth/require-user.js';

/** Page of GET /api/admin/users. */
export const adminUserListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Page size.' }),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).meta({ description: 'Accounts to skip (oldest first).' }),
});

/** 401 when anonymous, 403 for a signed-in user who is not an admin (the admin area is no secret; its data is). */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (!req.user) return next(new HttpProblem(401, 'Unauthorized', 'sign in with POST /api/auth/login first'));
  if (req.user.role !== 'admin') return next(new HttpProblem(403, 'Forbidden', 'only admins may manage accounts'));
  next();
};

/** Account management for admins, mounted at `/api/admin`. */
export function adminRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const service = () => new AdminService(deps.em());
  router.use(requireAdmin);

  router.get('/users', async (req, res) => {
    res.json(await service().listUsers(adminUserListQuerySchema.parse(req.query)));
  });

  const userId = (raw: unknown): number => {
    const id = parseId(raw);
    if (id === null) throw new UserNotFoundError(`user ${String(raw).slice(0, 40)} not found`);
    return id;
  };
  router.post('/users/:id/disable', async (req, res) => {
    res.json(await service().disable(currentUser(req).id, userId(req.params.id)));
  });
  router.post('/users/:id/enable', async (req, res) => {
    res.json(await service().enable(userId(req.params.id)));
  });
  return router;
}
