import type { EntityManager } from '@mikro-orm/postgresql';
import type { Page } from 'puppeteer-core';
import type { z } from 'zod';
import type { ExtractedProduct } from '../extraction/index.js';
import type { TaskKind } from './contract.js';

/** Why a page does not count as a success for a kind: a machine code and a sentence saying what to do. */
export interface MissingData {
  code: string;
  message: string;
}

/**
 * Everything a task kind declares; the engine (submission, workflow window, transitions, progress, cancel,
 * reconciliation, retry, export, statistics) does the rest. Adding a kind = a folder implementing this + one line
 * in `registry.ts`.
 */
export interface TaskKindDefinition<Result = unknown> {
  kind: TaskKind;
  /** API resource of the kind: `/api/<resource>`. */
  resource: string;
  /** Prefix of the kind's schema names in OpenAPI: `Offer` gives `OfferTask`, `ProductOffer`. */
  schemaName: string;
  /** What the kind collects, for messages and docs: `prices`, `characteristics`. */
  collects: string;
  /** Name of the array of results on a product in API views (`offers`, `characteristics`). */
  resultsField: string;

  /** Null when the page gave what this kind collects; else why it does not count. */
  missing(product: ExtractedProduct, url: string): MissingData | null;
  /**
   * True when the raw HTML of a plain GET already holds trustworthy data (structured, not a guess from layout),
   * so the browser can be skipped.
   */
  completeWithoutBrowser(product: ExtractedProduct): boolean;
  /** Work in the rendered page before its HTML is read (open tabs, press "show all"). */
  beforeSnapshot?: (page: Page, signal?: AbortSignal) => Promise<void>;

  /**
   * Writes what the page gave, inside the transaction that marks the product succeeded. Must be idempotent: a
   * retried activity replaces its own rows, never adds to them. Returns how many rows it wrote.
   */
  writeResults(em: EntityManager, productId: number, product: ExtractedProduct): Promise<number>;
  /** Reads the results of many products at once (one query per page of products). */
  readResults(em: EntityManager, productIds: number[]): Promise<Map<number, Result[]>>;
  /** zod schema of one result, for the API's response schema and OpenAPI. */
  resultSchema: z.ZodType<Result>;
  /** Columns of the flat export (CSV, JSON Lines), after the product columns every kind shares. */
  exportColumns: readonly string[];
  /** Flat export rows of one product: one per result, or one empty row when there is none. */
  exportRows(results: Result[]): Record<string, string | number | null>[];
}
