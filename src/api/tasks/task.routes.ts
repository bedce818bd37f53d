import { Router, type Request, type Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UrlPolicy } from '../../security/index.js';
import type { TaskKindDefinition } from '../../tasks/task-kind.js';
import type { TaskRunner } from '../../tasks/task-runner.js';
import { TaskService, type TaskLimits } from '../../tasks/task.service.js';
import { ClientGoneError, RESULT_CONTENT_TYPES, streamTaskResults, type ResultFormat } from '../../tasks/results-export.js';
import { HttpProblem } from '../problem.js';
import { parseBody, parseId } from '../validate.js';
import { idempotencyKeySchema, listQuerySchema, productQuerySchema, resultsQuerySchema, taskSubmissionSchema } from '../schemas.js';
import { currentUser, requireUser } from '../auth/require-user.js';
import { csvUploadMiddleware, readCsvSubmission } from './csv-upload.js';
import type { ErrorReporter } from '../../util/error-ref.js';
import { requireConfirmedEmail } from '../auth/require-confirmed-email.js';

export interface TaskRoutesDeps {
  em: () => EntityManager;
  runner: TaskRunner;
  policy: UrlPolicy;
  maxUrlsPerTask: number;
  /** Largest CSV file accepted by a bulk submission. */
  maxUploadBytes: number;
  limits: TaskLimits;
  reportError: ErrorReporter;
  /** `required`: unconfirmed accounts get 403 on submit and retry. */
  emailConfirmation: 'required' | 'off';
}

/**
 * The task API of one kind, mounted at `/api/<kind.resource>`: submit (JSON or a CSV file), list, read, stream
 * results, cancel, retry. Every object is visible to its owner only; errors are thrown and rendered by the one
 * problem handler.
 */
export function taskRoutes(kind: TaskKindDefinition<unknown>, deps: TaskRoutesDeps): Router {
  const router = Router();
  const service = () => new TaskService(deps.em(), kind, deps.runner, deps.policy, deps.limits, deps.reportError);
  const submission = taskSubmissionSchema(deps.maxUrlsPerTask);
  router.use(requireUser);
  const confirmed = requireConfirmedEmail(deps.emailConfirmation);

  router.post('/', confirmed, csvUploadMiddleware(deps.maxUploadBytes), async (req, res) => {
    const key = idempotencyKey(req);
    const input = req.is('multipart/form-data')
      ? { ...readCsvSubmission(req, deps.maxUrlsPerTask), source: 'csv' as const }
      : (({ urls, region }) => ({ targets: urls.map((url) => ({ url })), region, source: 'json' as const }))(parseBody(submission, req));
    const { task, created } = await service().create({ ownerId: currentUser(req).id, idempotencyKey: key, ...input });
    res.status(created ? 202 : 200).location(`/api/${kind.resource}/${task.id}`).json(task);
  });

  router.get('/', async (req, res) => {
    res.json(await service().list(currentUser(req), listQuerySchema.parse(req.query)));
  });

  router.get('/:id', async (req, res) => {
    const id = taskId(req);
    const q = productQuerySchema.parse(req.query);
    const view = await service().get(id, currentUser(req), { limit: q.productLimit, offset: q.productOffset, status: q.productStatus });
    const live = q.live && view.status === 'running' ? await deps.runner.progress({ kind: kind.kind, id }) : null;
    res.json(live ? { ...view, live } : view);
  });

  router.get('/:id/request', async (req, res) => {
    res.json(await service().request(taskId(req), currentUser(req)));
  });

  router.get('/:id/results', async (req, res) => {
    await sendResults(req, res, resultsQuerySchema.parse(req.query).format);
  });

  /** The CSV export under its first name, kept for scripts written against it. */
  router.get('/:id/export.csv', async (req, res) => {
    await sendResults(req, res, 'csv');
  });

  router.post('/:id/cancel', async (req, res) => {
    res.status(202).json(await service().cancel(taskId(req), currentUser(req)));
  });

  router.post('/:id/retry', confirmed, async (req, res) => {
    const task = await service().retry(taskId(req), currentUser(req));
    res.status(202).location(`/api/${kind.resource}/${task.id}`).json(task);
  });

  async function sendResults(req: Request, res: Response, format: ResultFormat): Promise<void> {
    const id = taskId(req);
    await service().findVisible(id, currentUser(req));
    res.type(RESULT_CONTENT_TYPES[format]);
    if (format === 'csv') res.attachment(`${kind.kind}-task-${id}.csv`);
    try {
      await streamTaskResults(deps.em().fork(), kind, id, format, res);
    } catch (err) {
      // Before the first byte the problem handler can still answer; after it, a client that left needs nothing and
      // any other failure can only cut the stream short (so the client sees a truncated body, not a clean end).
      if (!res.headersSent) throw err;
      if (!(err instanceof ClientGoneError)) res.destroy(err as Error);
    }
  }

  function taskId(req: Request): number {
    const id = parseId(req.params.id);
    if (id === null) throw new HttpProblem(404, 'Not Found', `${kind.resource.replace(/s$/, '').replace('-', ' ')} ${String(req.params.id).slice(0, 40)} not found`);
    return id;
  }

  return router;
}

function idempotencyKey(req: Request): string | undefined {
  const header = req.get('Idempotency-Key');
  if (header !== undefined && !idempotencyKeySchema.safeParse(header).success) {
    throw new HttpProblem(400, 'Invalid request', 'the Idempotency-Key header must be 1–128 printable ASCII characters');
  }
  return header;
}
