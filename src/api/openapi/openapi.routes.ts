import { createRequire } from 'node:module';
import express, { Router, type RequestHandler } from 'express';
import { buildOpenApiDocument, type OpenApiOptions } from './openapi-document.js';
import { DOCS_ASSETS, DOCS_BASE, DOCS_CSP, DOCS_INIT_SCRIPT, DOCS_INIT_SOURCE, DOCS_JSON, SWAGGER_ASSETS, docsPage } from './swagger-page.js';

/** Required by path, not through the package index, which would load the whole browser bundle into the server. */
const swaggerUiDir = (createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string)();

const relative = (path: string) => path.slice(DOCS_BASE.length);

/**
 * The API description, public: Swagger UI at `/` (its assets from swagger-ui-dist on disk, no CDN), the script
 * that starts it, and the OpenAPI 3.1 document at `/openapi.json`. Mounted at `/api/docs`.
 */
export function openApiRoutes(options: OpenApiOptions = {}): Router {
  const router = Router();
  const json = JSON.stringify(buildOpenApiDocument(options));
  const page = docsPage();

  router.get(relative(DOCS_JSON), (_req, res) => {
    res.type('application/json').send(json);
  });

  router.get(relative(DOCS_INIT_SCRIPT), (_req, res) => {
    res.type('text/javascript').send(DOCS_INIT_SOURCE);
  });

  router.get('/', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(page);
  });

  router.use(relative(DOCS_ASSETS), onlyFiles(SWAGGER_ASSETS), express.static(swaggerUiDir, { index: false, redirect: false }));
  return router;
}

/** Lets through only the listed files; anything else falls to the API's 404. */
function onlyFiles(names: readonly string[]): RequestHandler {
  const allowed = new Set(names.map((n) => `/${n}`));
  return (req, _res, next) => (allowed.has(req.path) ? next() : next('router'));
}
