import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ProductStatus, Task, TaskProduct, TaskRequest, TaskStatus, TERMINAL_TASK_STATUSES, type ITask } from '../entities/index.js';
import { readProductRows, type ProductRow } from './product-rows.js';
import type { UrlPolicy } from '../security/index.js';
import { ConflictError, NotFoundError, TooManyRequestsError, UnavailableError, UnprocessableError } from '../util/domain-errors.js';
import { taskWorkflowId } from './contract.js';
import { countProducts, countProductsByTask, type ProductCounts } from './product-counts.js';
import type { TaskKindDefinition } from './task-kind.js';
import type { TaskRunner } from './task-runner.js';
import type { ProductView, TaskRequestView, TaskView } from './task-views.js';
import { validateTargets } from './target-validation.js';
import type { ErrorReporter } from '../util/error-ref.js';
import { TaskTransitions } from './task-transitions.js';

/** One URL to collect, with its own region when the submission gave one per URL (CSV upload). */
export interface SubmittedTarget {
  url: string;
  region?: string | undefined;
}

export interface CreateTaskInput {
  ownerId: number;
  targets: SubmittedTarget[];
  region?: string | undefined;
  idempotencyKey?: string | undefined;
  source?: 'json' | 'csv';
  /** File line of each target (CSV upload), so refused URLs are reported by line. */
  lines?: number[] | undefined;
  /** The schedule whose run this task is. */
  scheduleId?: number | undefined;
}

/** Who is asking: owners see their own tasks, admins every task. */
export interface Viewer {
  id: number;
  isAdmin: boolean;
}

/** Which products of a task to return. */
export interface ProductPage {
  limit: number;
  offset: number;
  status?: ProductStatus | undefined;
}

/** Filter and page of a task list, newest first; `cursor` is the id the previous page ended at. */
export interface TaskListQuery {
  limit: number;
  cursor?: number | undefined;
  status?: TaskStatus | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  /** Only this owner's tasks (admins); a non-admin naming anyone else gets an empty list. */
  ownerId?: number | undefined;
}

export interface TaskLimits {
  /** Tasks of one user that may be pending or running at once. */
  maxActiveTasksPerUser: number;
}

/**
 * The task lifecycle as the API sees it, the same for every kind: creation (validated, stored, started), reading,
 * listing, cancelling and retrying. The kind only decides which results a product view carries.
 */
export class TaskService {
  constructor(
    private readonly em: EntityManager,
    private readonly kind: TaskKindDefinition<unknown>,
    private readonly runner: TaskRunner,
    private readonly policy: UrlPolicy,
    private readonly limits: TaskLimits,
    /** Logs an internal failure and returns the reference users may quote. */
    private readonly reportError: ErrorReporter,
  ) {}

  /** Stores the task with one product per distinct URL and region, then starts its workflow. `created: false` for a repeated idempotency key. */
  async create(input: CreateTaskInput): Promise<{ task: TaskView; created: boolean }> {
    const { task, created } = await this.store(input);
    if (!created) return { task: await this.view(task, false), created: false };
    await this.startOrFail(task, input.ownerId);
    return { task: await this.view(await this.em.findOneOrFail(Task, task.id, { refresh: true }), false), created: true };
  }

  /**
   * Validates and stores the task with its products without starting a workflow: `create` starts it, a schedule's
   * run starts it as its child workflow. `created: false` for a repeated idempotency key.
   */
  async store(input: CreateTaskInput): Promise<{ task: ITask; created: boolean }> {
    if (input.idempotencyKey) {
      const existing = await this.em.findOne(Task, { owner: input.ownerId, kind: this.kind.kind, idempotencyKey: input.idempotencyKey });
      if (existing) return { task: existing, created: false };
    }
    const { targets, problems } = await validateTargets(input.targets.map((t) => t.url), this.policy);
    if (problems.length > 0) {
      const errors = input.lines ? problems.map((p) => ({ line: input.lines![p.index], ...p })) : problems;
      throw new UnprocessableError('Unprocessable URLs', `${problems.length} URL(s) cannot be scraped; fix or remove them and submit again`, { errors });
    }
    await this.checkActiveLimit(input.ownerId);
    const seen = new Set<string>();
    const products = targets
      .map((t) => ({ href: t.href, domain: t.domain, region: input.targets[t.index]!.region ?? input.region ?? null }))
      .filter((p) => {
        const key = `${p.region ?? ''}\u0000${p.href}`;
        return !seen.has(key) && seen.add(key);
      });

    let task: ITask;
    try {
      task = await this.em.transactional(async (em) => {
        const created = em.create(Task, {
          kind: this.kind.kind,
          owner: input.ownerId,
          status: TaskStatus.Pending,
          region: input.region ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          schedule: input.scheduleId ?? null,
        });
        em.create(TaskRequest, { task: created, urls: input.targets.map((t) => t.url), region: input.region ?? null, source: input.source ?? 'json' });
        await em.flush();
        const now = new Date();
        await em.insertMany(
          TaskProduct,
          products.map((p, position) => ({
            task: created.id,
            position,
            url: p.href,
            domain: p.domain,
            region: p.region,
            status: ProductStatus.Pending,
            attempts: 0,
            createdAt: now,
            updatedAt: now,
          })),
        );
        return created;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException && input.idempotencyKey) return this.store(input);
      throw err;
    }
    return { task, created: true };
  }

  /** The task with one page of its products, in submission order. */
  async get(taskId: number, viewer: Viewer, products: ProductPage = { limit: 1000, offset: 0 }): Promise<TaskView> {
    return this.view(await this.findVisible(taskId, viewer), products);
  }

  /** The caller's tasks of this kind (an admin's: everyone's, or `ownerId`'s), newest first, filtered, one page after `cursor`. */
  async list(viewer: Viewer, query: TaskListQuery): Promise<{ items: TaskView[]; total: number; limit: number; nextCursor: string | null }> {
    // Non-admins: always their own tasks, whatever `ownerId` says (another owner's id yields nothing).
    if (!viewer.isAdmin && query.ownerId !== undefined && query.ownerId !== viewer.id) return { items: [], total: 0, limit: query.limit, nextCursor: null };
    const owner = viewer.isAdmin ? query.ownerId : viewer.id;
    const where = {
      ...(owner !== undefined ? { owner } : {}),
      kind: this.kind.kind,
      ...(query.status ? { status: query.status } : {}),
      ...(query.createdFrom || query.createdTo
        ? { createdAt: { ...(query.createdFrom ? { $gte: query.createdFrom } : {}), ...(query.createdTo ? { $lt: query.createdTo } : {}) } }
        : {}),
    };
    const [tasks, total] = await Promise.all([
      this.em.find(Task, { ...where, ...(query.cursor ? { id: { $lt: query.cursor } } : {}) }, { orderBy: { id: 'desc' }, limit: query.limit + 1 }),
      this.em.count(Task, where),
    ]);
    const page = tasks.slice(0, query.limit);
    const counts = await countProductsByTask(this.em, page.map((t) => t.id));
    return {
      items: await Promise.all(page.map((t) => this.view(t, false, counts.get(t.id)))),
      total,
      limit: query.limit,
      nextCursor: tasks.length > query.limit ? String(page[page.length - 1]!.id) : null,
    };
  }

  /** Asks the workflow to stop; the workflow itself marks the task and its products cancelled. */
  async cancel(taskId: number, viewer: Viewer): Promise<TaskView> {
    const task = await this.findVisible(taskId, viewer);
    if (TERMINAL_TASK_STATUSES.includes(task.status)) throw new ConflictError(`task ${taskId} already ended as ${task.status}`);
    await this.runner.cancel({ kind: task.kind, id: task.id });
    return this.view(task, false);
  }

  /** Runs the failed products of an ended task again, in a new run of the same workflow id. */
  async retry(taskId: number, viewer: Viewer): Promise<TaskView> {
    const task = await this.findVisible(taskId, viewer);
    if (!TERMINAL_TASK_STATUSES.includes(task.status)) throw new ConflictError(`task ${taskId} is still ${task.status}; retry it once it has ended`);
    await this.checkActiveLimit(task.owner.id);
    const reopened = await new TaskTransitions(this.em).reopenFailed(task.id);
    if (reopened === 0) throw new ConflictError(`task ${taskId} has no failed products to retry`);
    await this.startOrFail(task, task.owner.id);
    return this.view(await this.em.findOneOrFail(Task, task.id, { refresh: true }), false);
  }

  /** What the user submitted, exactly as sent (before normalisation and de-duplication). */
  async request(taskId: number, viewer: Viewer): Promise<TaskRequestView> {
    const task = await this.findVisible(taskId, viewer);
    const request = await this.em.findOneOrFail(TaskRequest, { task: task.id });
    return { taskId: task.id, urls: request.urls, region: request.region ?? null, source: request.source as 'json' | 'csv', createdAt: request.createdAt.toISOString() };
  }

  /** The task when the viewer may see it; 404 otherwise (never 403: others' ids are not confirmed). */
  async findVisible(taskId: number, viewer: Viewer): Promise<ITask> {
    const where = viewer.isAdmin ? { id: taskId, kind: this.kind.kind } : { id: taskId, kind: this.kind.kind, owner: viewer.id };
    const task = await this.em.findOne(Task, where);
    if (!task) throw new NotFoundError(`${this.kind.resource.replace(/s$/, '').replace('-', ' ')} ${taskId} not found`);
    return task;
  }

  private async checkActiveLimit(ownerId: number): Promise<void> {
    const active = await this.em.count(Task, { owner: ownerId, status: { $in: [TaskStatus.Pending, TaskStatus.Running] } });
    if (active >= this.limits.maxActiveTasksPerUser) {
      throw new TooManyRequestsError(
        `you already have ${active} tasks pending or running (the limit is ${this.limits.maxActiveTasksPerUser}); wait for some to finish or cancel them`,
        { activeTasks: active, limit: this.limits.maxActiveTasksPerUser },
      );
    }
  }

  private async startOrFail(task: ITask, ownerId: number): Promise<void> {
    try {
      await this.runner.start({ kind: task.kind, id: task.id }, ownerId);
    } catch (err) {
      const ref = this.reportError(err, `starting the workflow of ${task.kind} task ${task.id} failed`);
      const reason = `the task could not be started (the workflow service did not accept it; reference ${ref})`;
      await this.em.nativeUpdate(Task, { id: task.id }, { status: TaskStatus.Failed, error: reason, finishedAt: new Date(), updatedAt: new Date() });
      throw new UnavailableError(`${reason}; retry in a moment`);
    }
  }

  private async view(task: ITask, products: ProductPage | false, known?: ProductCounts): Promise<TaskView> {
    const { total, pending, running, succeeded, failed, cancelled } = known ?? (await countProducts(this.em, task.id));
    const view: TaskView = {
      id: task.id,
      kind: task.kind,
      status: task.status,
      region: task.region ?? null,
      createdAt: task.createdAt.toISOString(),
      updatedAt: task.updatedAt.toISOString(),
      startedAt: task.startedAt?.toISOString() ?? null,
      finishedAt: task.finishedAt?.toISOString() ?? null,
      ...(task.error ? { error: task.error } : {}),
      workflowId: taskWorkflowId(task.kind, task.id),
      progress: { total, pending, running, succeeded, failed, cancelled },
      ownerId: task.owner.id,
      scheduleId: task.schedule?.id ?? null,
    };
    if (products) view.products = await this.productViews(task.id, products);
    return view;
  }

  private async productViews(taskId: number, page: ProductPage): Promise<ProductView[]> {
    const products = await readProductRows(this.em, { taskId, limit: page.limit, offset: page.offset, status: page.status });
    const results = await this.kind.readResults(this.em, products.map((p) => p.id));
    return products.map((p) => productView(p, this.kind.resultsField, results.get(p.id) ?? []));
  }
}

/** The API view of one product row with its kind's results. */
export function productView(p: ProductRow, resultsField: string, results: unknown[]): ProductView {
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
    ...(p.fetchedWith ? { fetchedWith: p.fetchedWith as 'http' | 'browser' } : {}),
    [resultsField]: results,
  };
}
