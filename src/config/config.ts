import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .transform((v) => v === '1' || v === 'true');

/**
 * Every setting the service reads, validated once at start-up. Nothing else in the code reads `process.env`.
 * Units are in the names (`...Ms`, `...Secs`).
 */
const configSchema = z.object({
  /** HTTP port of the API. @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface the API listens on. @default 127.0.0.1 */
  HOST: z.string().default('127.0.0.1'),
  /** Where embedded PostgreSQL and the Temporal dev server keep their files. @default ./.data */
  DATA_DIR: z.string().default('./.data'),
  /** External PostgreSQL; when unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** External Temporal frontend (host:port). When unset, `npm start` runs the Temporal dev server on 127.0.0.1:7233. */
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'host:port').optional(),
  /** Port of the Temporal dev server started by `npm start` when TEMPORAL_ADDRESS is unset. @default 7233 */
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  /** Port of the embedded PostgreSQL started by `npm start` when DATABASE_URL is unset; 0 picks a free one. @default 0 */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Temporal namespace. @default default */
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** Task queue of workflows and light activities. @default price-collector */
  TEMPORAL_TASK_QUEUE: z.string().default('price-collector'),
  /** Task queue of browser (scraping) activities. @default price-collector-browser */
  TEMPORAL_BROWSER_TASK_QUEUE: z.string().default('price-collector-browser'),
  /** Port of the Temporal Web UI started by `npm start`. @default 8233 */
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Path of the `temporal` CLI; found on PATH or in .tools/venv when unset. */
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** Chromium executable used by Puppeteer. @default /usr/bin/chromium */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Pages one browser worker scrapes at once. @default 4 */
  BROWSER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Scrape activities one task keeps in flight. @default 8 */
  TASK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(8),
  /** How often the reconciler compares stored task status with Temporal. @default 30 */
  RECONCILE_INTERVAL_SECS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Tasks updated more recently than this are left to their workflow by the reconciler. @default 15 */
  RECONCILE_GRACE_SECS: z.coerce.number().int().min(0).max(3600).default(15),
  /** Products one workflow run handles before it continues as new (keeps history far below Temporal's limits). @default 2000 */
  TASK_PRODUCTS_PER_RUN: z.coerce.number().int().min(1).max(5000).default(2000),
  /** Try a plain GET before the browser; pages whose HTML carries a structured price skip Chromium. @default 1 */
  HTTP_FAST_PATH: booleanFlag.default(true),
  /** Navigation timeout of one page load. @default 30000 */
  NAVIGATION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Largest HTML document the scraper accepts. @default 10485760 (10 MiB) */
  MAX_PAGE_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  /** Permit loopback and private targets (tests, demos). Link-local and cloud metadata stay refused. @default false */
  ALLOW_PRIVATE_TARGETS: booleanFlag.default(false),
  /** Secret(s) signing the session cookie, comma separated (first signs, all verify). Generated per data dir when unset. */
  SESSION_SECRET: z.string().min(16).optional(),
  /**
   * Key(s) that encrypt stored secrets (webhook signing keys), comma separated (first encrypts, all decrypt), at
   * least 32 characters each. Generated per data dir when unset; API and workers must share it.
   */
  SECRETS_KEY: z
    .string()
    .refine((v) => v.split(',').every((k) => k.trim().length >= 32), 'every key needs at least 32 characters')
    .optional(),
  /** Send the session cookie only over HTTPS. Turn on behind TLS. @default false */
  COOKIE_SECURE: booleanFlag.default(false),
  /** Idle session lifetime. @default 86400 (24 h) */
  SESSION_IDLE_SECS: z.coerce.number().int().min(60).default(86_400),
  /** Absolute session lifetime: a session older than this must sign in again, however active. @default 604800 (7 days) */
  SESSION_ABSOLUTE_SECS: z.coerce.number().int().min(60).default(604_800),
  /** Largest JSON request body. @default 1mb */
  MAX_BODY_SIZE: z.string().default('1mb'),
  /** Most URLs in one task. @default 10000 */
  MAX_URLS_PER_TASK: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** Longest product URL accepted, as typed and once encoded. @default 2048 */
  MAX_URL_LENGTH: z.coerce.number().int().min(64).max(16_384).default(2048),
  /** Tasks of one user that may be pending or running at once; more are refused with 429. @default 20 */
  MAX_ACTIVE_TASKS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Shortest interval a recurring price check may have (`every`, or the closest two times of a `cron`). @default 300 */
  MIN_SCHEDULE_INTERVAL_SECS: z.coerce.number().int().min(1).max(31 * 86_400).default(300),
  /** Schedules one user may have; more are refused with 429. @default 20 */
  MAX_SCHEDULES_PER_USER: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * How late a missed schedule run may still start after an outage (Temporal catch-up window); older missed runs
   * are dropped, so an outage never replays a backlog. Temporal's minimum is 10 seconds. @default 600
   */
  SCHEDULE_CATCHUP_WINDOW_SECS: z.coerce.number().int().min(10).max(7 * 86_400).default(600),
  /** Largest CSV file a bulk task submission may upload. @default 5242880 (5 MiB) */
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  // --- Client addresses and throttles (admin-throttle) ---
  /**
   * Whom to believe about the client address in `X-Forwarded-For`: empty or `false` (default) uses the socket
   * address and ignores the header; `true` trusts every hop; a number trusts that many hops; otherwise a list of
   * addresses, subnets or `loopback`/`linklocal`/`uniquelocal` (Express `trust proxy`). Throttles key on this address.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v): boolean | number | string => {
      const t = v.trim();
      if (t === '' || t === 'false') return false;
      if (t === 'true') return true;
      return /^\d+$/.test(t) ? Number(t) : t;
    }),
  /** Failed sign-ins per account (from anywhere) before each further attempt waits 2, 4, 8 … s. @default 10 */
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** Longest wait between sign-in attempts of one account; the throttle slows guessing, it never locks out for long. @default 300 */
  LOGIN_MAX_DELAY_SECS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Failed sign-ins per client address (an IPv6 /64 counts as one) per 15 minutes, across accounts. @default 100 */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(100),
  /** Registration attempts per client address per hour. @default 20 */
  REGISTER_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Password-reset requests per client address per hour. @default 20 */
  RESET_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Password-reset requests per email address per hour. @default 5 */
  RESET_MAX_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  // --- end of client addresses and throttles ---
  // --- Email and accounts (mail outbox, confirmation, password reset) ---
  /** SMTP server mail is sent through, as one URL (`smtp://user:pass@host:587`, `smtps://...`). When unset, `npm start` runs a local mail catcher (maildev) and uses it. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  /** Sender of every message. @default price-collector <no-reply@localhost> */
  MAIL_FROM: z.string().min(3).max(254).default('price-collector <no-reply@localhost>'),
  /** Base URL of the links in emails, as users reach the API. @default http://HOST:PORT (127.0.0.1 for a wildcard HOST) */
  PUBLIC_URL: z.string().url().optional(),
  /** `required`: an unconfirmed account cannot submit tasks (403); `off`: confirmation mails are still sent but nothing waits for them. @default required */
  EMAIL_CONFIRMATION: z.enum(['required', 'off']).default('required'),
  /** How long an email-confirmation link works. @default 172800 (48 h) */
  CONFIRM_TOKEN_TTL_SECS: z.coerce.number().int().min(60).default(172_800),
  /** How long a password-reset link works. @default 3600 (1 h) */
  RESET_TOKEN_TTL_SECS: z.coerce.number().int().min(60).default(3600),
  /** How often the worker looks for due messages in the outbox. @default 1000 */
  MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** First retry delay of a failed send; doubles per attempt up to MAIL_RETRY_MAX_SECS. @default 30 */
  MAIL_RETRY_BASE_SECS: z.coerce.number().int().min(1).default(30),
  /** Longest retry delay. @default 3600 */
  MAIL_RETRY_MAX_SECS: z.coerce.number().int().min(1).default(3600),
  /** Sends tried before a message is marked failed. @default 8 */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** SMTP port of the mail catcher `npm start` runs when SMTP_URL is unset (127.0.0.1). @default 1025 */
  MAILDEV_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  /** Web page and REST API (`GET /api/email`) of that mail catcher (127.0.0.1). @default 1080 */
  MAILDEV_WEB_PORT: z.coerce.number().int().min(1).max(65535).default(1080),
  // --- end of email and accounts ---
  // --- Price alerts (webhook outbox) ---
  /** How often the worker looks for due webhook deliveries of alerts. @default 1000 */
  ALERT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** First retry delay of a failed webhook POST (fractions allowed); doubles per attempt up to ALERT_RETRY_MAX_SECS. @default 30 */
  ALERT_RETRY_BASE_SECS: z.coerce.number().min(0.1).default(30),
  /** Longest retry delay of a webhook delivery. @default 3600 */
  ALERT_RETRY_MAX_SECS: z.coerce.number().min(0.1).default(3600),
  /** POSTs tried before a webhook delivery is marked failed. @default 8 */
  ALERT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Deadline of one webhook POST (connection, request and answer). @default 10000 */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // --- end of price alerts ---
  /** pino log level. @default info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig extends RawConfig {
  /** DATA_DIR resolved to an absolute path. */
  dataDirAbs: string;
  /** Where to reach Temporal: TEMPORAL_ADDRESS, or the dev server's address. */
  temporalAddress: string;
}

/** Thrown when the environment holds an invalid setting; the message names every bad key. */
export class ConfigError extends Error {}

/** Reads and validates settings once; pass `overrides` from tests instead of mutating `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RawConfig> = {}): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const merged = { ...parsed.data, ...overrides };
  return {
    ...merged,
    dataDirAbs: path.resolve(merged.DATA_DIR),
    temporalAddress: merged.TEMPORAL_ADDRESS ?? `127.0.0.1:${merged.TEMPORAL_DEV_PORT}`,
  };
}

/** Names of every setting, for documentation and deployment-file checks. */
export const CONFIG_KEYS: readonly string[] = Object.keys(configSchema.shape);
