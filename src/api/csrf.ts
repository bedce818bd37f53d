import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery defence for cookie sessions: every state change must be sent as
 * `Content-Type: application/json` (which a cross-site form or simple request cannot send without a CORS
 * preflight we never grant), and a browser's `Origin`, when present, must be our own host.
 */
export const csrfGuard: RequestHandler = (req, _res, next) => {
  if (!UNSAFE.has(req.method)) return next();
  if (!req.is('application/json')) {
    return next(new HttpProblem(415, 'Unsupported Media Type', 'send state-changing requests with Content-Type: application/json (an empty body is fine)'));
  }
  const origin = req.get('Origin');
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return next(new HttpProblem(403, 'Forbidden', 'the Origin header is malformed'));
    }
    if (host !== req.get('Host')) return next(new HttpProblem(403, 'Forbidden', 'cross-origin state changes are refused'));
  } else if (origin === 'null') {
    return next(new HttpProblem(403, 'Forbidden', 'cross-origin state changes are refused'));
  }
  next();
};
