import type { Request, RequestHandler } from 'express';
import { ALL_KIND_DEFINITIONS } from '../tasks/registry.js';
import { HttpProblem } from './problem.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that also take a file upload (`multipart/form-data`): bulk task submission from a CSV, for every kind. */
const UPLOAD_ROUTES = new Set(ALL_KIND_DEFINITIONS.map((kind) => `/api/${kind.resource}`));

/**
 * Cross-site request forgery defence for cookie sessions. Every state change must be sent as
 * `Content-Type: application/json` (which a cross-site form or simple request cannot send without a CORS
 * preflight we never grant), and a browser's `Origin`, when present, must be our own host. A file upload is the
 * one exception to JSON, and a cross-site form *can* send it: so with a session cookie it must prove it comes from
 * our own page (an `Origin` of our host, or `Sec-Fetch-Site: same-origin`); API tokens are not sent by browsers
 * on their own, so token-authenticated uploads need neither.
 */
export const csrfGuard: RequestHandler = (req, _res, next) => {
  if (!UNSAFE.has(req.method)) return next();
  const upload = req.is('multipart/form-data') && req.method === 'POST' && UPLOAD_ROUTES.has(req.originalUrl.split('?')[0]!.replace(/\/+$/, ''));
  if (!req.is('application/json') && !upload) {
    return next(new HttpProblem(415, 'Unsupported Media Type', 'send state-changing requests with Content-Type: application/json (an empty body is fine)'));
  }
  const origin = req.get('Origin');
  if (origin !== undefined) {
    const host = originHost(origin);
    if (host === null) return next(new HttpProblem(403, 'Forbidden', origin === 'null' ? 'cross-origin state changes are refused' : 'the Origin header is malformed'));
    if (host !== req.get('Host')) return next(new HttpProblem(403, 'Forbidden', 'cross-origin state changes are refused'));
  } else if (upload && req.authMethod !== 'token' && !sameOriginFetch(req)) {
    return next(
      new HttpProblem(403, 'Forbidden', 'a file upload with a session cookie must come from this site: send an Origin header of this host, or use an API token (Authorization: Bearer)'),
    );
  }
  next();
};

function originHost(origin: string): string | null {
  if (origin === 'null') return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function sameOriginFetch(req: Request): boolean {
  return req.get('Sec-Fetch-Site') === 'same-origin';
}
