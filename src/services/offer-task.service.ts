import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import {
  Offer,
  OfferTask,
  OfferTaskRequest,
  ProductOffer,
  ProductStatus,
  TaskStatus,
  TERMINAL_TASK_STATUSES,
  type IOfferTask,
  type IProductOffer,
} from '../entities/index.js';
import type { OfferTaskRunner } from '../temporal/offer-task-runner.js';
import { validateTargets, type UrlProblem } from './target-validation.js';
import { countProducts, countProductsByTask, type ProductCounts } from './product-counts.js';
import type { UrlPolicy } from '../security/index.js';

export interface CreateOfferTaskInput {
  ownerId: number;
  urls: string[];
  region?: string;
  idempotencyKey?: string;
}

export interface OfferView {
  kind: string;
  amount: string;
  currency: string | null;
}

export interface ProductOfferView {
  id: number;
  url: string;
  domain: string;
  region: string | null;
  status: string;
  errorCode?: string;
  error?: string;
  name?: string;
  availability?: string;
  collectedAt?: string;
  attempts: number;
  /** `http` (plain GET) or `browser` (rendered in Chromium), once collected. */
  fetchedWith?: string;
  offers: OfferView[];
}

export interface OfferTaskView {
  id: number;
  status: string;
  region: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error?: string;
  workflowId: string;
  progress: { total: number; pending: number; running: number; succeeded: number; failed: number; cancelled: number };
  products?: ProductOfferView[];
}

/** Which products of a task to return. */
export interface ProductPage {
  limit: number;
  offset: number;
  status?: ProductStatus;
}

/** Thrown when submitted URLs fail the URL policy; nothing was stored. */
export class InvalidTargetsError extends Error {
  constructor(readonly problems: UrlProblem[]) {
    super(`${problems.length} URL(s) cannot be scraped`);
  }
}
export class TaskNotFoundError extends Error {}
export class TaskAlreadyFinishedError extends Error {}
export class WorkflowStartError extends Error {}

/** Offer tasks as the API sees them: creation (validated, stored, started), reading, cancelling. */
export class OfferTaskService {
  constructor(
    private readonly em: EntityManager,
    private readonly runner: OfferTaskRunner,
    private readonly policy: UrlPolicy,
  ) {}

  /** Stores the task with one product per distinct URL, then starts its workflow. Returns `created: false` for a repeated idempotency key. */
  async create(input: CreateOfferTaskInput): Promise<{ task: OfferTaskView; created: boolean }> {
    if (input.idempotencyKey) {
      const existing = await this.em.findOne(OfferTask, { owner: input.ownerId, idempotencyKey: input.idempotencyKey });
      if (existing) return { task: await this.view(existing, false), created: false };
    }
    const { targets, problems } = await validateTargets(input.urls, this.policy);
    if (problems.length > 0) throw new InvalidTargetsError(problems);

    let taskId: number;
    try {
      taskId = await this.em.transactional(async (em) => {
        const task = em.create(OfferTask, {
          owner: input.ownerId,
          status: TaskStatus.Pending,
          region: input.region ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        em.create(OfferTaskRequest, { task, urls: input.urls, region: input.region ?? null, createdAt: new Date() });
        await em.flush();
        const now = new Date();
        await em.insertMany(
          ProductOffer,
          targets.map((t, position) => ({
            task: task.id,
            position,
            url: t.href,
            domain: t.domain,
            region: input.region ?? null,
            status: ProductStatus.Pending,
            attempts: 0,
            createdAt: now,
            updatedAt: now,
          })),
        );
        return task.id;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException && input.idempotencyKey) return this.create(input);
      throw err;
    }

    try {
      await this.runner.start(taskId, input.ownerId);
    } catch (err) {
      const reason = `the workflow could not be started: ${(err as Error).message}`;
      await this.em.nativeUpdate(OfferTask, { id: taskId }, { status: TaskStatus.Failed, error: reason, finishedAt: new Date(), updatedAt: new Date() });
      throw new WorkflowStartError(reason);
    }
    const task = await this.em.findOneOrFail(OfferTask, taskId);
    return { task: await this.view(task, false), created: true };
  }

  /** The task with one page of its products, in submission order. */
  async get(taskId: number, viewer: { id: number; isAdmin: boolean }, products: ProductPage = { limit: 1000, offset: 0 }): Promise<OfferTaskView> {
    const task = await this.findVisible(taskId, viewer);
    return this.view(task, products);
  }

  async list(viewer: { id: number }, page: { limit: number; offset: number }): Promise<{ items: OfferTaskView[]; total: number }> {
    const [tasks, total] = await this.em.findAndCount(OfferTask, { owner: viewer.id }, { orderBy: { id: 'desc' }, ...page });
    const counts = await countProductsByTask(this.em, tasks.map((t) => t.id));
    return { items: await Promise.all(tasks.map((t) => this.view(t, false, counts.get(t.id)))), total };
  }

  /** Asks the workflow to stop; the workflow itself marks the task and its products cancelled. */
  async cancel(taskId: number, viewer: { id: number; isAdmin: boolean }): Promise<OfferTaskView> {
    const task = await this.findVisible(taskId, viewer);
    if (TERMINAL_TASK_STATUSES.includes(task.status)) throw new TaskAlreadyFinishedError(`task ${taskId} already ended as ${task.status}`);
    await this.runner.cancel(taskId);
    return this.view(task, false);
  }

  private async findVisible(taskId: number, viewer: { id: number; isAdmin: boolean }): Promise<IOfferTask> {
    const where = viewer.isAdmin ? { id: taskId } : { id: taskId, owner: viewer.id };
    const task = await this.em.findOne(OfferTask, where);
    if (!task) throw new TaskNotFoundError(`task ${taskId} not found`);
    return task;
  }

  private async view(task: IOfferTask, products: ProductPage | false, known?: ProductCounts): Promise<OfferTaskView> {
    const { total, pending, running, succeeded, failed, cancelled } = known ?? (await countProducts(this.em, task.id));
    const view: OfferTaskView = {
      id: task.id,
      status: task.status,
      region: task.region ?? null,
      createdAt: task.createdAt.toISOString(),
      updatedAt: task.updatedAt.toISOString(),
      startedAt: task.startedAt?.toISOString() ?? null,
      finishedAt: task.finishedAt?.toISOString() ?? null,
      ...(task.error ? { error: task.error } : {}),
      workflowId: `offer-task-${task.id}`,
      progress: { total, pending, running, succeeded, failed, cancelled },
    };
    if (products) view.products = await this.productViews(task.id, products);
    return view;
  }

  private async productViews(taskId: number, page: ProductPage): Promise<ProductOfferView[]> {
    const where = page.status ? { task: taskId, status: page.status } : { task: taskId };
    const products = await this.em.find(ProductOffer, where, { orderBy: { position: 'asc' }, limit: page.limit, offset: page.offset });
    const offers = await this.em.find(Offer, { product: { $in: products.map((p) => p.id) } }, { orderBy: { id: 'asc' } });
    const byProduct = new Map<number, OfferView[]>();
    for (const o of offers) {
      const list = byProduct.get(o.product.id) ?? [];
      list.push({ kind: o.kind, amount: o.amount, currency: o.currency ?? null });
      byProduct.set(o.product.id, list);
    }
    return products.map((p) => productView(p, byProduct.get(p.id) ?? []));
  }
}

const KIND_ORDER = ['current', 'regular', 'card'];

function productView(p: IProductOffer, offers: OfferView[]): ProductOfferView {
  return {
    id: p.id,
    url: p.url,
    domain: p.domain,
    region: p.region ?? null,
    status: p.status,
    ...(p.errorCode ? { errorCode: p.errorCode } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.name ? { name: p.name } : {}),
    ...(p.availability ? { availability: p.availability } : {}),
    ...(p.collectedAt ? { collectedAt: p.collectedAt.toISOString() } : {}),
    attempts: p.attempts,
    ...(p.fetchedWith ? { fetchedWith: p.fetchedWith } : {}),
    offers: offers.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)),
  };
}
