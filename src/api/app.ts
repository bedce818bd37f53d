import express, { type Express } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type pg from 'pg';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { RequestContext } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/orm.js';
import type { UrlPolicy } from '../security/index.js';
import { TaskRunner, type TaskRunnerOptions } from '../tasks/task-runner.js';
import { ALL_KIND_DEFINITIONS } from '../tasks/registry.js';
import { createPassport } from './auth/passport.js';
import { authRoutes } from './auth/auth.routes.js';
import { taskRoutes } from './tasks/task.routes.js';
import { healthRoutes } from './health.routes.js';
import { statsRoutes } from './stats.routes.js';
import { historyRoutes } from './history.routes.js';
import { alertRoutes } from './alerts.routes.js';
import { scheduleRoutes } from './schedules.routes.js';
import type { ScheduleLimits } from '../monitoring/schedule.service.js';
import { openApiRoutes } from './openapi/openapi.routes.js';
import { csrfGuard } from './csrf.js';
import { absoluteSessionLifetime } from './auth/session-lifetime.js';
import { bearerTokenAuth } from './auth/bearer-token.js';
import { tokenRoutes } from './auth/tokens.routes.js';
import { notFound, problemHandler } from './problem.js';
import { newErrorRef, type ErrorReporter } from '../util/error-ref.js';
// --- admin and throttles (admin-throttle) ---
import { RateLimits, type RateLimitSettings } from './rate-limits.js';
import { adminRoutes } from './admin/admin.routes.js';
// --- end admin and throttles ---
import { accountEmailRoutes } from './auth/account-email.routes.js';
import { sessionsValidAfterCheck } from './auth/session-validity.js';
import type { AccountOptions } from '../services/account.service.js';
import type { SecretBox } from '../security/secret-box.js';

export interface AppDeps {
  db: Database;
  /** Pool for the session store (its own, so session traffic never starves the ORM). */
  sessionPool: pg.Pool;
  temporal: Client;
  logger: Logger;
  policy: UrlPolicy;
  sessionSecrets: string[];
  /** Seals stored secrets (webhook signing keys) with SECRETS_KEY. */
  secretBox: SecretBox;
  cookieSecure: boolean;
  sessionIdleSecs: number;
  sessionAbsoluteSecs: number;
  maxBodySize: string;
  maxUrlsPerTask: number;
  maxUploadBytes: number;
  maxActiveTasksPerUser: number;
  runner: TaskRunnerOptions;
  // --- admin and throttles (admin-throttle) ---
  /** Express `trust proxy`: false uses the socket address (config TRUST_PROXY). @default false */
  trustProxy?: boolean | number | string;
  /** Throttle budgets; counters live in PostgreSQL (`rate_limits`) on the session pool. */
  rateLimits?: Partial<RateLimitSettings>;
  // --- end admin and throttles ---
  /** Recurring price checks: minimum interval, per-user limit, catch-up window (`maxUrls` is MAX_URLS_PER_TASK). */
  schedules: Omit<ScheduleLimits, 'maxUrls'>;
  /** Email confirmation and password reset (EMAIL_CONFIRMATION, token lifetimes). */
  accounts: AccountOptions & { emailConfirmation: 'required' | 'off' };
}

/** Builds the Express application; it owns no resources, so tests and `server.ts` decide its lifetime. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const em = () => (RequestContext.getEntityManager() as EntityManager | undefined) ?? deps.db.em.fork();
  const runner = new TaskRunner(deps.temporal, deps.runner);
  const reportError: ErrorReporter = (err, context) => {
    const ref = newErrorRef();
    deps.logger.error({ err, ref }, context);
    return ref;
  };
  const passport = createPassport(deps.db.em);
  const PgStore = connectPgSimple(session);

  app.disable('x-powered-by');
  // --- admin and throttles (admin-throttle) ---
  // X-Forwarded-For only counts when TRUST_PROXY says whom to believe; otherwise req.ip is the socket address.
  app.set('trust proxy', deps.trustProxy ?? false);
  const limits = new RateLimits(deps.sessionPool, deps.rateLimits);
  // --- end admin and throttles ---
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/api/health' } }));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The request context comes before session and passport: deserialising the user already queries the ORM.
  app.use((_req, _res, next) => RequestContext.create(deps.db.em, next));
  // Health needs no session, so it keeps answering (503) while the session store is unreachable.
  app.use('/api/health', healthRoutes({ em, temporal: deps.temporal, reportError }));
  app.use(express.json({ limit: deps.maxBodySize, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(
    session({
      name: 'pc.sid',
      store: new PgStore({ pool: deps.sessionPool, tableName: 'user_sessions', createTableIfMissing: false, pruneSessionInterval: 600 }),
      secret: deps.sessionSecrets,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.cookieSecure, maxAge: deps.sessionIdleSecs * 1000 },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  // Sessions signed in before a password change or reset end here, even if their row survived.
  app.use(sessionsValidAfterCheck(em));
  app.use(absoluteSessionLifetime(deps.sessionAbsoluteSecs));
  app.use('/api', bearerTokenAuth(em));
  app.use('/api', csrfGuard);

  app.use('/api/auth', accountEmailRoutes({ em, options: deps.accounts, limits }));
  app.use('/api/auth', authRoutes({ passport, em, limits, accounts: deps.accounts }));
  app.use('/api/admin', adminRoutes({ em })); // admin-throttle
  app.use('/api/tokens', tokenRoutes({ em }));
  const taskDeps = {
    em,
    runner,
    policy: deps.policy,
    maxUrlsPerTask: deps.maxUrlsPerTask,
    maxUploadBytes: deps.maxUploadBytes,
    limits: { maxActiveTasksPerUser: deps.maxActiveTasksPerUser },
    emailConfirmation: deps.accounts.emailConfirmation,
    reportError,
  };
  for (const kind of ALL_KIND_DEFINITIONS) app.use(`/api/${kind.resource}`, taskRoutes(kind, taskDeps));
  app.use(
    '/api/schedules',
    scheduleRoutes({
      em,
      temporal: deps.temporal,
      policy: deps.policy,
      limits: { ...deps.schedules, maxUrls: deps.maxUrlsPerTask },
      taskQueue: deps.runner.taskQueue,
      emailConfirmation: deps.accounts.emailConfirmation,
      reportError,
      secretBox: deps.secretBox,
    }),
  );
  app.use('/api/stats', statsRoutes({ em }));
  app.use('/api/history', historyRoutes({ em }));
  app.use('/api/alerts', alertRoutes({ em }));
  app.use('/api/docs', openApiRoutes({ maxUrlsPerTask: deps.maxUrlsPerTask }));
  app.use(notFound);
  app.use(problemHandler(reportError));
  return app;
}
