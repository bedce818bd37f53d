import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProductStatus } from '../entities/index.js';

/** The columns of a product row every kind shows, read without building ORM entities (a page can be thousands). */
export interface ProductRow {
  id: number;
  position: number;
  url: string;
  domain: string;
  region: string | null;
  status: ProductStatus;
  errorCode: string | null;
  error: string | null;
  name: string | null;
  availability: string | null;
  attempts: number;
  fetchedWith: string | null;
  collectedAt: Date | null;
  details?: Record<string, unknown> | null;
}

interface RawRow {
  id: number;
  position: number;
  url: string;
  domain: string;
  region: string | null;
  status: ProductStatus;
  error_code: string | null;
  error: string | null;
  name: string | null;
  availability: string | null;
  attempts: number;
  fetched_with: string | null;
  collected_at: Date | string | null;
  details?: Record<string, unknown> | null;
}

const COLUMNS = 'id, position, url, domain, region, status, error_code, error, name, availability, attempts, fetched_with, collected_at';

export interface ProductRowQuery {
  taskId: number;
  limit: number;
  /** Rows after this position (keyset paging, for exports). */
  afterPosition?: number;
  /** Rows to skip (API paging by offset). */
  offset?: number;
  status?: ProductStatus | undefined;
  /** Also read the extractor's details (large; exports only). */
  withDetails?: boolean;
}

/**
 * One page of a task's products in submission order, straight from SQL: hydrating entities cost most of a task
 * read's time, and a dashboard polls task reads.
 */
export async function readProductRows(em: EntityManager, q: ProductRowQuery): Promise<ProductRow[]> {
  const where = ['task_id = ?'];
  const params: unknown[] = [q.taskId];
  if (q.status) {
    where.push('status = ?');
    params.push(q.status);
  }
  if (q.afterPosition !== undefined) {
    where.push('position > ?');
    params.push(q.afterPosition);
  }
  params.push(q.limit, q.offset ?? 0);
  const rows = await em.execute<RawRow[]>(
    `select ${COLUMNS}${q.withDetails ? ', details' : ''} from task_products where ${where.join(' and ')} order by position limit ? offset ?`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    url: r.url,
    domain: r.domain,
    region: r.region,
    status: r.status,
    errorCode: r.error_code,
    error: r.error,
    name: r.name,
    availability: r.availability,
    attempts: r.attempts,
    fetchedWith: r.fetched_with,
    collectedAt: r.collected_at === null ? null : new Date(r.collected_at),
    ...(q.withDetails ? { details: r.details ?? null } : {}),
  }));
}
