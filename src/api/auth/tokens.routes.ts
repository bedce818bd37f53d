import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiTokenService, TokenNotFoundError } from '../../services/api-token.service.js';
import { HttpProblem } from '../problem.js';
import { parseBody, parseId } from '../validate.js';
import { tokenCreateSchema } from '../schemas.js';
import { currentUser, requireUser } from './require-user.js';

/** Managing one's API tokens. Only a password session may do it: a token cannot mint or revoke tokens. */
export function tokenRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const service = () => new ApiTokenService(deps.em());
  router.use(requireUser, (req, _res, next) => {
    if (req.authMethod === 'token') return next(new HttpProblem(403, 'Forbidden', 'sign in with your password to manage API tokens'));
    next();
  });

  router.post('/', async (req, res) => {
    const input = parseBody(tokenCreateSchema, req);
    const { token, view } = await service().create(currentUser(req).id, input.name);
    res.status(201).json({ ...view, token });
  });

  router.get('/', async (req, res) => {
    res.json({ items: await service().list(currentUser(req).id) });
  });

  router.post('/:id/revoke', async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw new TokenNotFoundError(`API token ${String(req.params.id).slice(0, 40)} not found`);
    res.json(await service().revoke(currentUser(req).id, id));
  });
  return router;
}
