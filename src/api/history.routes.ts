import { Router, type Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { HISTORY_CSV_COLUMNS, historyCsvRows, readHistory, type PriceHistory } from '../monitoring/history.js';
import { renderHistoryChart } from '../monitoring/history-chart.js';
import { normaliseProductUrl } from '../tasks/url-normalisation.js';
import { currentUser, requireUser } from './auth/require-user.js';
import { HttpProblem } from './problem.js';

const isHttpUrl = (s: string) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol);

const pageQuery = {
  url: z.string().min(1).max(2048).refine(isHttpUrl, 'must be an absolute http(s) URL').meta({
    description: 'A product URL the caller collected; normalised as submissions are (fragment and tracking parameters dropped).',
    example: 'https://shop.example/p/1',
  }),
  region: z.string().max(64).optional().meta({ description: 'Region the page was collected in; absent or empty: collected without one.', example: 'Moscow' }),
};
/** `GET /api/history`. */
export const historyQuerySchema = z.strictObject({
  ...pageQuery,
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'json: points grouped per price kind, with the real discount; csv: one row per point.' }),
});
/** `GET /api/history/chart.svg`. */
export const historyChartQuerySchema = z.strictObject({
  ...pageQuery,
  // A phone shows the chart at its own width with 13px text instead of an 800px chart shrunk to unreadable text.
  width: z.coerce.number().int().min(320).max(1600).default(800).meta({ description: 'Width in pixels (a phone: its screen width); ticks and labels adapt.' }),
  height: z.coerce.number().int().min(200).max(800).default(300).meta({ description: 'Height in pixels.' }),
});

/**
 * Price history of one page in one region, from the caller's own collections only: another user's collections of
 * the same URL are invisible (404, as for a URL nobody collected).
 */
export function historyRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', async (req, res) => {
    const query = historyQuerySchema.parse(req.query);
    const history = await find(req, query);
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('price-history.csv');
      res.send(stringify(historyCsvRows(history), { header: true, columns: HISTORY_CSV_COLUMNS, bom: true }));
      return;
    }
    res.json(history);
  });

  router.get('/chart.svg', async (req, res) => {
    const query = historyChartQuerySchema.parse(req.query);
    const history = await find(req, query);
    // Opened directly, an SVG is a document of this origin: allow no script or external load in it, inline styles only.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('image/svg+xml').send(renderHistoryChart(history, { width: query.width, height: query.height }));
  });

  async function find(req: Request, query: { url: string; region?: string | undefined }): Promise<PriceHistory> {
    const url = normaliseProductUrl(new URL(query.url));
    const history = await readHistory(deps.em(), currentUser(req).id, url, query.region ? query.region : null);
    if (!history) throw new HttpProblem(404, 'Not Found', 'no price history for this URL and region among your collections');
    return history;
  }

  return router;
}
