import { urlPolicyOf } from '../config/url-policy.js';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../db/orm.js';
import { createSessionPool } from '../db/session-pool.js';
import { SecretBox } from '../security/secret-box.js';
import { createApp } from './app.js';
import { listen, type RunningServer } from './server.js';

export interface ApiDeps {
  config: AppConfig;
  databaseUrl: string;
  db: Database;
  temporal: Client;
  logger: Logger;
  sessionSecrets: string[];
  /** Keys of the secret box (SECRETS_KEY, or the one generated in DATA_DIR). */
  secretsKeys: string[];
  /** Overrides config.PORT (tests pass 0). */
  port?: number;
}

/** Builds and starts the HTTP API; `stop()` closes the listener and the session pool (not the shared DB). */
export async function startApi(deps: ApiDeps): Promise<RunningServer> {
  const { config } = deps;
  const sessionPool = createSessionPool(deps.databaseUrl, (err) => deps.logger.warn({ error: err.message }, 'session pool client error'));
  const app = createApp({
    db: deps.db,
    sessionPool,
    temporal: deps.temporal,
    logger: deps.logger,
    policy: urlPolicyOf(config),
    sessionSecrets: deps.sessionSecrets,
    secretBox: new SecretBox(deps.secretsKeys),
    cookieSecure: config.COOKIE_SECURE,
    sessionIdleSecs: config.SESSION_IDLE_SECS,
    sessionAbsoluteSecs: config.SESSION_ABSOLUTE_SECS,
    maxBodySize: config.MAX_BODY_SIZE,
    maxUrlsPerTask: config.MAX_URLS_PER_TASK,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxActiveTasksPerUser: config.MAX_ACTIVE_TASKS_PER_USER,
    // --- throttles (admin-throttle) ---
    trustProxy: config.TRUST_PROXY,
    rateLimits: {
      loginFreeFailures: config.LOGIN_FREE_FAILURES,
      loginMaxDelaySecs: config.LOGIN_MAX_DELAY_SECS,
      loginIpMaxFailures: config.LOGIN_IP_MAX_FAILURES,
      registerPerIpPerHour: config.REGISTER_MAX_PER_IP,
      resetPerIpPerHour: config.RESET_MAX_PER_IP,
      resetPerEmailPerHour: config.RESET_MAX_PER_EMAIL,
    },
    // --- end throttles ---
    schedules: {
      minIntervalSecs: config.MIN_SCHEDULE_INTERVAL_SECS,
      maxPerUser: config.MAX_SCHEDULES_PER_USER,
      catchupWindowSecs: config.SCHEDULE_CATCHUP_WINDOW_SECS,
    },
    accounts: {
      emailConfirmation: config.EMAIL_CONFIRMATION,
      confirmTokenTtlSecs: config.CONFIRM_TOKEN_TTL_SECS,
      resetTokenTtlSecs: config.RESET_TOKEN_TTL_SECS,
    },
    runner: {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      browserTaskQueue: config.TEMPORAL_BROWSER_TASK_QUEUE,
      concurrency: config.TASK_CONCURRENCY,
      productsPerRun: config.TASK_PRODUCTS_PER_RUN,
    },
  });
  const server = await listen(app, deps.port ?? config.PORT, config.HOST);
  return {
    ...server,
    async stop() {
      await server.stop();
      await sessionPool.end();
    },
  };
}
