/** Where the docs live, as mounted in api/app.ts. */
export const DOCS_BASE = '/api/docs';
export const DOCS_JSON = `${DOCS_BASE}/openapi.json`;
export const DOCS_INIT_SCRIPT = `${DOCS_BASE}/swagger-init.js`;
export const DOCS_ASSETS = `${DOCS_BASE}/assets`;

/** The files of swagger-ui-dist the page uses; nothing else of the package is served (its index.html points at the petstore). */
export const SWAGGER_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'] as const;

/**
 * Scripts only from this server and no inline script; Swagger UI sets inline styles and shows data: images. No
 * connection leaves the server (Swagger UI's online validator is switched off below).
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Price Collector API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${DOCS_ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-16x16.png" sizes="16x16">
</head>
<body>
<noscript><p>Swagger UI needs JavaScript; the document itself is at <a href="${DOCS_JSON}">${DOCS_JSON}</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${DOCS_INIT_SCRIPT}"></script>
</body>
</html>
`;
}

/** Starts Swagger UI on the page; "Try it out" sends the browser's own session cookie, same-origin. */
export const DOCS_INIT_SOURCE = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(DOCS_JSON)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
