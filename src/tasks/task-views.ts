import { z } from 'zod';
import { ProductStatus, TaskStatus } from '../entities/index.js';
import type { TaskKindDefinition } from './task-kind.js';

const count = (description: string) => z.number().int().min(0).meta({ description });
const instant = (description: string) => z.iso.datetime().meta({ description });

export const taskStatusSchema = z.enum(Object.values(TaskStatus) as [TaskStatus, ...TaskStatus[]]).meta({ id: 'TaskStatus' });
export const productStatusSchema = z.enum(Object.values(ProductStatus) as [ProductStatus, ...ProductStatus[]]).meta({ id: 'ProductStatus' });

export const progressSchema = z
  .object({
    total: count('Distinct product URLs of the task.'),
    pending: count('Not started yet.'),
    running: count('Being collected now.'),
    succeeded: count('Collected.'),
    failed: count('Gave up (see the product error).'),
    cancelled: count('Stopped by a cancellation.'),
  })
  .meta({ id: 'Progress', description: 'How many products of the task are in each status (from the database).' });

export const liveProgressSchema = z
  .object({
    taskId: z.number().int(),
    succeeded: count('Products collected, as the workflow counts them.'),
    failed: count('Products given up.'),
    inFlight: count('Scrape activities running now.'),
    stage: z.enum(['starting', 'scraping', 'finishing', 'cancelling', 'done']),
  })
  .meta({ id: 'LiveProgress', description: 'Progress as the running workflow reports it (only with `?live=true`).' });

/** What every kind's product row shows; the kind adds its results array. */
export const productBaseSchema = z.object({
  id: z.number().int(),
  url: z.string().meta({ description: 'The URL as it is scraped (normalised, without fragment or tracking parameters).' }),
  domain: z.string().meta({ example: 'ozon.ru' }),
  region: z.string().nullable(),
  status: productStatusSchema,
  errorCode: z.string().optional().meta({ description: 'Why the product failed: http-404, blocked, no-price-found, no-characteristics-found, ...' }),
  error: z.string().optional().meta({ description: 'What went wrong and what to do.' }),
  name: z.string().optional(),
  availability: z.string().optional().meta({ description: 'schema.org availability (price tasks).', example: 'InStock' }),
  collectedAt: instant('When the data was collected.').optional(),
  attempts: count('Scrape attempts made.'),
  fetchedWith: z.enum(['http', 'browser']).optional().meta({ description: '`http`: a plain GET carried the data; `browser`: rendered in Chromium.' }),
});

export const taskBaseSchema = z.object({
  id: z.number().int(),
  kind: z.string().meta({ description: '`offer` (prices) or `spec` (characteristics).' }),
  status: taskStatusSchema,
  region: z.string().nullable(),
  createdAt: instant('When the task was submitted.'),
  updatedAt: instant('Last status change.'),
  startedAt: instant('When its workflow started.').nullable(),
  finishedAt: instant('When it ended.').nullable(),
  error: z.string().optional().meta({ description: 'Why the task as a whole failed or was stopped.' }),
  workflowId: z.string().meta({ description: 'Workflow id in Temporal (`offer-task-<id>`, `spec-task-<id>`).', example: 'offer-task-42' }),
  progress: progressSchema,
  live: liveProgressSchema.optional(),
  ownerId: z.number().int().meta({ description: 'The account that submitted the task (admins list every account\'s tasks).', example: 7 }),
  scheduleId: z.number().int().nullable().meta({ description: 'The schedule whose run created this task (`/api/schedules/{id}`); null for tasks submitted directly.' }),
});

export const taskRequestSchema = z
  .object({
    taskId: z.number().int(),
    urls: z.array(z.string()).meta({ description: 'The URLs as submitted, in their order, before normalisation and de-duplication.' }),
    region: z.string().nullable(),
    source: z.enum(['json', 'csv']).meta({ description: '`csv` when the task came from a file upload.' }),
    createdAt: instant('When it was submitted.'),
  })
  .meta({ id: 'TaskRequest', description: 'What the user submitted (OfferTaskRequest / SpecTaskRequest).' });
export type TaskRequestView = z.infer<typeof taskRequestSchema>;

export type ProductBaseView = z.infer<typeof productBaseSchema>;
export type TaskBaseView = z.infer<typeof taskBaseSchema>;
/** A product row with its kind's results under the kind's field (`offers`, `characteristics`). */
export type ProductView = ProductBaseView & Record<string, unknown>;
export type TaskView = TaskBaseView & { products?: ProductView[] };

/** Response schemas of one kind, named for OpenAPI by its resource (`OfferTask`, `SpecTask`, ...). */
export function kindViewSchemas(kind: TaskKindDefinition<unknown>) {
  const name = kind.schemaName;
  const product = productBaseSchema.extend({ [kind.resultsField]: z.array(kind.resultSchema) }).meta({ id: `Product${name}` });
  const task = taskBaseSchema.extend({ products: z.array(product).optional() }).meta({ id: `${name}Task` });
  const resultItem = product
    .extend({
      details: z
        .record(z.string(), z.unknown())
        .nullable()
        .meta({ description: 'Everything else the extractor found: identifiers, brand, images, and which layer gave each field (`provenance`).' }),
    })
    .meta({ id: `${name}Result` });
  const list = z
    .object({
      items: z.array(taskBaseSchema.meta({ id: `${name}TaskSummary` })),
      total: count('Tasks matching the filter.'),
      limit: z.number().int(),
      nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
    })
    .meta({ id: `${name}TaskList` });
  return { product, task, list, resultItem };
}
