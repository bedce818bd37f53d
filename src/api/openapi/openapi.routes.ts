import { Router } from 'express';
import { buildOpenApiDocument, type OpenApiOptions } from './openapi-document.js';
import { renderDocsPage } from './docs-page.js';

/** Serves the API description: `GET /openapi.json` (OpenAPI 3.1) and `GET /` (a plain HTML overview). Public. */
export function openApiRoutes(options: OpenApiOptions = {}): Router {
  const router = Router();
  const document = buildOpenApiDocument(options);
  const json = JSON.stringify(document);
  const page = renderDocsPage(document);

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(json);
  });

  router.get('/', (_req, res) => {
    // The page has no scripts and no external assets; say so to the browser.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    res.type('html').send(page);
  });

  return router;
}
