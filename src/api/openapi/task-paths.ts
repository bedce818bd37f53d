import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { TaskKindDefinition } from '../../tasks/task-kind.js';
import { kindViewSchemas, taskRequestSchema } from '../../tasks/task-views.js';
import { idempotencyKeySchema, listQuerySchema, productQuerySchema, resultsQuerySchema, taskSubmissionSchema } from '../schemas.js';
import { idParamSchema } from '../validate.js';
import { csvUploadFormSchema } from '../tasks/csv-upload.js';
import { activeLimitProblemSchema, submissionProblemSchema } from '../tasks/submission-problems.js';
import { ANY_REQUEST_ERRORS, SIGNED_IN, STATE_CHANGE_ERRORS, emptyJsonBody, json, problem, responses } from './responses.js';
import { emailNotConfirmed } from './account-paths.js';

const idPath = z.object({ id: idParamSchema });

/** The paths of one task kind (api/tasks/task.routes.ts mounted at `/api/<resource>`), generated from its definition. */
export function taskPaths(kind: TaskKindDefinition<unknown>, maxUrlsPerTask: number): ZodOpenApiPathsObject {
  const base = `/api/${kind.resource}`;
  const name = kind.schemaName;
  const views = kindViewSchemas(kind);
  const tags = [kind.resource];
  const location = z.object({
    Location: z.string().meta({ description: `The task: \`${base}/{id}\`.`, example: `${base}/42` }),
  });
  const activeLimit = problem('Too many of your tasks are pending or running; wait for some to finish or cancel them.', activeLimitProblemSchema);
  const startFailed = problem('The database is not reachable, or the workflow could not be started (the task is then stored as failed); retry in a moment.');

  return {
    [base]: {
      post: {
        operationId: `create${name}Task`,
        tags,
        summary: `Submit product URLs to collect ${kind.collects}`,
        description:
          'As JSON (`urls`, optional `region`) or as a CSV file (multipart/form-data, field `file`). Every URL is validated (syntax, scheme, port, resolved addresses) before anything is stored; then the task is stored with one product per distinct URL and its workflow starts. Poll the task for the result. A file upload with a session cookie must come from this site (`Origin`); with an API token it need not.',
        security: SIGNED_IN,
        requestParams: { header: z.object({ 'Idempotency-Key': idempotencyKeySchema.optional().meta({ description: 'Makes a retried submission safe: a key you already used returns that task (200) instead of creating another one (202).', example: 'nightly-2026-11-29' }) }) },
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: taskSubmissionSchema(maxUrlsPerTask) },
            'multipart/form-data': { schema: csvUploadFormSchema, encoding: { file: { contentType: 'text/csv' } } },
          },
        },
        responses: responses(
          {
            202: json('The task was created and its workflow started.', views.task, { headers: location }),
            200: json('The `Idempotency-Key` was used before: the existing task; nothing new was created.', views.task, { headers: location }),
            422: problem('Some URLs (or rows of the file, by `line`) cannot be scraped; nothing was stored.', submissionProblemSchema),
            403: emailNotConfirmed,
            429: activeLimit,
            503: startFailed,
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
      get: {
        operationId: `list${name}Tasks`,
        tags,
        summary: "The caller's tasks (an admin's: every user's), newest first",
        description: 'Without products; page with `nextCursor`.',
        security: SIGNED_IN,
        requestParams: { query: listQuerySchema },
        responses: responses({ 200: json('One page of tasks.', views.list) }, [400, ...ANY_REQUEST_ERRORS]),
      },
    },
    [`${base}/{id}`]: {
      get: {
        operationId: `get${name}Task`,
        tags,
        summary: `One task with its products and their ${kind.collects}`,
        description: 'Tasks of other users answer 404, exactly like tasks that do not exist (admins see every task).',
        security: SIGNED_IN,
        requestParams: { path: idPath, query: productQuerySchema },
        responses: responses({ 200: json('The task with one page of `products` (and `live` when asked for while it runs).', views.task) }, [400, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    [`${base}/{id}/results`]: {
      get: {
        operationId: `get${name}TaskResults`,
        tags,
        summary: 'Every product with its results, streamed',
        description:
          'No page limit: read in batches on the server. CSV is UTF-8 with a BOM, one row per result; cells starting with = + - @ are prefixed with a quote so scraped text cannot run as a formula.',
        security: SIGNED_IN,
        requestParams: { path: idPath, query: resultsQuerySchema },
        responses: responses(
          {
            200: {
              description: 'The results in the asked format (a failure after the first byte cuts the body short).',
              content: {
                'application/json': { schema: z.array(views.resultItem) },
                'application/x-ndjson': { schema: views.resultItem.meta({ description: `JSON Lines: one ${name}-product object like this per line.` }) },
                'text/csv': { schema: csvText(kind) },
              },
            },
          },
          [400, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    [`${base}/{id}/export.csv`]: {
      get: {
        operationId: `export${name}TaskCsv`,
        tags,
        summary: 'The results as CSV (the first name of `results?format=csv`, kept for old scripts)',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        responses: responses({ 200: { description: 'CSV with a header row.', content: { 'text/csv': { schema: csvText(kind) } } } }, [400, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    [`${base}/{id}/request`]: {
      get: {
        operationId: `get${name}TaskRequest`,
        tags,
        summary: 'What was submitted, as sent',
        description: 'The URLs before normalisation and de-duplication, the region and whether they came as JSON or a CSV file.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        responses: responses({ 200: json('The submission.', taskRequestSchema) }, [400, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    [`${base}/{id}/cancel`]: {
      post: {
        operationId: `cancel${name}Task`,
        tags,
        summary: 'Ask a task to stop',
        description: 'Asynchronous: the workflow then marks the task and its unfinished products cancelled.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses(
          {
            202: json('Cancellation was requested; the view is from before it took effect.', views.task),
            409: problem('The task already ended.'),
          },
          [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
    [`${base}/{id}/retry`]: {
      post: {
        operationId: `retry${name}Task`,
        tags,
        summary: 'Run the failed products of an ended task again',
        description: 'A new run of the same workflow; the succeeded products keep their results.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses(
          {
            202: json('The task, running again.', views.task, { headers: location }),
            403: emailNotConfirmed,
            409: problem('The task is still running, or it has no failed products.'),
            429: activeLimit,
            503: startFailed,
          },
          [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
  };
}

function csvText(kind: TaskKindDefinition<unknown>) {
  return z.string().meta({
    description: `UTF-8 CSV with a BOM and a header row: the product columns (position, url, domain, status, ...), then ${kind.exportColumns.join(', ')}.`,
  });
}
