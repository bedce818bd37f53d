import { Router, type Request, type RequestHandler } from 'express';
import type { PassportInstance } from './passport.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublicUser } from '../../services/user.service.js';
import { HttpProblem } from '../problem.js';
import { parseBody } from '../validate.js';
import { loginSchema, registerSchema } from '../schemas.js';
import { currentUser, requireUser } from './require-user.js';
import { LoginThrottle } from './login-throttle.js';
import { AccountService, type AccountOptions } from '../../services/account.service.js';

export interface AuthRoutesDeps {
  passport: PassportInstance;
  em: () => EntityManager;
  throttle?: LoginThrottle;
  /** Token lifetimes of the confirmation mail registration sends. */
  accounts: AccountOptions;
}

/** Registration, password sign-in (session cookie), sign-out and "who am I". */
export function authRoutes({ passport, em, throttle = new LoginThrottle(), accounts }: AuthRoutesDeps): Router {
  const router = Router();

  router.post('/register', async (req, res) => {
    const input = parseBody(registerSchema, req);
    // The account and its confirmation mail (outbox) in one transaction.
    const user = await new AccountService(em(), accounts).register(input);
    res.status(201).json(user);
  });

  router.post('/login', async (req, res) => {
    const input = parseBody(loginSchema, req);
    const ip = req.ip ?? 'unknown';
    const wait = throttle.retryAfterSecs(input.username, ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpProblem(429, 'Too Many Requests', `too many failed sign-ins; try again in ${wait} s`);
    }
    const user = await new Promise<PublicUser | false>((resolve, reject) => {
      // passport hands over whatever the strategy failed with; the error handler gets it unchanged.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const authenticate = passport.authenticate('local', { session: false }, (err: unknown, found: PublicUser | false) => (err ? reject(err) : resolve(found))) as RequestHandler;
      authenticate(req, res, reject);
    });
    if (!user) {
      throttle.recordFailure(input.username, ip);
      throw new HttpProblem(401, 'Unauthorized', 'wrong username or password');
    }
    throttle.recordSuccess(input.username, ip);
    await logIn(req, user);
    req.session.signedInAt = Date.now();
    res.json(user);
  });

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
