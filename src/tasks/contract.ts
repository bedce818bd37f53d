/**
 * The workflow contract of every task kind: workflow types, ids, inputs, queries and search attributes. It
 * imports nothing, so workflow code (sandboxed) and clients (API, reconciler, tests) share it; nobody writes a
 * workflow type, id format or query name as a string literal elsewhere.
 */

/**
 * A task kind: `offer` collects prices (an OfferTask), `spec` collects characteristics (a SpecTask). The kinds a
 * service runs are registered in `registry.ts`; the contract needs only their names.
 */
export type TaskKind = string;

/** One workflow type runs every kind; the `TaskType` search attribute tells them apart in the Web UI. */
export const TASK_WORKFLOW_TYPE = 'taskWorkflow';

/** Workflow id of a task: deterministic, so a repeated start can never create a second run. */
export function taskWorkflowId(kind: TaskKind, taskId: number): string {
  return `${kind}-task-${taskId}`;
}

/** The task a workflow id names, or null for any other workflow (the reconciler, a schedule, ...). */
export function parseTaskWorkflowId(workflowId: string): { kind: TaskKind; taskId: number } | null {
  const m = /^([a-z][a-z0-9]*)-task-([1-9]\d{0,9})$/.exec(workflowId);
  return m ? { kind: m[1]!, taskId: Number(m[2]) } : null;
}

/** State carried over continue-as-new: where the next run resumes and what the previous runs counted. */
export interface TaskCarry {
  afterId: number;
  succeeded: number;
  failed: number;
}

/** The one input of every task workflow. */
export interface TaskWorkflowInput {
  kind: TaskKind;
  taskId: number;
  /** Task queue served by workers that own a browser. */
  browserTaskQueue: string;
  /** Scrape activities kept in flight at once. */
  concurrency: number;
  /** Products fetched from PostgreSQL per page. @default 200 */
  pageSize?: number;
  /**
   * Products one run schedules before it continues as new (each costs ~6 history events; the hard limit is
   * 51,200). Continue-as-new also happens earlier whenever Temporal suggests it. @default 2000
   */
  maxProductsPerRun?: number;
  carry?: TaskCarry;
}

export type TaskStage = 'starting' | 'scraping' | 'finishing' | 'cancelling' | 'done';

/** Live progress answered by the workflow's progress query. */
export interface TaskProgress {
  taskId: number;
  succeeded: number;
  failed: number;
  inFlight: number;
  stage: TaskStage;
}

/** Query name of live progress. */
export const PROGRESS_QUERY = 'progress';

/** One product the workflow still has to scrape (a page of these comes from PostgreSQL, never a whole list). */
export interface PendingProduct {
  productId: number;
  url: string;
  region: string | null;
}

/** Input of the browser activity that scrapes one product page. */
export interface ScrapeProductInput extends PendingProduct {
  kind: TaskKind;
  /** The product's task: its pages get a browser context of their own, shared with no other task. */
  taskId: number;
}

/** What a scrape returns: a small summary, never a page body. */
export interface ScrapeProductSummary {
  /** `skipped` when the product had already ended (a duplicate delivery, or it was cancelled meanwhile). */
  status: 'succeeded' | 'skipped';
  /** Rows written: prices for a price task, characteristics for a characteristics task. */
  items: number;
}

/** Failure type names the workflow treats as final (no retry). Thrown by the scrape activity. */
export const NON_RETRYABLE_SCRAPE_ERRORS = ['PermanentScrapeError', 'ForbiddenTargetError'];

/** Custom search attributes (all Keyword) that make the Web UI's list filterable: `TaskType="spec"`. */
export const SEARCH_ATTRIBUTES = { taskType: 'TaskType', taskId: 'TaskId', ownerId: 'OwnerId' } as const;

/** The singleton reconciler workflow (any worker may start it; the first one wins). */
export const RECONCILER_WORKFLOW_ID = 'task-reconciler';
export const RECONCILER_WORKFLOW_TYPE = 'reconcilerWorkflow';

export interface ReconcilerInput {
  intervalSecs: number;
}

/** Final counts of a task, as the light activities report them. */
export interface TaskOutcomeSummary {
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/**
 * Light activities of every task workflow (status writes and paging); they run on the workflow task queue, so
 * status writes never wait behind page loads. Implemented by `src/activities/task.activities.ts`.
 */
export interface TaskActivities {
  startTask(input: { taskId: number }): Promise<void>;
  listPendingProducts(input: { taskId: number; afterId: number; limit: number }): Promise<PendingProduct[]>;
  recordProductFailure(input: { productId: number; code: string; message: string }): Promise<void>;
  finishTask(input: { taskId: number }): Promise<TaskOutcomeSummary>;
  cancelTask(input: { taskId: number }): Promise<TaskOutcomeSummary>;
}

/** The browser activity, on the browser task queue. Implemented by `src/activities/scrape.activities.ts`. */
export interface ScrapeActivities {
  scrapeProduct(input: ScrapeProductInput): Promise<ScrapeProductSummary>;
}

/** The reconciler's activity. Implemented by `src/activities/reconcile.activities.ts`. */
export interface ReconcileActivities {
  reconcileTasks(): Promise<{ checked: number; repaired: unknown[] }>;
}

// --- Recurring price checks (Temporal Schedules) ---

/** Workflow type every schedule action starts; it creates the run's price task and runs it as a child. */
export const SCHEDULED_CHECK_WORKFLOW_TYPE = 'scheduledCheckWorkflow';

/** Task kind of scheduled runs: schedules check prices only. */
export const SCHEDULED_TASK_KIND: TaskKind = 'offer';

/** Temporal schedule id of a stored schedule (also the prefix of its runs' workflow ids). */
export function priceScheduleId(scheduleId: number): string {
  return `price-schedule-${scheduleId}`;
}

/** Input of one scheduled run: only the schedule; everything else is read when the run starts. */
export interface ScheduledCheckInput {
  scheduleId: number;
}

/** A run's price task, stored and ready for its workflow; the input comes from the worker's configuration. */
export interface ScheduledRun {
  taskId: number;
  ownerId: number;
  workflow: TaskWorkflowInput;
}

/** Pages a confirmation re-fetch checks once more: the run's changed pages, each in its region. */
export interface ConfirmationInput {
  scheduleId: number;
  /** The run's task, whose changed pages these are. */
  taskId: number;
  targets: { url: string; region: string | null }[];
}

/** Light activities of the scheduled workflow. Implemented by `src/activities/schedule.activities.ts`. */
export interface ScheduleActivities {
  /** Stores the run's task (URLs validated again); null when the schedule was deleted meanwhile. */
  createScheduledTask(input: ScheduledCheckInput): Promise<ScheduledRun | null>;
  /** Stores the confirmation task of a run (an ordinary price task of the schedule); null when the schedule is gone. */
  createConfirmationTask(input: ConfirmationInput): Promise<ScheduledRun | null>;
}

// --- Price alerts ---

/** A page whose newest history point, started by a run, matches an alert rule; it alerts once a re-fetch agrees. */
export interface AlertCandidate {
  url: string;
  region: string | null;
  /** The newest `current` history point (`price_observations.id`). */
  observationId: number;
}

/** Light activities that evaluate a run against its schedule's alert rules. Implemented by `src/activities/alert.activities.ts`. */
export interface AlertActivities {
  findAlertCandidates(input: { scheduleId: number; taskId: number }): Promise<AlertCandidate[]>;
  /** Raises (once) the alerts the confirmation task agrees with, with their deliveries; returns their ids. */
  raiseAlerts(input: { scheduleId: number; taskId: number; confirmTaskId: number; candidates: AlertCandidate[] }): Promise<number[]>;
}
