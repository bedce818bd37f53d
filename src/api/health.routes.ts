import { Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { z } from 'zod';

const componentStatus = z.string().meta({ description: '`ok`, `timeout`, or `unavailable: <first line of the error>`.', example: 'ok' });

/** The health answer, 200 or 503 alike. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: componentStatus,
    temporal: componentStatus,
  })
  .meta({ id: 'Health', example: { status: 'degraded', database: 'ok', temporal: 'unavailable: connect ECONNREFUSED 127.0.0.1:7233' } });
export type HealthView = z.infer<typeof healthSchema>;

/** 200 only when both PostgreSQL and Temporal answer; 503 says which one does not. */
export function healthRoutes(deps: { em: () => EntityManager; temporal: Client }): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      check(() => deps.em().execute('select 1')),
      check(() => deps.temporal.withAbortSignal(AbortSignal.timeout(2000), () => deps.temporal.connection.workflowService.getSystemInfo({}))),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    const body: HealthView = { status: ok ? 'ok' : 'degraded', database, temporal };
    res.status(ok ? 200 : 503).json(body);
  });
  return router;
}

/** 'ok', 'timeout' or 'unavailable: <first line of the error>'. */
async function check(probe: () => Promise<unknown>): Promise<string> {
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
  return Promise.race([probe().then(() => 'ok' as const, (err: Error) => `unavailable: ${err.message.split('\n')[0]}`), timeout]);
}
