import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ErrorReporter } from '../util/error-ref.js';

const componentStatus = z.enum(['ok', 'timeout', 'unavailable']).meta({ description: 'Whether the component answered within 2 s.', example: 'ok' });

/** The health answer, 200 or 503 alike. The error detail is only in the logs, under `ref`. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: componentStatus,
    temporal: componentStatus,
    ref: z.string().optional().meta({ description: 'When degraded: the reference under which the detail was logged.', example: 'E-3f9a0c1d' }),
  })
  .meta({ id: 'Health', example: { status: 'degraded', database: 'ok', temporal: 'unavailable', ref: 'E-3f9a0c1d' } });
export type HealthView = z.infer<typeof healthSchema>;

/** 200 only when both PostgreSQL and Temporal answer; 503 says which one does not. */
export function healthRoutes(deps: { em: () => EntityManager; temporal: Client; reportError: ErrorReporter }): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const failures: Record<string, unknown> = {};
    const [database, temporal] = await Promise.all([
      check(() => deps.em().execute('select 1'), (err) => (failures.database = err)),
      check(
        () => deps.temporal.withAbortSignal(AbortSignal.timeout(2000), () => deps.temporal.connection.workflowService.getSystemInfo({})),
        (err) => (failures.temporal = err),
      ),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    const body: HealthView = { status: ok ? 'ok' : 'degraded', database, temporal };
    if (!ok) body.ref = deps.reportError(failures, `health check: database ${database}, temporal ${temporal}`);
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}

type ComponentStatus = z.infer<typeof componentStatus>;

/** 'ok', 'timeout' or 'unavailable'; the error itself goes to `onError`, never into the public answer. */
async function check(probe: () => Promise<unknown>, onError: (err: unknown) => void): Promise<ComponentStatus> {
  const timeout = new Promise<ComponentStatus>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
  const answer = probe().then(
    () => 'ok' as const,
    (err: unknown) => {
      onError(err);
      return 'unavailable' as const;
    },
  );
  return Promise.race([answer, timeout]);
}
