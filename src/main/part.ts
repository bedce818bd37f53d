import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../db/orm.js';
import type { RunningWorkers } from '../worker/worker.js';
import type { ServiceOptions } from './service-options.js';

/** Undoes what a part's `start` did. */
export type StopPart = () => Promise<void>;

/**
 * One piece of the service (a server, a connection, the workers). Parts start in list order and read what the
 * earlier ones left in `ctx.state`; adding a piece to the service is one more entry in that list.
 */
export interface Part {
  /** Names the part in errors (`<name> could not start: …`) and stop logs. */
  readonly name: string;
  /** What to do when the part cannot start; the start-up error ends with it. */
  readonly hint?: string;
  /** A start taking longer fails naming the part, so a hung binary cannot hang the whole start. @default DEFAULT_START_TIMEOUT_MS */
  readonly startTimeoutMs?: number;
  start(ctx: PartContext): Promise<StopPart>;
}

export interface PartContext {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly options: ServiceOptions;
  /** Filled in by the parts as they start. */
  readonly state: ServiceState;
  /** For a part that fails after start-up (a crashed worker), so the process can stop instead of limping on. */
  readonly reportFailure: (part: string, err: unknown) => void;
}

/** Embedded PostgreSQL stopped and started again on the same data and port (outage tests). */
export interface PostgresControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The running workers; `restart` replaces them (crash and drain tests). */
export interface WorkersControl {
  readonly current: RunningWorkers;
  restart(): Promise<void>;
}

export interface ServiceState {
  databaseUrl?: string;
  postgres?: PostgresControl;
  /** Folder of the embedded cluster: DATA_DIR/postgres, or its stand-in when the postgres OS user cannot reach it. */
  postgresDataDir?: string;
  temporalAddress?: string;
  temporalUiUrl?: string;
  db?: Database;
  client?: Client;
  workerConnection?: NativeConnection;
  workers?: WorkersControl;
  apiUrl?: string;
  /** SMTP of the mail catcher, when this process runs one (SMTP_URL unset). */
  smtpUrl?: string;
  /** Web page of the mail catcher, when this process runs one. */
  mailCatcherUrl?: string;
}

export const DEFAULT_START_TIMEOUT_MS = 120_000;

/** A start-up failure, naming the part that failed and what to do; the original error is its `cause`. */
export class PartStartError extends Error {
  constructor(
    readonly part: string,
    cause: unknown,
    readonly hint?: string,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${part} could not start: ${reason}${hint ? `\nWhat to do: ${hint}` : ''}`, { cause });
    this.name = 'PartStartError';
  }
}

/** What a part needs from an earlier one; a missing value means the part list is in the wrong order. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not available: the part providing it must come earlier in the list`);
  return value;
}
