import type { EntityManager } from '@mikro-orm/postgresql';
import { ProductStatus } from '../entities/index.js';

export type ProductCounts = Record<ProductStatus, number> & { total: number };

/** Products per status for many tasks in one query (a task list must not cost one query per task). */
export async function countProductsByTask(em: EntityManager, taskIds: number[]): Promise<Map<number, ProductCounts>> {
  const result = new Map<number, ProductCounts>(taskIds.map((id) => [id, emptyCounts()]));
  if (taskIds.length === 0) return result;
  const rows = await em.execute<{ task_id: number; status: ProductStatus; n: string }[]>(
    `select task_id, status, count(*) as n from task_products where task_id in (${taskIds.map(() => '?').join(', ')}) group by task_id, status`,
    taskIds,
  );
  for (const row of rows) {
    const counts = result.get(Number(row.task_id))!;
    counts[row.status] = Number(row.n);
    counts.total += Number(row.n);
  }
  return result;
}

/** Products per status of one task. */
export async function countProducts(em: EntityManager, taskId: number): Promise<ProductCounts> {
  return (await countProductsByTask(em, [taskId])).get(taskId)!;
}

function emptyCounts(): ProductCounts {
  return { total: 0, ...Object.fromEntries(Object.values(ProductStatus).map((s) => [s, 0])) } as ProductCounts;
}
