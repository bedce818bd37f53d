import { Router, type Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { UrlPolicy } from '../security/index.js';
import { ScheduleService, type ScheduleLimits } from '../monitoring/schedule.service.js';
import { assertAlertSettings, scheduleCreateSchema, schedulePatchSchema } from '../monitoring/schedule.schemas.js';
import type { ErrorReporter } from '../util/error-ref.js';
import type { SecretBox } from '../security/secret-box.js';
import { currentUser, requireUser } from './auth/require-user.js';
import { requireConfirmedEmail } from './auth/require-confirmed-email.js';
import { HttpProblem } from './problem.js';
import { parseBody, parseId } from './validate.js';

export interface ScheduleRoutesDeps {
  em: () => EntityManager;
  temporal: Client;
  policy: UrlPolicy;
  limits: ScheduleLimits;
  taskQueue: string;
  emailConfirmation: 'required' | 'off';
  reportError: ErrorReporter;
  secretBox: SecretBox;
}

/** Recurring price checks, mounted at `/api/schedules`; every schedule is visible to its owner only. */
export function scheduleRoutes(deps: ScheduleRoutesDeps): Router {
  const router = Router();
  const service = () => new ScheduleService(deps.em(), deps.temporal, deps.policy, deps.limits, deps.taskQueue, deps.reportError, deps.secretBox);
  const body = scheduleCreateSchema(deps.limits.maxUrls);
  const patch = schedulePatchSchema(deps.limits.maxUrls);
  router.use(requireUser);
  // Like task submission: every run scrapes on the owner's behalf, so an unconfirmed account may not set one up.
  const confirmed = requireConfirmedEmail(deps.emailConfirmation);

  router.post('/', confirmed, async (req, res) => {
    assertAlertSettings(req.body);
    const schedule = await service().create(currentUser(req).id, parseBody(body, req));
    res.status(201).location(`/api/schedules/${schedule.id}`).json(schedule);
  });

  router.get('/', async (req, res) => {
    res.json(await service().list(currentUser(req).id));
  });

  router.get('/:id', async (req, res) => {
    res.json(await service().get(scheduleId(req), currentUser(req).id));
  });

  router.patch('/:id', confirmed, async (req, res) => {
    const id = scheduleId(req);
    const schedules = service();
    await schedules.assertOwned(id, currentUser(req).id);
    assertAlertSettings(req.body);
    res.json(await schedules.update(id, currentUser(req).id, parseBody(patch, req)));
  });

  router.delete('/:id', async (req, res) => {
    await service().delete(scheduleId(req), currentUser(req).id);
    res.status(204).end();
  });

  router.post('/:id/pause', async (req, res) => {
    res.json(await service().pause(scheduleId(req), currentUser(req).id));
  });

  router.post('/:id/resume', confirmed, async (req, res) => {
    res.json(await service().resume(scheduleId(req), currentUser(req).id));
  });

  router.post('/:id/trigger', confirmed, async (req, res) => {
    res.status(202).json(await service().trigger(scheduleId(req), currentUser(req).id));
  });

  return router;
}

function scheduleId(req: Request): number {
  const id = parseId(req.params.id);
  if (id === null) throw new HttpProblem(404, 'Not Found', `schedule ${String(req.params.id).slice(0, 40)} not found`);
  return id;
}
