import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Offer,
  OfferTask,
  ProductOffer,
  ProductStatus,
  TaskStatus,
  TERMINAL_PRODUCT_STATUSES,
  TERMINAL_TASK_STATUSES,
  type PriceKind,
} from '../entities/index.js';
import { countSiteOutcome } from './site-stats.service.js';
import { countProducts } from './product-counts.js';

/** One product the workflow still has to scrape. */
export interface PendingProduct {
  productId: number;
  url: string;
  region: string | null;
}

/** What a scrape produced, already normalised by the extractor. */
export interface ProductResult {
  name: string | null;
  availability: string | null;
  prices: { kind: PriceKind; amount: string; currency: string | null; raw?: string | null }[];
  details: Record<string, unknown>;
  /** `http` when a plain GET carried the data, `browser` when Chromium rendered the page. */
  fetchedWith: 'http' | 'browser';
}

export interface TaskOutcome {
  status: TaskStatus;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/**
 * Status transitions written by the workflow's activities. Every write is conditional on the current status,
 * so an activity that runs again after a crash changes nothing it already changed.
 */
export class OfferProgressService {
  constructor(private readonly em: EntityManager) {}

  async markTaskRunning(taskId: number): Promise<void> {
    await this.em.nativeUpdate(OfferTask, { id: taskId, status: TaskStatus.Pending }, { status: TaskStatus.Running, startedAt: new Date(), updatedAt: new Date() });
  }

  /** Products not yet finished, after `afterId`, in id order: the workflow pages through these instead of carrying URLs. */
  async listPendingProducts(taskId: number, afterId: number, limit: number): Promise<PendingProduct[]> {
    const rows = await this.em.find(
      ProductOffer,
      { task: taskId, id: { $gt: afterId }, status: { $in: [ProductStatus.Pending, ProductStatus.Running] } },
      { orderBy: { id: 'asc' }, limit, fields: ['id', 'url', 'region'] },
    );
    return rows.map((r) => ({ productId: r.id, url: r.url, region: r.region ?? null }));
  }

  /** Marks an attempt as started; returns false when the product already reached a terminal status. */
  async markProductRunning(productId: number): Promise<boolean> {
    const affected = await this.em.execute<{ affectedRows?: number; rowCount?: number }>(
      `update product_offers set status = ?, attempts = attempts + 1, updated_at = now() where id = ? and status in (?, ?)`,
      [ProductStatus.Running, productId, ProductStatus.Pending, ProductStatus.Running],
      'run',
    );
    return affectedRows(affected) > 0;
  }

  /**
   * Stores a product's prices and marks it succeeded in one transaction. Offers are upserted by (product, kind)
   * and kinds the page no longer shows are removed, so a repeated call leaves exactly one row per kind.
   */
  async saveProductResult(productId: number, result: ProductResult): Promise<boolean> {
    return this.em.transactional(async (em) => {
      const product = await em.findOne(ProductOffer, productId, { fields: ['id', 'domain', 'status'] });
      if (!product || (TERMINAL_PRODUCT_STATUSES.includes(product.status) && product.status !== ProductStatus.Succeeded)) return false;
      const kinds = result.prices.map((p) => p.kind);
      await em.nativeDelete(Offer, { product: productId, kind: { $nin: kinds } });
      for (const price of result.prices) {
        await em.execute(
          `insert into offers (product_id, kind, amount, currency, raw, collected_at) values (?, ?, ?, ?, ?, now())
           on conflict (product_id, kind) do update set amount = excluded.amount, currency = excluded.currency, raw = excluded.raw, collected_at = excluded.collected_at`,
          [productId, price.kind, price.amount, price.currency, price.raw ?? null],
        );
      }
      const moved = await em.nativeUpdate(
        ProductOffer,
        { id: productId, status: { $nin: TERMINAL_PRODUCT_STATUSES as ProductStatus[] } },
        {
          status: ProductStatus.Succeeded,
          name: result.name,
          availability: result.availability,
          details: result.details,
          fetchedWith: result.fetchedWith,
          error: null,
          errorCode: null,
          collectedAt: new Date(),
          updatedAt: new Date(),
        },
      );
      if (moved > 0) await countSiteOutcome(em, product.domain, 'success');
      return true;
    });
  }

  /** Marks a product failed (once) with a machine code and a message for people. */
  async markProductFailed(productId: number, code: string, message: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const product = await em.findOne(ProductOffer, productId, { fields: ['id', 'domain'] });
      if (!product) return;
      const moved = await em.nativeUpdate(
        ProductOffer,
        { id: productId, status: { $nin: TERMINAL_PRODUCT_STATUSES as ProductStatus[] } },
        { status: ProductStatus.Failed, errorCode: code.slice(0, 64), error: message.slice(0, 2000), updatedAt: new Date() },
      );
      if (moved > 0) await countSiteOutcome(em, product.domain, 'failure');
    });
  }

  /** Derives the task's final status from its products and writes it, unless the task already ended. */
  async finishTask(taskId: number): Promise<TaskOutcome> {
    const counts = await this.countProducts(taskId);
    const status =
      counts.succeeded === counts.total
        ? TaskStatus.Completed
        : counts.succeeded === 0
          ? TaskStatus.Failed
          : TaskStatus.PartiallyCompleted;
    await this.em.nativeUpdate(
      OfferTask,
      { id: taskId, status: { $nin: TERMINAL_TASK_STATUSES as TaskStatus[] } },
      { status, finishedAt: new Date(), updatedAt: new Date() },
    );
    return { status, ...counts };
  }

  /** Cancels the task and every product that has not finished; `reason` is kept on the task when given. */
  async cancelTask(taskId: number, reason?: string): Promise<TaskOutcome> {
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(
        ProductOffer,
        { task: taskId, status: { $in: [ProductStatus.Pending, ProductStatus.Running] } },
        { status: ProductStatus.Cancelled, updatedAt: new Date() },
      );
      await em.nativeUpdate(
        OfferTask,
        { id: taskId, status: { $nin: TERMINAL_TASK_STATUSES as TaskStatus[] } },
        { status: TaskStatus.Cancelled, finishedAt: new Date(), updatedAt: new Date(), ...(reason ? { error: reason } : {}) },
      );
    });
    return { status: TaskStatus.Cancelled, ...(await this.countProducts(taskId)) };
  }

  /** Marks a task failed as a whole (the workflow could not run it), with a reason; `force` overrides a terminal status. */
  async failTask(taskId: number, reason: string, force = false): Promise<void> {
    await this.em.nativeUpdate(
      OfferTask,
      force ? { id: taskId } : { id: taskId, status: { $nin: TERMINAL_TASK_STATUSES as TaskStatus[] } },
      { status: TaskStatus.Failed, error: reason.slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() },
    );
  }

  async countProducts(taskId: number): Promise<Omit<TaskOutcome, 'status'>> {
    const { total, succeeded, failed, cancelled } = await countProducts(this.em, taskId);
    return { total, succeeded, failed, cancelled };
  }

}

function affectedRows(result: { affectedRows?: number; rowCount?: number }): number {
  return result.affectedRows ?? result.rowCount ?? 0;
}
