import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  InvalidTargetsError,
  OfferTaskService,
  TaskAlreadyFinishedError,
  TaskNotFoundError,
  WorkflowStartError,
} from '../../services/offer-task.service.js';
import type { OfferTaskRunner } from '../../temporal/offer-task-runner.js';
import { offerTaskCsv } from '../../services/offer-task-export.js';
import type { UrlPolicy } from '../../security/index.js';
import { HttpProblem } from '../problem.js';
import { parseBody, parseId } from '../validate.js';
import { idempotencyKeySchema, listQuerySchema, offerTaskSchema, productQuerySchema } from '../schemas.js';
import { currentUser, requireUser } from '../auth/require-user.js';

export interface OfferTaskRoutesDeps {
  em: () => EntityManager;
  runner: OfferTaskRunner;
  policy: UrlPolicy;
  maxUrlsPerTask: number;
}

/** Submitting, reading, listing and cancelling price-collection tasks; every object is visible to its owner only. */
export function offerTaskRoutes(deps: OfferTaskRoutesDeps): Router {
  const router = Router();
  const service = () => new OfferTaskService(deps.em(), deps.runner, deps.policy);
  const schema = offerTaskSchema(deps.maxUrlsPerTask);
  router.use(requireUser);

  router.post('/', async (req, res) => {
    const input = parseBody(schema, req);
    const keyHeader = req.get('Idempotency-Key');
    if (keyHeader !== undefined && !idempotencyKeySchema.safeParse(keyHeader).success) {
      throw new HttpProblem(400, 'Invalid request', 'the Idempotency-Key header must be 1–128 printable ASCII characters');
    }
    const key = keyHeader;
    try {
      const { task, created } = await service().create({ ownerId: currentUser(req).id, urls: input.urls, region: input.region, idempotencyKey: key });
      res.status(created ? 202 : 200).location(`/api/offer-tasks/${task.id}`).json(task);
    } catch (err) {
      if (err instanceof InvalidTargetsError) {
        throw new HttpProblem(422, 'Unprocessable URLs', `${err.problems.length} URL(s) cannot be scraped; fix or remove them and submit again`, {
          errors: err.problems,
        });
      }
      if (err instanceof WorkflowStartError) throw new HttpProblem(503, 'Service Unavailable', `${err.message}; retry in a moment`);
      throw err;
    }
  });

  router.get('/', async (req, res) => {
    const page = listQuerySchema.parse(req.query);
    res.json({ ...(await service().list(currentUser(req), page)), ...page });
  });

  router.get('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(req.params.id);
    try {
      const q = productQuerySchema.parse(req.query);
      const view = await service().get(id, currentUser(req), { limit: q.productLimit, offset: q.productOffset, status: q.productStatus });
      const live = view.status === 'running' ? await deps.runner.progress(id) : null;
      res.json(live ? { ...view, live } : view);
    } catch (err) {
      if (err instanceof TaskNotFoundError) throw notFound(req.params.id);
      throw err;
    }
  });

  router.get('/:id/export.csv', async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(req.params.id);
    try {
      const view = await service().get(id, currentUser(req), { limit: 10_000, offset: 0 });
      res.type('text/csv; charset=utf-8').attachment(`offer-task-${id}.csv`).send(await offerTaskCsv(view.products ?? []));
    } catch (err) {
      if (err instanceof TaskNotFoundError) throw notFound(req.params.id);
      throw err;
    }
  });

  router.post('/:id/cancel', async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound(req.params.id);
    try {
      res.status(202).json(await service().cancel(id, currentUser(req)));
    } catch (err) {
      if (err instanceof TaskNotFoundError) throw notFound(req.params.id);
      if (err instanceof TaskAlreadyFinishedError) throw new HttpProblem(409, 'Conflict', err.message);
      throw err;
    }
  });

  return router;
}

function notFound(id: unknown): HttpProblem {
  return new HttpProblem(404, 'Not Found', `offer task ${String(id).slice(0, 40)} not found`);
}
