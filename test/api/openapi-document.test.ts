import { expect } from 'chai';
import type pg from 'pg';
import { createApp, type AppDeps } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi-document.js';
import { ALL_KIND_DEFINITIONS } from '../../src/tasks/registry.js';
import { OpenApiContract, type Json } from '../support/openapi-contract.js';

/** What can be checked of the document without a server: OpenAPI 3.1 structure, references, and the routes. */
describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const contract = new OpenApiContract(document);

  function refsIn(node: unknown, out: string[] = []): string[] {
    if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') out.push(value);
        else refsIn(value, out);
      }
    }
    return out;
  }

  it('when read as OpenAPI 3.1, then every $ref resolves and every schema compiles in the 2020-12 dialect', () => {
    expect(document.openapi).to.match(/^3\.1\.\d+$/);
    expect(document.info.title).to.be.a('string').and.not.empty;
    const refs = refsIn(document);
    expect(refs).to.not.be.empty;
    for (const ref of refs) expect(() => contract.resolve({ $ref: ref }, ''), ref).to.not.throw();
    for (const [name] of Object.entries(document.components?.schemas ?? {})) {
      expect(() => contract.validator(`/components/schemas/${name}`), name).to.not.throw();
    }
  });

  it('when read operation by operation, then each has a unique id, tags, a success and only problem+json errors, and declares its path parameters', () => {
    const tags = new Set((document.tags ?? []).map((t) => t.name));
    const ids = contract.operations.map(({ op }) => op.operationId as string);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).to.equal(true);
    expect(new Set(ids).size, 'operationIds are unique').to.equal(ids.length);
    for (const { method, path, pointer, op } of contract.operations) {
      const where = `${method} ${path}`;
      expect(op.tags, where).to.be.an('array').that.is.not.empty;
      for (const tag of op.tags as string[]) expect(tags.has(tag), `${where} tag ${tag}`).to.equal(true);
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses.some((s) => /^2\d\d$/.test(s)), `${where} has a success response`).to.equal(true);
      for (const param of path.match(/\{\w+\}/g) ?? []) {
        const declared = ((op.parameters ?? []) as Json[]).map((p) => contract.resolve(p, pointer).node).some((p) => p.in === 'path' && `{${p.name}}` === param && p.required === true);
        expect(declared, `${where} declares ${param}`).to.equal(true);
      }
      if (method === 'POST') expect(statuses, `${where}: JSON parser and CSRF errors`).to.include.members(['400', '403', '413', '415']);
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const content = contract.resolve(response as Json, pointer).node.content as Json | undefined;
        if (Number(status) < 400 || path === '/api/health') continue;
        expect(Object.keys(content ?? {}), `${where} ${status}`).to.deep.equal(['application/problem+json']);
      }
      const security = (op.security ?? document.security ?? []) as Json[];
      if (security.length > 0 && security.every((s) => Object.keys(s).length > 0)) expect(statuses, `${where} needs a session`).to.include('401');
    }
  });

  it('when the security schemes are read, then they are the pc.sid cookie and pct_ bearer tokens', () => {
    expect(document.components?.securitySchemes?.cookieAuth).to.deep.include({ type: 'apiKey', in: 'cookie', name: 'pc.sid' });
    expect(document.components?.securitySchemes?.bearerAuth).to.deep.include({ type: 'http', scheme: 'bearer' });
  });

  it('when every task kind is registered, then each has the same operations under its own resource', () => {
    for (const kind of ALL_KIND_DEFINITIONS) {
      const paths = Object.keys(document.paths ?? {}).filter((p) => p.startsWith(`/api/${kind.resource}`));
      expect(paths.map((p) => p.replace(kind.resource, 'R')).sort(), kind.resource).to.deep.equal(
        ['/api/R', '/api/R/{id}', '/api/R/{id}/cancel', '/api/R/{id}/export.csv', '/api/R/{id}/request', '/api/R/{id}/results', '/api/R/{id}/retry'],
      );
    }
  });

  it('when compared with the routes the application mounts, then the paths and methods are the same', () => {
    // Only constructed, never served: no dependency is called, so stand-ins do.
    const app = createApp({
      db: { em: {} },
      sessionPool: { query: async () => ({ rows: [] }) } as unknown as pg.Pool,
      temporal: {},
      logger: createLogger('silent', 'test'),
      policy: { allowPrivateTargets: false },
      sessionSecrets: ['route-listing-secret-route-listing'],
      cookieSecure: false,
      sessionIdleSecs: 60,
      sessionAbsoluteSecs: 600,
      maxBodySize: '1mb',
      maxUrlsPerTask: 10_000,
      maxUploadBytes: 1_000_000,
      maxActiveTasksPerUser: 5,
      runner: { taskQueue: 'unused', browserTaskQueue: 'unused', concurrency: 1 },
      accounts: { emailConfirmation: 'required', confirmTokenTtlSecs: 600, resetTokenTtlSecs: 600 },
    } as unknown as AppDeps);
    const routes: string[] = [];
    const walk = (layers: unknown[], prefix: string) => {
      for (const layer of layers as { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: unknown[] } }[]) {
        if (layer.route) {
          const path = (prefix + layer.route.path).replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
          for (const [method, on] of Object.entries(layer.route.methods)) if (on) routes.push(`${method.toUpperCase()} ${path}`);
        } else if (layer.handle.stack) {
          walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
        }
      }
    };
    walk(app.router.stack, '');
    expect(routes).to.not.be.empty;
    expect(contract.operations.map(({ method, path }) => `${method} ${path}`).sort()).to.deep.equal([...new Set(routes)].sort());
  });
});
