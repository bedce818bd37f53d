import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z, ZodError } from 'zod';
import { DomainError } from '../util/domain-errors.js';

/**
 * The one error type of the HTTP layer, rendered as RFC 9457 `application/problem+json`. Services throw it (or
 * errors mapped to it here); nothing else writes error responses.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/**
 * The body of every error (RFC 9457). Loose: problems may carry extra members (`errors`, `activeTasks`, ...), which
 * the schemas of particular problems below name.
 */
export const problemSchema = z
  .looseObject({
    type: z.literal('about:blank'),
    title: z.string().meta({ description: 'Short summary, the same for every occurrence of the problem.', example: 'Not Found' }),
    status: z.number().int().min(400).max(599).meta({ description: 'The HTTP status code, repeated.', example: 404 }),
    detail: z.string().optional().meta({ description: 'What went wrong this time and what to do about it.', example: 'offer task 42 not found' }),
    ref: z.string().optional().meta({ description: 'On 5xx: the reference under which the detail was logged; quote it when reporting.', example: 'E-3f9a0c1d' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, sent as `application/problem+json` for every error. 5xx bodies never carry internals.' });
export type ProblemBody = z.infer<typeof problemSchema>;

/** A 400 for a request that does not match its schema (`errors` only when zod refused it). */
export const validationProblemSchema = problemSchema
  .extend({
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'Dotted path of the offending field; empty for the body (or query) as a whole.', example: 'urls.0' }),
          message: z.string().meta({ example: 'Invalid input: expected string, received number' }),
        }),
      )
      .optional()
      .meta({ description: 'One entry per issue.' }),
  })
  .meta({ id: 'ValidationProblem', description: 'A request the API could not read or that does not match the schema.' });

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'Not Found', `${req.method} ${req.path} does not exist; see /api/docs for the API`));
};

/** Builds the problem+json error middleware; 5xx bodies never carry internals, they are logged instead. */
export function problemHandler(report: (err: unknown, context: string) => string): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    const ref = problem.status >= 500 ? report(err, `${req.method} ${req.path} failed`) : undefined;
    const body: ProblemBody = { type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra, ...(ref ? { ref } : {}) };
    res.status(problem.status).type('application/problem+json').json(body);
  };
}

function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof DomainError) return new HttpProblem(err.status, err.title, err.detail, err.extra);
  if (err instanceof ZodError) {
    const errors = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new HttpProblem(400, 'Invalid request', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), { errors });
  }
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string; name?: string };
  // body-parser errors carry a status and a type we can trust.
  if (e?.type === 'entity.too.large') return new HttpProblem(413, 'Payload Too Large', 'the request body is larger than the limit; send fewer URLs per task');
  if (e?.type === 'entity.parse.failed') return new HttpProblem(400, 'Malformed JSON', 'the request body is not valid JSON');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return new HttpProblem(415, 'Unsupported encoding', e.message);
  if (err instanceof URIError) return new HttpProblem(400, 'Malformed URL', 'the request path is not valid percent-encoding');
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose) {
    return new HttpProblem(status, e.name && e.name !== 'Error' ? e.name : 'Bad Request', e.message);
  }
  if (isDatabaseUnavailable(err)) return new HttpProblem(503, 'Service Unavailable', 'the database is not reachable; retry in a few seconds', {});
  return new HttpProblem(500, 'Internal Server Error', 'an unexpected error happened; it was logged under the reference in `ref`');
}

function isDatabaseUnavailable(err: unknown): boolean {
  const text = String((err as { code?: string })?.code ?? '') + ' ' + String((err as Error)?.message ?? '');
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|connect ETIMEDOUT|timeout exceeded when trying to connect/i.test(text);
}
