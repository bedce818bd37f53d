import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from '../../src/api/openapi/openapi-document.js';
import type { ApiResponse } from './api-client.js';

/** ajv-formats is CommonJS: its default export arrives wrapped under ESM. */
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export type Json = Record<string, any>;
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const DOCUMENT_ID = 'https://price-collector.invalid/openapi.json';

export interface Operation {
  method: string;
  path: string;
  /** JSON pointer of the operation in the document, for messages and for ajv. */
  pointer: string;
  op: Json;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks real responses against the OpenAPI document with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1):
 * the document is registered whole, so `#/components/...` references inside the operation schemas resolve as they
 * do for any other reader.
 */
export class OpenApiContract {
  readonly operations: Operation[];
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(this.ajv);
    // OpenAPI's `example` and the document's top-level fields are annotations to JSON Schema; declaring them keeps
    // strict mode on for everything else.
    for (const keyword of ['example', 'openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components']) this.ajv.addKeyword(keyword);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(JSON.parse(JSON.stringify(document)) as Json, DOCUMENT_ID);
    this.operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      HTTP_METHODS.filter((m) => (item as Json)[m]).map((m) => ({
        method: m.toUpperCase(),
        path,
        pointer: `/paths/${escapePointer(path)}/${m}`,
        op: (item as Json)[m] as Json,
      })),
    );
  }

  /** Follows `$ref`s inside the document (responses, parameters, schemas); returns the node and its pointer. */
  resolve(node: Json, pointer: string): { node: Json; pointer: string } {
    let at = { node, pointer };
    while (typeof at.node?.$ref === 'string') {
      const ref = at.node.$ref as string;
      if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
      const target = ref
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<any>((n, key) => n?.[key], this.document);
      if (target === undefined) throw new Error(`unresolvable $ref ${ref} (from ${pointer})`);
      at = { node: target as Json, pointer: ref.slice(1) };
    }
    return at;
  }

  /** The documented operation a concrete request goes to (static paths win over templated ones). */
  match(method: string, url: string): Operation | undefined {
    const path = url.split('?')[0]!;
    const candidates = this.operations.filter((o) => o.method === method.toUpperCase());
    return (
      candidates.find((o) => o.path === path) ??
      candidates.find((o) => new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`).test(path))
    );
  }

  /** Why a response breaks the document: empty when it is a documented status, content type and body. */
  check(operation: Operation, res: ApiResponse): string[] {
    const where = `${operation.method} ${operation.path} → ${res.status}`;
    const declared = operation.op.responses?.[String(res.status)] as Json | undefined;
    if (!declared) return [`${where}: status not documented (documented: ${Object.keys(operation.op.responses ?? {}).join(' ')})`];
    const response = this.resolve(declared, `${operation.pointer}/responses/${res.status}`);
    const content = response.node.content as Json | undefined;
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!content) return res.text === '' ? [] : [`${where}: a body where none is documented`];
    const media = content[contentType] as Json | undefined;
    if (!media) return [`${where}: content type "${contentType}" not documented (documented: ${Object.keys(content).join(', ')})`];
    if (!media.schema) return [];
    const validate = this.validator(`${response.pointer}/content/${escapePointer(contentType)}/schema`);
    const values = contentType === 'application/x-ndjson' ? ndjsonLines(res.text) : [media.schema.type === 'string' ? res.text : res.body];
    const errors: string[] = [];
    values.forEach((value, i) => {
      if (!validate(value)) {
        const at = values.length > 1 ? ` line ${i + 1}` : '';
        errors.push(...(validate.errors ?? []).slice(0, 5).map((e) => `${where} ${contentType}${at}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`));
      }
    });
    return errors;
  }

  /** A compiled schema (once per pointer) by reference into the registered document. */
  validator(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer.split('/').map((p) => encodeURIComponent(p).replace(/%7E/g, '~')).join('/')}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }
}

function ndjsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
