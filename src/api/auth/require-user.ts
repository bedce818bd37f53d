import type { Request, RequestHandler } from 'express';
import { HttpProblem } from '../problem.js';

/** Refuses anonymous requests with 401. */
export const requireUser: RequestHandler = (req, _res, next) => {
  if (!req.user) return next(new HttpProblem(401, 'Unauthorized', 'sign in with POST /api/auth/login first'));
  next();
};

/** The signed-in user; only call behind `requireUser`. */
export function currentUser(req: Request): Express.User {
  if (!req.user) throw new HttpProblem(401, 'Unauthorized', 'sign in with POST /api/auth/login first');
  return req.user;
}
