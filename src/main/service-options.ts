import type { WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';

/** Which parts of the service this process runs, and where it finds the others. */
export interface ServiceParts {
  /** `embedded` runs PostgreSQL under DATA_DIR; `external` uses DATABASE_URL. @default `external` when DATABASE_URL is set, else `embedded` */
  postgres?: 'embedded' | 'external';
  /** `dev-server` runs `temporal server start-dev`; `external` uses TEMPORAL_ADDRESS. @default `external` when TEMPORAL_ADDRESS is set, else `dev-server` */
  temporal?: 'dev-server' | 'external';
  /** Run the Temporal workers (Chromium is checked first). @default true */
  worker?: boolean;
  /** Serve the HTTP API. @default true */
  api?: boolean;
  /** Run the local mail catcher (maildev) for the mail sender. @default true when SMTP_URL is unset and a worker runs */
  mailCatcher?: boolean;
}

/** Settings of the Temporal dev server part, when it runs. */
export interface DevServerPartOptions {
  /** Keep Temporal's history in `DATA_DIR/temporal.sqlite` so it survives restarts; false keeps it in memory (tests). @default true */
  persistent?: boolean;
  /** Start the dev server again when it exits on its own. @default false */
  restartOnCrash?: boolean;
}

export interface ServiceOptions {
  /** @default every part, PostgreSQL and Temporal chosen from the configuration */
  parts?: ServiceParts;
  /** Parent logger; each part logs through a child carrying its component name. */
  logger: Logger;
  /** Apply pending migrations once connected (production workers leave that to the API or a deploy step). @default true */
  migrate?: boolean;
  /** Port the API listens on; 0 picks a free one (tests). @default config.PORT */
  apiPort?: number;
  /** Secrets signing the session cookie. @default SESSION_SECRET, or the one generated in DATA_DIR */
  sessionSecrets?: string[];
  /** Pre-built workflow bundle (tests build it once per run). @default bundled from source at worker start */
  workflowBundle?: WorkflowBundle;
  temporalDevServer?: DevServerPartOptions;
  /** Aborting it during start-up stops what already started and makes `startService` reject. */
  signal?: AbortSignal;
  /** Told when a part fails after start-up (a worker crashed); the caller decides whether to stop. @default logs the failure */
  onPartFailure?: (part: string, err: unknown) => void;
}
