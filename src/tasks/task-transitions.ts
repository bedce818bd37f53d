import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ProductStatus,
  Task,
  TaskProduct,
  TaskStatus,
  TERMINAL_PRODUCT_STATUSES,
  TERMINAL_TASK_STATUSES,
} from '../entities/index.js';
import type { ExtractedProduct } from '../extraction/index.js';
import type { PendingProduct } from './contract.js';
import { countProducts } from './product-counts.js';
import { storableJson, storableText } from '../util/storable.js';
import type { TaskKindDefinition } from './task-kind.js';

/** How a successful scrape read its page and how long it took. */
export interface CollectionFacts {
  /** `http` when a plain GET carried the data, `browser` when Chromium rendered the page. */
  fetchedWith: 'http' | 'browser';
  finalUrl: string;
  durationMs: number;
}

export interface TaskOutcome {
  status: TaskStatus;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

const OPEN_PRODUCT: ProductStatus[] = [ProductStatus.Pending, ProductStatus.Running];
const NOT_ENDED_PRODUCT = { $nin: TERMINAL_PRODUCT_STATUSES as ProductStatus[] };
const NOT_ENDED_TASK = { $nin: TERMINAL_TASK_STATUSES as TaskStatus[] };

/** `nativeUpdate` skips the entities' onUpdate hooks: every status move stamps `updatedAt` (the reconciler reads it). */
function stamp<T extends object>(fields: T): T & { updatedAt: Date } {
  return { ...fields, updatedAt: new Date() };
}

/**
 * Status transitions of tasks and their products, the same for every kind. Every write is conditional on the
 * current status, so an activity that runs again after a crash changes nothing it already changed.
 */
export class TaskTransitions {
  constructor(private readonly em: EntityManager) {}

  async markTaskRunning(taskId: number): Promise<void> {
    await this.em.nativeUpdate(Task, { id: taskId, status: TaskStatus.Pending }, stamp({ status: TaskStatus.Running, startedAt: new Date(), finishedAt: null }));
  }

  /** Products not yet finished, after `afterId`, in id order: the workflow pages through these instead of carrying URLs. */
  async listPendingProducts(taskId: number, afterId: number, limit: number): Promise<PendingProduct[]> {
    const rows = await this.em.find(
      TaskProduct,
      { task: taskId, id: { $gt: afterId }, status: { $in: OPEN_PRODUCT } },
      { orderBy: { id: 'asc' }, limit, fields: ['id', 'url', 'region'] },
    );
    return rows.map((r) => ({ productId: r.id, url: r.url, region: r.region ?? null }));
  }

  /** Marks an attempt as started; returns false when the product already reached a terminal status. */
  async markProductRunning(productId: number): Promise<boolean> {
    const moved = await this.em.execute<{ affectedRows?: number; rowCount?: number }>(
      `update task_products set status = ?, attempts = attempts + 1, updated_at = now() where id = ? and status in (?, ?)`,
      [ProductStatus.Running, productId, ProductStatus.Pending, ProductStatus.Running],
      'run',
    );
    return (moved.affectedRows ?? moved.rowCount ?? 0) > 0;
  }

  /**
   * Stores what the page gave (through the kind's writer) and marks the product succeeded, in one transaction.
   * Returns false when the product had already ended otherwise (cancelled meanwhile); true when it is stored.
   */
  async saveProductResult(productId: number, kind: TaskKindDefinition<unknown>, product: ExtractedProduct, facts: CollectionFacts): Promise<number | null> {
    return this.em.transactional(async (em) => {
      const row = await em.findOne(TaskProduct, productId, { fields: ['id', 'status'] });
      if (!row || (TERMINAL_PRODUCT_STATUSES.includes(row.status) && row.status !== ProductStatus.Succeeded)) return null;
      const items = await kind.writeResults(em, productId, product);
      const { prices: _prices, additionalProperties: _characteristics, name, ...rest } = product;
      await em.nativeUpdate(
        TaskProduct,
        { id: productId, status: { $in: [...OPEN_PRODUCT, ProductStatus.Succeeded] } },
        stamp({
          status: ProductStatus.Succeeded,
          name: storableText(name),
          details: storableJson({ ...rest, finalUrl: facts.finalUrl }),
          fetchedWith: facts.fetchedWith,
          durationMs: Math.round(facts.durationMs),
          error: null,
          errorCode: null,
          collectedAt: new Date(),
          finishedAt: new Date(),
        }),
      );
      return items;
    });
  }

  /** Marks a product failed (once) with a machine code and a message for people. */
  async markProductFailed(productId: number, code: string, message: string): Promise<void> {
    await this.em.nativeUpdate(
      TaskProduct,
      { id: productId, status: NOT_ENDED_PRODUCT },
      stamp({ status: ProductStatus.Failed, errorCode: code.slice(0, 64), error: message.slice(0, 2000), finishedAt: new Date() }),
    );
  }

  /** Derives the task's final status from its products and writes it, unless the task already ended. */
  async finishTask(taskId: number): Promise<TaskOutcome> {
    const counts = await this.countProducts(taskId);
    const status =
      counts.succeeded === counts.total ? TaskStatus.Completed : counts.succeeded === 0 ? TaskStatus.Failed : TaskStatus.PartiallyCompleted;
    await this.em.nativeUpdate(Task, { id: taskId, status: NOT_ENDED_TASK }, stamp({ status, finishedAt: new Date() }));
    return { status, ...counts };
  }

  /** Cancels the task and every product that has not finished; `reason` is kept on the task when given. */
  async cancelTask(taskId: number, reason?: string): Promise<TaskOutcome> {
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(TaskProduct, { task: taskId, status: { $in: OPEN_PRODUCT } }, stamp({ status: ProductStatus.Cancelled, finishedAt: new Date() }));
      await em.nativeUpdate(
        Task,
        { id: taskId, status: NOT_ENDED_TASK },
        stamp({ status: TaskStatus.Cancelled, finishedAt: new Date(), ...(reason ? { error: reason } : {}) }),
      );
    });
    return { status: TaskStatus.Cancelled, ...(await this.countProducts(taskId)) };
  }

  /** Marks a task failed as a whole (the workflow could not run it), with a reason; `force` overrides a terminal status. */
  async failTask(taskId: number, reason: string, force = false): Promise<void> {
    await this.em.nativeUpdate(
      Task,
      force ? { id: taskId } : { id: taskId, status: NOT_ENDED_TASK },
      stamp({ status: TaskStatus.Failed, error: reason.slice(0, 2000), finishedAt: new Date() }),
    );
  }

  /**
   * Puts the failed products of an ended task back to pending and the task to pending, so a new run of its
   * workflow collects only those. Returns how many products will run again (0: nothing to retry).
   */
  async reopenFailed(taskId: number): Promise<number> {
    return this.em.transactional(async (em) => {
      const reopened = await em.nativeUpdate(
        TaskProduct,
        { task: taskId, status: ProductStatus.Failed },
        stamp({ status: ProductStatus.Pending, errorCode: null, error: null, finishedAt: null }),
      );
      if (reopened > 0) {
        await em.nativeUpdate(Task, { id: taskId }, stamp({ status: TaskStatus.Pending, error: null, finishedAt: null }));
      }
      return reopened;
    });
  }

  /** Moves a task back to running (a Reset in the Web UI started a new run of its workflow). */
  async reopenTask(taskId: number): Promise<void> {
    await this.em.nativeUpdate(Task, { id: taskId }, stamp({ status: TaskStatus.Running, finishedAt: null, error: null }));
  }

  async countProducts(taskId: number): Promise<Omit<TaskOutcome, 'status'>> {
    const { total, succeeded, failed, cancelled } = await countProducts(this.em, taskId);
    return { total, succeeded, failed, cancelled };
  }
}
