import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
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

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'Not Found', `${req.method} ${req.path} does not exist; see /api/docs for the API`));
};

/** Builds the problem+json error middleware; 5xx bodies never carry internals, they are logged instead. */
export function problemHandler(log: (err: unknown, msg: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    if (problem.status >= 500) log(err, `${req.method} ${req.path} failed`);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra });
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
  return new HttpProblem(500, 'Internal Server Error', 'an unexpected error happened; it was logged');
}

function isDatabaseUnavailable(err: unknown): boolean {
  const text = String((err as { code?: string })?.code ?? '') + ' ' + String((err as Error)?.message ?? '');
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|connect ETIMEDOUT|timeout exceeded when trying to connect/i.test(text);
}
