import { HTTP_METHODS, type OpenApiDocument } from './openapi-document.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Path of the machine-readable document, as mounted in api/app.ts. */
export const OPENAPI_JSON_PATH = '/api/docs/openapi.json';

/**
 * A self-contained HTML page (no scripts, no external assets: the machines may have no internet) that links
 * to the OpenAPI document and lists every operation with its responses.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const schemes = (op.security ?? document.security ?? []).map((s) => Object.keys(s).length > 0);
      const signedIn = !schemes.includes(true) ? '' : schemes.includes(false) ? 'optional' : 'cookie';
      const statuses = Object.keys(op.responses).join(' ');
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary ?? '')}</td>` +
          `<td>${signedIn}</td><td>${escapeHtml(statuses)}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left;vertical-align:top}code{font-size:.95em}</style>
</head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable description (OpenAPI ${escapeHtml(document.openapi)}): <a href="${OPENAPI_JSON_PATH}">${OPENAPI_JSON_PATH}</a></p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Auth</th><th>Responses</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}
