/** Stage of a whole task. Terminal: completed, partially_completed, failed, cancelled. */
export const TaskStatus = {
  Pending: 'pending',
  Running: 'running',
  Completed: 'completed',
  PartiallyCompleted: 'partially_completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Stage of one product URL within a task. Terminal: succeeded, failed, cancelled. */
export const ProductStatus = {
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type ProductStatus = (typeof ProductStatus)[keyof typeof ProductStatus];

/** Kind of one price of an offer: what a buyer pays now, the crossed-out price, a card/member price. */
export const PriceKind = { Current: 'current', Regular: 'regular', Card: 'card' } as const;
export type PriceKind = (typeof PriceKind)[keyof typeof PriceKind];

export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = [
  TaskStatus.Completed,
  TaskStatus.PartiallyCompleted,
  TaskStatus.Failed,
  TaskStatus.Cancelled,
];

export const TERMINAL_PRODUCT_STATUSES: readonly ProductStatus[] = [
  ProductStatus.Succeeded,
  ProductStatus.Failed,
  ProductStatus.Cancelled,
];
