import { Router, type Request, type RequestHandler } from 'express';
import type { PassportInstance } from './passport.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserService, type PublicUser } from '../../services/user.service.js';
import { HttpProblem } from '../problem.js';
import { tooMany } from '../rate-limits.js';
import { parseBody } from '../validate.js';
import { loginSchema, registerSchema } from '../schemas.js';
import { currentUser, requireUser } from './require-user.js';
import type { RateLimits } from '../rate-limits.js';
import { AccountService, type AccountOptions } from '../../services/account.service.js';

export interface AuthRoutesDeps {
  passport: PassportInstance;
  em: () => EntityManager;
  /** Throttles (api/rate-limits.ts): sign-in, registration, password-reset requests. */
  limits: RateLimits;
  /** Token lifetimes of the confirmation mail registration sends. */
  accounts: AccountOptions;
}

/** Registration, password sign-in (session cookie), sign-out and "who am I". */
export function authRoutes({ passport, em, limits, accounts }: AuthRoutesDeps): Router {
  const router = Router();

  router.post('/register', limits.register, async (req, res) => {
    const input = parseBody(registerSchema, req);
    // The account and its confirmation mail (outbox) in one transaction.
    const user = await new AccountService(em(), accounts).register(input);
    res.status(201).json(user);
  });

  // --- sign-in: throttle and disabled accounts (admin-throttle) ---
  router.post('/login', async (req, res) => {
    const input = parseBody(loginSchema, req);
    const wait = await limits.login.retryAfterSecs(input.username, req.ip);
    if (wait > 0) throw tooMany(res, wait, 'too many failed sign-ins');
    const user = await new Promise<PublicUser | false>((resolve, reject) => {
      // passport hands over whatever the strategy failed with; the error handler gets it unchanged.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const authenticate = passport.authenticate('local', { session: false }, (err: unknown, found: PublicUser | false) => (err ? reject(err) : resolve(found))) as RequestHandler;
      authenticate(req, res, reject);
    });
    if (!user) {
      await limits.login.recordFailure(input.username, req.ip);
      throw new HttpProblem(401, 'Unauthorized', 'wrong username or password');
    }
    // Only someone who knows the password learns that the account is disabled.
    if (await new UserService(em()).isDisabled(user.id)) throw new HttpProblem(403, 'Forbidden', 'this account is disabled; contact an administrator');
    await limits.login.recordSuccess(input.username, req.ip);
    await logIn(req, user);
    req.session.signedInAt = Date.now();
    res.json(user);
  });
  // --- end sign-in ---

  router.post('/logout', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));
    res.clearCookie('pc.sid');
    res.status(204).end();
  });

  router.get('/me', requireUser, (req, res) => {
    res.json(currentUser(req));
  });

  return router;
}

/** passport >= 0.6 regenerates the session on login, which defeats session fixation. */
function logIn(req: Request, user: PublicUser): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}
