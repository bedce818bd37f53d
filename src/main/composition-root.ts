import fs from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../db/orm.js';
import type { RunningWorkers } from '../worker/worker.js';
import { need, type Part, type PartContext, type ServiceState } from './part.js';
import type { ServiceOptions } from './service-options.js';
import { startParts } from './start-parts.js';
import { embeddedPostgres, externalPostgres } from './parts/postgres.js';
import { externalTemporal, temporalDevServer } from './parts/temporal-server.js';
import { database } from './parts/database.js';
import { temporalClient } from './parts/temporal-client.js';
import { chromium } from './parts/chromium.js';
import { worker } from './parts/worker.js';
import { api } from './parts/api.js';
import { mailCatcher } from './parts/mail-catcher.js';
import { mailSender } from './parts/mail-sender.js';
import { alertSender } from './parts/alert-sender.js';

export type { ServiceOptions, ServiceParts } from './service-options.js';
export { PartStartError } from './part.js';

/** The started service; `stop()` stops its parts in reverse start order. */
export interface RunningService {
  config: AppConfig;
  databaseUrl: string;
  /** Folder of the embedded PostgreSQL cluster (see `startEmbeddedPostgres`); null with an external one. */
  postgresDataDir: string | null;
  db: Database;
  client: Client;
  /** host:port of the Temporal frontend in use. */
  temporalAddress: string;
  /** Web UI of the Temporal dev server; null with an external Temporal. */
  temporalUiUrl: string | null;
  /** Base URL of the API; null when this process runs no API. */
  apiUrl: string | null;
  /** Web page of the local mail catcher (maildev); null when SMTP_URL is set or this process runs no worker. */
  mailCatcherUrl: string | null;
  /** The workers in service (`restartWorkers` replaces them); null when this process runs no worker. */
  readonly workers: RunningWorkers | null;
  /** Stops the embedded PostgreSQL, keeping its data (outage tests); throws with an external one. */
  stopPostgres(): Promise<void>;
  /** Starts the embedded PostgreSQL again on the same data and port. */
  startPostgres(): Promise<void>;
  /** Drains and replaces the workers (crash and drain tests). */
  restartWorkers(): Promise<void>;
  /** Stops every part, last started first; a failing stop is logged and the others still run. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The one place the service is put together: `npm start`, the production entries of the API and the worker,
 * the test stack and the benchmark all start it here, with different parts switched on. A part that cannot
 * start stops what already started and rejects with a `PartStartError` naming it.
 */
export async function startService(config: AppConfig, options: ServiceOptions): Promise<RunningService> {
  await fs.mkdir(config.dataDirAbs, { recursive: true });
  const state: ServiceState = {};
  const ctx: PartContext = {
    config,
    logger: options.logger,
    options,
    state,
    reportFailure: (part, err) => {
      if (options.onPartFailure) options.onPartFailure(part, err);
      else options.logger.error({ err, part }, `${part} failed`);
    },
  };
  const stop = await startParts(partsFor(config, options), ctx, options.signal);
  try {
    return runningService(config, state, stop);
  } catch (err) {
    // A part list that leaves something out is a programming error; it must not leave servers behind.
    await stop();
    throw err;
  }
}

function runningService(config: AppConfig, state: ServiceState, stop: () => Promise<void>): RunningService {
  const postgres = () => {
    if (!state.postgres) throw new Error('PostgreSQL is external (DATABASE_URL); this process cannot stop or start it');
    return state.postgres;
  };
  return {
    config,
    databaseUrl: need(state.databaseUrl, 'the database URL'),
    postgresDataDir: state.postgresDataDir ?? null,
    db: need(state.db, 'the database'),
    client: need(state.client, 'the Temporal client'),
    temporalAddress: need(state.temporalAddress, 'the Temporal address'),
    temporalUiUrl: state.temporalUiUrl ?? null,
    apiUrl: state.apiUrl ?? null,
    mailCatcherUrl: state.mailCatcherUrl ?? null,
    get workers() {
      return state.workers?.current ?? null;
    },
    stopPostgres: () => postgres().stop(),
    startPostgres: () => postgres().start(),
    restartWorkers: () => need(state.workers, 'the workers').restart(),
    stop,
  };
}

/** The start order: servers, then connections, then what serves work. New parts go in here, once. */
function partsFor(config: AppConfig, options: ServiceOptions): Part[] {
  const wanted = options.parts ?? {};
  const postgresMode = wanted.postgres ?? (config.DATABASE_URL ? 'external' : 'embedded');
  const temporalMode = wanted.temporal ?? (config.TEMPORAL_ADDRESS ? 'external' : 'dev-server');
  const runWorker = wanted.worker ?? true;
  const runApi = wanted.api ?? true;
  // The outbox is sent from worker processes; without SMTP_URL they send to a local mail catcher.
  const runMailCatcher = runWorker && (wanted.mailCatcher ?? !config.SMTP_URL);
  return [
    // First: a missing browser is the cheapest failure to find, before any server was started for nothing.
    ...(runWorker ? [chromium] : []),
    postgresMode === 'embedded' ? embeddedPostgres : externalPostgres,
    temporalMode === 'dev-server' ? temporalDevServer(options.temporalDevServer) : externalTemporal,
    database,
    temporalClient,
    ...(runMailCatcher ? [mailCatcher] : []),
    ...(runWorker ? [worker, mailSender, alertSender] : []),
    ...(runApi ? [api] : []),
  ];
}
