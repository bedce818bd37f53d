import type { RequestHandler } from 'express';
import { HttpProblem } from '../problem.js';

/** Where an unconfirmed user asks for a new link; named in the 403 so clients can act on it. */
export const RESEND_CONFIRMATION_PATH = '/api/auth/confirm/resend';

/**
 * With EMAIL_CONFIRMATION=required, refuses submissions (tasks, schedules) of accounts whose email address is not
 * confirmed: 403 problem+json saying what to do. Place after `requireUser`.
 */
export function requireConfirmedEmail(mode: 'required' | 'off'): RequestHandler {
  return (req, _res, next) => {
    if (mode === 'off' || !req.user || req.user.emailConfirmed) return next();
    next(
      new HttpProblem(
        403,
        'Email not confirmed',
        `confirm your email address first: open the link in the confirmation email (or POST its token to /api/auth/confirm); to get a new link, POST ${RESEND_CONFIRMATION_PATH}`,
        { resend: RESEND_CONFIRMATION_PATH },
      ),
    );
  };
}
