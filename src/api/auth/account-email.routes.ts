import { Router, type Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountService, type AccountOptions } from '../../services/account.service.js';
import { TooManyRequestsError } from '../../util/domain-errors.js';
import { HttpProblem } from '../problem.js';
import { parseBody } from '../validate.js';
import { currentUser, requireUser } from './require-user.js';
import { CONFIRM_PAGE, RESET_PAGE } from './account-pages.js';
import {
  confirmEmailSchema,
  passwordChangeSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  type MailAccepted,
} from './account-email.schemas.js';

import type { RateLimits } from '../rate-limits.js';

export interface AccountEmailRoutesDeps {
  em: () => EntityManager;
  options: AccountOptions;
  /**
   * Every answer of `POST /password-reset` takes at least this long, so the work done for an existing account (a
   * token and a queued mail) cannot be told from the work done for an unknown address by timing. @default 250
   */
  resetResponseFloorMs?: number;
  /** Throttles (api/rate-limits.ts): reset requests are limited per client address and per email address. */
  limits: RateLimits;
}

/** Email confirmation, password reset by email, and password change (mounted at /api/auth). */
export function accountEmailRoutes({ em, options, resetResponseFloorMs = 250, limits }: AccountEmailRoutesDeps): Router {
  const router = Router();
  const accounts = () => new AccountService(em(), options);

  router.get('/confirm', (_req, res) => {
    res.setHeader('Content-Security-Policy', CONFIRM_PAGE.csp).type('html').send(CONFIRM_PAGE.html);
  });

  router.post('/confirm', async (req, res) => {
    const { token } = parseBody(confirmEmailSchema, req);
    res.json(await accounts().confirmEmail(token));
  });

  router.post('/confirm/resend', requireUser, async (req, res) => {
    try {
      await accounts().resendConfirmation(currentUser(req).id);
    } catch (err) {
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.extra.retryAfterSecs));
      throw err;
    }
    res.status(202).json({ status: 'accepted', detail: `a new confirmation link was sent to ${currentUser(req).email}` } satisfies MailAccepted);
  });

  router.post('/password-reset', async (req, res) => {
    const started = Date.now();
    const { email } = parseBody(passwordResetRequestSchema, req);
    await limits.passwordResetRequest(req, res, email);
    await accounts().requestPasswordReset(email);
    const left = resetResponseFloorMs - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    res.status(202).json({ status: 'accepted', detail: 'if an account has this address, a reset link was sent to it' } satisfies MailAccepted);
  });

  router.get('/password-reset/confirm', (_req, res) => {
    res.setHeader('Content-Security-Policy', RESET_PAGE.csp).type('html').send(RESET_PAGE.html);
  });

  router.post('/password-reset/confirm', async (req, res) => {
    const { token, password } = parseBody(passwordResetConfirmSchema, req);
    await accounts().resetPassword(token, password);
    // Whoever sent this may be signed in as the account too: that session ended with the others.
    await endOwnSession(req);
    res.clearCookie('pc.sid');
    res.status(204).end();
  });

  router.post('/password', requireUser, async (req, res) => {
    if (req.authMethod !== 'session') throw new HttpProblem(403, 'Forbidden', 'an API token cannot change the password: sign in with your password');
    const { currentPassword, newPassword } = parseBody(passwordChangeSchema, req);
    const user = currentUser(req);
    await accounts().changePassword(user.id, currentPassword, newPassword, req.sessionID);
    // A new session id for the caller (passport regenerates on logIn); every other session is gone.
    await new Promise<void>((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
    req.session.signedInAt = Date.now();
    res.json({ status: 'changed', detail: 'password changed; every other session was signed out' });
  });

  return router;
}

function endOwnSession(req: Request): Promise<void> {
  if (!req.session) return Promise.resolve();
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}
