import { expect } from 'chai';
import fc from 'fast-check';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient, type ApiResponse } from '../support/api-client.js';
import { OpenApiContract, type Json, type Operation } from '../support/openapi-contract.js';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi-document.js';
import { ALL_KIND_DEFINITIONS } from '../../src/tasks/registry.js';

/**
 * The OpenAPI document against the real routes, then schema-driven fuzzing of every documented operation
 * through the real stack: whatever a client sends, the API answers with a documented status, never a 5xx,
 * errors as problem+json, and no internals. Replay a failure with the seed it prints: FUZZ_SEED=<n>.
 */

type Auth = 'member' | 'anonymous' | 'forged-cookie';

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
const PASSWORD = 'correct horse battery staple'; // what ApiClient.signUp registers with
/** Runs per operation (~450 requests in all); FUZZ_RUNS_FACTOR=10 digs deeper. Task operations by role, the same for every kind. */
const RUNS_FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);
/** FUZZ_TRACE=1 prints every request and its status. */
const TRACE = !!process.env.FUZZ_TRACE;
const RUNS: Record<string, number> = {
  register: 40,
  login: 35,
  logout: 12,
  me: 8,
  createTask: 50,
  listTasks: 20,
  getTask: 35,
  getTaskResults: 15,
  getTaskRequest: 10,
  cancelTask: 30,
  retryTask: 15,
  exportTaskCsv: 15,
  siteStats: 8,
  priceHistory: 15,
  priceHistoryChart: 10,
  createApiToken: 20,
  listApiTokens: 8,
  revokeApiToken: 15,
  health: 8,
  docsPage: 5,
  docsInitScript: 3,
  openApiDocument: 5,
  adminListUsers: 10,
  adminDisableUser: 15,
  adminEnableUser: 10,
  confirmEmailPage: 2,
  confirmEmail: 15,
  resendConfirmation: 6,
  requestPasswordReset: 8,
  passwordResetPage: 2,
  confirmPasswordReset: 15,
  changePassword: 12,
  createSchedule: 30,
  listSchedules: 8,
  getSchedule: 15,
  deleteSchedule: 15,
  pauseSchedule: 12,
  resumeSchedule: 12,
  triggerSchedule: 12,
  updateSchedule: 25,
  listAlerts: 12,
};
const KIND_NAMES = new RegExp(ALL_KIND_DEFINITIONS.map((k) => k.schemaName).join('|'));
const budget = (operationId: string) => RUNS[operationId] ?? RUNS[operationId.replace(KIND_NAMES, '')] ?? 0;
/** `/api/offer-tasks/{id}` → `offer-tasks`: which kind's task ids fit the path. */
const resourceOf = (path: string) => ALL_KIND_DEFINITIONS.find((k) => path.startsWith(`/api/${k.resource}`))?.resource;

const document = buildOpenApiDocument();
const contract = new OpenApiContract(document);
const operations = contract.operations;

const resolve = (node: unknown): Json => contract.resolve(node as Json, '').node;

function bodySchemaOf(op: Json): Json | undefined {
  const body = op.requestBody ? resolve(op.requestBody) : undefined;
  return body?.content?.['application/json']?.schema ? resolve(body.content['application/json'].schema) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// What a stack trace or other internals look like in a body

const INTERNALS = [
  /\bat\s+(?:async\s+)?(?:[\w$.<>[\]]+\s+)?\(?(?:file:\/\/|\/|[A-Za-z]:\\)[^\s)]*:\d+:\d+/, // "at fn (/src/x.ts:1:2)"
  /node_modules/,
  /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|DriverException|QueryFailedError):\s/,
  /\/work\/|\/src\/\w+.*\.[jt]s\b/,
];

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

/** Strings that could be mistaken for internals in an echoed message never get generated. */
const clean = (s: string) => !INTERNALS.some((re) => re.test(s));

const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\uFEFF', '\u202Eevil', '😀', '\uD800', 'é', 'Ω≈ç√', '\r\n', '\t',
  '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://127.0.0.1:9/a}', '%00', '%',
  'null', 'true', '0', '-1', '1e309', 'NaN', '__proto__', 'constructor', 'prototype', '{{7*7}}',
];

const anyString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'é', '😀', '\u0000', '"'), fc.constantFrom(1_000, 20_000, 200_000))
        .map(([c, n]) => c.repeat(n)),
    },
  )
  .filter(clean);

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(-0),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ a: { b: { c: [1, [2, [3, { d: null }]]] } } }),
  fc.constant({ $gt: '' }),
  fc.jsonValue({ maxDepth: 3 }),
);

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'userId', 'id', 'owner', 'ownerId', '$where', ''];
const pollution = fc.tuple(
  fc.constantFrom(...POLLUTING_KEYS),
  fc.oneof(fc.constant({ isAdmin: true }), fc.constant({ prototype: { isAdmin: true } }), fc.constant(true), wrongType),
);

/** Loopback URLs on the discard port: valid for the URL policy of the test stack, and refused at once when scraped. */
const localUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('http://127.0.0.1:9', 'http://[::1]:9', 'http://localhost:9', 'HTTP://127.0.0.1:9', 'http://127.1:9', 'http://0x7f000001:9'),
    fc.oneof(fc.webPath(), fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => `/${s}`), fc.constantFrom('/?q=%00', '/#x', '')),
  )
  .map(([origin, path]) => origin + path);

/** URLs the URL policy refuses without asking DNS, and strings with no scheme at all. Never a real host. */
const refusedUrl: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)', 'ftp://127.0.0.1/', 'file:///etc/passwd', 'data:text/html,hi', 'http://169.254.169.254/latest/meta-data',
    'http://user:pw@127.0.0.1:9/', 'http://127.0.0.1:0/', 'http://127.0.0.1:9\\@127.0.0.2/', 'http://127.0.0.1:9/a\tb', 'http://0.0.0.0:9/',
    'http://224.0.0.1/', 'http://[fe80::1]/', 'http://[::ffff:169.254.169.254]/', '//127.0.0.1:9/', 'http://', 'http://[::1', 'http://127.0.0.1:99999/',
    `http://127.0.0.1:9/${'a'.repeat(2100)}`, `http://127.0.0.1:9/${'é'.repeat(800)}`,
  ),
  anyString.filter((s) => !/https?:|wss?:/i.test(s) && s.length < 5_000),
);

/**
 * Conforming values where the generic generator would be unsafe (urls: only loopback, never a real host) or
 * weak (region: fast-check cannot sample `\p{L}`).
 */
const CONFORMING: Record<string, fc.Arbitrary<unknown>> = {
  urls: fc.array(localUrl, { minLength: 1, maxLength: 3 }),
  region: fc.constantFrom('Москва', 'New York (NY)', 'Saint-Petersburg, 2', 'a'.repeat(64), '東京'),
};

/** Field-specific wrong values, on top of the generic ones. */
const WRONG: Record<string, fc.Arbitrary<unknown>> = {
  urls: fc.oneof(
    fc.array(fc.oneof(localUrl, refusedUrl), { minLength: 1, maxLength: 4 }),
    fc.constant([]),
    fc.constant(Array.from({ length: 10_001 }, () => 'x')),
    fc.array(wrongType, { minLength: 1, maxLength: 3 }),
  ),
  region: fc.constantFrom('a'.repeat(65), ' ', ' x ', 'x;drop', '<b>'),
};

function pattern(schema: Json): RegExp | undefined {
  if (typeof schema.pattern !== 'string') return undefined;
  try {
    return new RegExp(schema.pattern, /\\p\{/.test(schema.pattern) ? 'u' : '');
  } catch {
    return undefined;
  }
}

/** A value the JSON Schema accepts (strings of a pattern via fast-check's regex sampler). */
function conforming(schema: Json, name = ''): fc.Arbitrary<unknown> {
  if (CONFORMING[name]) return CONFORMING[name];
  const types = ([] as string[]).concat(schema.type ?? []);
  if (types.includes('string')) {
    const min = (schema.minLength as number) ?? 0;
    const max = (schema.maxLength as number) ?? 60;
    const re = pattern(schema);
    if (re) return fc.stringMatching(re).filter((s) => s.length >= min && s.length <= max && s.trim().length >= min);
    const cap = Math.max(min, Math.min(max, 40));
    return fc.oneof(fc.string({ minLength: min, maxLength: cap }), fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }));
  }
  if (types.includes('integer') || types.includes('number')) {
    return fc.integer({ min: (schema.minimum as number) ?? -1_000, max: Math.min((schema.maximum as number) ?? 1_000, 2 ** 31) });
  }
  if (types.includes('boolean')) return fc.boolean();
  if (types.includes('array')) {
    const min = (schema.minItems as number) ?? 0;
    return fc.array(schema.items ? conforming(resolve(schema.items)) : fc.jsonValue(), { minLength: min, maxLength: Math.max(min, 3) });
  }
  if (types.includes('object')) return entries(schema).map((list) => JSON.parse(encodeObject(list)) as unknown);
  return fc.jsonValue({ maxDepth: 2 });
}

/** A value the JSON Schema refuses, or one at its edges: wrong type, null, too short/long, huge, unicode. */
function wrong(schema: Json, name: string): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  if (typeof schema.maxLength === 'number') edges.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) edges.push('x'.repeat(schema.minLength - 1), ' '.repeat(schema.minLength));
  return fc.oneof(...(WRONG[name] ? [WRONG[name]] : []), ...(edges.length ? [fc.constantFrom(...edges)] : []), anyString, wrongType);
}

/**
 * Characters planted into otherwise valid strings. NUL and lone surrogates come first: JSON carries them,
 * JavaScript strings keep them, and PostgreSQL refuses them in text (NUL) and jsonb (both).
 */
const TAINT = fc.oneof(
  { weight: 5, arbitrary: fc.constant('\u0000') },
  { weight: 3, arbitrary: fc.constantFrom('\uD800', '\uDFFF', '\uDBFF', '\uDC00') },
  { weight: 6, arbitrary: fc.constantFrom('\u0001', '\u001f', '\u007f', '\u202E', '\uFEFF', '\u2028', '😀', 'é', '\\', '"', "'", '%00', '\t', '\r\n') },
);

/** A string field with no pattern or format: the schema lets any character through, so plant odd ones. */
const isFreeText = (schema: Json): boolean =>
  (([] as string[]).concat(schema.type ?? []).includes('string') && !schema.pattern && !schema.format) ||
  (schema.type === 'array' && !!schema.items && isFreeText(resolve(schema.items)));

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace' | 'duplicate'; field: string; value: unknown }
  | { kind: 'drop'; field: string }
  | { kind: 'taint'; field: string; char: string; at: 'start' | 'middle' | 'end' };

/** Where a URL's authority ends: a character planted into a host could turn it into a name that needs DNS. */
const authorityEnd = (s: string) => /^[a-z]+:\/\/[^/?#]*/i.exec(s)?.[0].length ?? 0;

function plant(value: unknown, char: string, at: 'start' | 'middle' | 'end'): unknown {
  if (typeof value === 'string') {
    const i = at === 'start' ? 0 : at === 'end' ? value.length : Math.max(authorityEnd(value), Math.floor(value.length / 2));
    return value.slice(0, i) + char + value.slice(i);
  }
  if (Array.isArray(value) && value.length > 0) {
    const i = at === 'start' ? 0 : at === 'end' ? value.length - 1 : Math.floor(value.length / 2);
    return value.map((v, j) => (j === i ? plant(v, char, at) : v));
  }
  return value;
}

function mutate(list: [string, unknown][], m: Mutation): [string, unknown][] {
  switch (m.kind) {
    case 'none':
      return list;
    case 'drop':
      return list.filter(([k]) => k !== m.field);
    case 'duplicate':
      return [...list, [m.field, m.value]];
    case 'replace':
      return list.some(([k]) => k === m.field) ? list.map(([k, v]) => [k, k === m.field ? m.value : v]) : [...list, [m.field, m.value]];
    case 'taint':
      return list.some(([k]) => k === m.field) ? list.map(([k, v]) => [k, k === m.field ? plant(v, m.char, m.at) : v]) : [...list, [m.field, m.char]];
  }
}

/**
 * An object body as key/value entries (so duplicate and `__proto__` keys survive into the JSON text): a valid
 * body, then at most one mutation of one field (nasty characters planted into free text, a wrong value, the field
 * dropped or sent twice), and sometimes extra keys such as `__proto__`, `constructor` or `isAdmin`.
 */
function entries(schema: Json): fc.Arbitrary<[string, unknown][]> {
  const props = Object.entries((schema.properties as Json) ?? {}).map(([name, prop]) => [name, resolve(prop)] as const);
  const required = new Set<string>((schema.required as string[]) ?? []);
  const base = fc.tuple(
    ...props.map(([name, prop]) =>
      required.has(name)
        ? conforming(prop, name).map((v): [string, unknown][] => [[name, v]])
        : fc.option(conforming(prop, name), { nil: undefined }).map((v): [string, unknown][] => (v === undefined ? [] : [[name, v]])),
    ),
  );
  const free = props.filter(([, prop]) => isFreeText(prop)).map(([name]) => name);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    ...(free.length
      ? [{ weight: 6, arbitrary: fc.record({ kind: fc.constant('taint' as const), field: fc.constantFrom(...free), char: TAINT, at: fc.constantFrom('start' as const, 'middle' as const, 'end' as const) }) }]
      : []),
    ...props.map(([name, prop]) => ({
      weight: 1,
      arbitrary: fc.oneof(
        { weight: 3, arbitrary: wrong(prop, name).map((value): Mutation => ({ kind: 'replace', field: name, value })) },
        { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'drop', field: name }) },
        { weight: 1, arbitrary: fc.oneof(conforming(prop, name), wrong(prop, name)).map((value): Mutation => ({ kind: 'duplicate', field: name, value })) },
      ),
    })),
  );
  const extras = fc.oneof(
    { weight: 8, arbitrary: fc.constant<[string, unknown][]>([]) },
    { weight: 2, arbitrary: fc.array(pollution, { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(anyString.filter((s) => s.length < 100), wrongType), { minLength: 1, maxLength: 2 }) },
  );
  return fc.tuple(base, mutation, extras).map(([b, m, x]) => [...mutate(b.flat(), m), ...x]);
}

function encodeObject(list: [string, unknown][]): string {
  return `{${list.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

const RAW_BODIES = [
  '', '{', '}', '{"urls": [', 'null', 'true', '0', '[]', '"text"', '{"a":1}{"b":2}', '\uFEFF{}', "{'a':1}", 'NaN', '{"a":1,}',
  '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}', `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`, '{"username":"\\ud800","password":"\\u0000"}',
];

/** A request body as text (undefined: none), driven by the operation's request schema when it has one. */
function bodyArb(op: Json): fc.Arbitrary<string | undefined> {
  const schema = bodySchemaOf(op);
  const structured = schema ? entries(schema).map(encodeObject) : fc.constant('{}');
  return fc.oneof(
    { weight: 12, arbitrary: structured },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: anyString },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Header values fetch can send (Latin-1, no CR/LF/NUL). */
const headerSafe = (s: string) => /^[\x20-\x7e\x80-\xff]*$/.test(s) && s.trim() === s;

const contentTypeArb = fc.oneof(
  { weight: 30, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=utf-99',
      'APPLICATION/JSON', 'application/merge-patch+json', 'application/problem+json', 'text/plain', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', 'application/json, text/plain', 'application/jsonp', ';;;', '', '*/*', 'application/json; charset=',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).filter(headerSafe) },
);

/** Headers from the operation's header parameters (schema-driven) plus the odd ones any client may send. */
function headersArb(op: Json): fc.Arbitrary<Record<string, string>> {
  const headerParams = ((op.parameters ?? []) as Json[]).map(resolve).filter((p) => p.in === 'header');
  const params = headerParams.map((p) =>
    fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: conforming(resolve(p.schema)).map(String) },
        {
          weight: 2,
          arbitrary: fc.constantFrom('', ' ', 'a b', 'é', 'ÿÿÿ', 'x'.repeat(129), 'x'.repeat(4_000), '\t', 'key\twith-tab', '"quoted"', '0', '-1', 'null'),
        },
        { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) },
      )
      .map((v) => [p.name as string, v] as const),
  );
  const odd = fc.record(
    {
      'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
      origin: fc.constantFrom('null', 'https://evil.example', 'not a url', 'http://127.0.0.1'),
      accept: fc.constantFrom('text/html', '*/*', 'application/xml', ''),
      'accept-language': fc.constantFrom('ru-RU,ru;q=0.9', 'x'.repeat(2_000)),
      authorization: fc.constantFrom('Bearer nope', `Bearer pct_${'A'.repeat(43)}`, 'Basic dXNlcjpwYXNz'),
    },
    { requiredKeys: [] },
  );
  return fc.tuple(fc.tuple(...params), contentTypeArb, fc.oneof({ weight: 7, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: odd })).map(
    ([ps, contentType, extra]) => {
      const headers: Record<string, string> = { 'content-type': contentType, ...(extra as Record<string, string>) };
      for (const [name, value] of ps) if (value !== undefined && headerSafe(value)) headers[name] = value;
      return headers;
    },
  );
}

const ODD_IDS = [
  'abc', '-1', '0', '00', '01', '1e9', '1.5', '0x10', '2147483647', '2147483648', '9999999999', '99999999999', '%00',
  encodeURIComponent('ид'), encodeURIComponent('😀'), '%2e', 'a'.repeat(5_000), '1%2F2', '%20 1', '1;drop', '__proto__', 'constructor',
  'null', 'undefined', 'NaN', 'Infinity',
];

/** Percent signs that do not start a valid UTF-8 escape. */
const BAD_PERCENT = ['%', '%ZZ', '%E0%A4%A', '%C0%AF', '%u0041', '100%', '%%30'];

/** Path ids: odd ones, random ones (URL-encoded, so they stay one segment), and real ids of this user and another. */
function idArb(ownIds: () => number[], foreignIds: () => number[]): fc.Arbitrary<{ raw: string; kind: 'odd' | 'own' | 'foreign' | 'random' }> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD_IDS).map((raw) => ({ raw, kind: 'odd' as const })) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_PERCENT).map((raw) => ({ raw, kind: 'odd' as const })) },
    { weight: 2, arbitrary: fc.nat({ max: 2 ** 31 }).map((n) => ({ raw: String(n), kind: 'random' as const })) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
        .map((s) => encodeURIComponent(s))
        .filter((s) => !/^(\.|%2e){1,2}$/i.test(s))
        .map((raw) => ({ raw, kind: 'random' as const })),
    },
    { weight: 2, arbitrary: fc.nat().map((n) => ({ raw: String(pick(ownIds(), n) ?? 1), kind: 'own' as const })) },
    { weight: 1, arbitrary: fc.nat().map((n) => ({ raw: String(pick(foreignIds(), n) ?? 1), kind: 'foreign' as const })) },
  );
}

const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/** Query strings: schema-driven from the query parameters, plus junk every endpoint must ignore or refuse. */
function queryArb(op: Json): fc.Arbitrary<string> {
  const queryParams = ((op.parameters ?? []) as Json[]).map(resolve).filter((p) => p.in === 'query');
  const oddValue = fc.constantFrom('', '-1', '0', '1e3', '1.5', '0x10', '9007199254740991', '9007199254740993', '1e309', 'abc', '%00', '%', ' 5', '٣', 'null');
  const pairs = queryParams.map((p) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 2, arbitrary: conforming(resolve(p.schema)).map((v) => [`${p.name}=${encodeURIComponent(String(v))}`]) },
      { weight: 3, arbitrary: oddValue.map((v) => [`${p.name}=${v}`]) },
      { weight: 1, arbitrary: fc.constantFrom([`${p.name}=1`, `${p.name}=2`], [`${p.name}[]=1`], [`${p.name}[a]=1`], [p.name]) },
    ),
  );
  const junk = fc.oneof(
    { weight: 4, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom(['&&&'], ['__proto__[isAdmin]=1'], ['a=%E0%A4%A'], [`q=${'x'.repeat(3_000)}`], ['%'], ['=']) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => [`${encodeURIComponent(s)}=${encodeURIComponent(s)}`]) },
  );
  return fc.tuple(fc.tuple(...pairs), junk).map(([ps, j]) => [...ps.flat(), ...j].join('&'));
}

// ---------------------------------------------------------------------------------------------------------------

describe('API fuzzing against the OpenAPI document', function () {
  this.timeout(120_000);
  let stack: Stack;
  let member: ApiClient;
  let memberName: string;
  let other: ApiClient;
  /** Task ids by resource: the member's own and another user's. */
  const ownIds: Record<string, number[]> = {};
  const foreignIds: Record<string, number[]> = {};
  /** Every task the member has, by `resource/id`; cancelled after the tests. */
  const created = new Map<string, { resource: string; id: number }>();
  const remember = (resource: string, id: number) => {
    created.set(`${resource}/${id}`, { resource, id });
    (ownIds[resource] ??= []).push(id);
  };
  const stats = { requests: 0, ms: 0, byStatus: new Map<number, number>() };

  before(async () => {
    stack = await getStack();
    member = new ApiClient(stack.apiUrl);
    memberName = await member.signUp('fuzz');
    other = new ApiClient(stack.apiUrl);
    await other.signUp('fuzz-other');
    for (const { resource } of ALL_KIND_DEFINITIONS) {
      const mine = await member.post(`/api/${resource}`, { urls: ['http://127.0.0.1:9/own'] });
      const theirs = await other.post(`/api/${resource}`, { urls: ['http://127.0.0.1:9/theirs'] });
      expect([mine.status, theirs.status], resource).to.deep.equal([202, 202]);
      remember(resource, mine.body.id);
      (foreignIds[resource] ??= []).push(theirs.body.id);
    }
  });

  after(async function () {
    this.timeout(60_000);
    if (!member) return;
    const theirs = Object.entries(foreignIds).flatMap(([resource, ids]) => ids.map((id) => ({ resource, id })));
    for (const { resource, id } of created.values()) await member.post(`/api/${resource}/${id}/cancel`);
    for (const { resource, id } of theirs) await other.post(`/api/${resource}/${id}/cancel`);
    // Wait (briefly, best effort) until the cancellations took effect, so no scrape outlives this file.
    const deadline = Date.now() + 20_000;
    for (const [api, { resource, id }] of [...[...created.values()].map((t) => [member, t] as const), ...theirs.map((t) => [other, t] as const)]) {
      await api.waitForTask(id, Math.max(0, deadline - Date.now()), resource).catch(() => undefined);
    }
    if (stats.requests > 0) {
      const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(`      fuzz: ${stats.requests} requests in ${(stats.ms / 1000).toFixed(1)} s (seed ${FUZZ_SEED}); ${statuses.join(' ')}; ${created.size} tasks created and cancelled`);
    }
  });

  describe('the document', () => {
    it('when served, then it is the document the code builds, and /api/docs is Swagger UI from local assets with no inline script', async () => {
      const api = new ApiClient(stack.apiUrl);
      const served = await api.get('/api/docs/openapi.json');
      expect(served.status).to.equal(200);
      expect(served.headers.get('content-type')).to.match(/^application\/json/);
      expect(served.body).to.deep.equal(JSON.parse(JSON.stringify(document)));

      const page = await api.get('/api/docs');
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      expect(/script-src ([^;]*)/.exec(page.headers.get('content-security-policy') ?? '')?.[1], 'scripts only from this server').to.equal("'self'");
      expect(page.text).to.not.match(/https?:\/\//i);
      expect(page.text).to.not.match(/<script>(?!<\/script>)/);
      const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(sources).to.include.members(['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-ui.css', '/api/docs/swagger-init.js']);
      for (const source of sources) expect((await api.get(source)).status, source).to.equal(200);
      const init = await api.get('/api/docs/swagger-init.js');
      expect(init.headers.get('content-type')).to.match(/^text\/javascript/);
      expect(init.text).to.include('"/api/docs/openapi.json"').and.include('validatorUrl: null');
      // Only the files the page needs: the package's own index.html would load the petstore.
      expect((await api.get('/api/docs/assets/index.html')).status).to.equal(404);
      expect((await api.get('/api/docs/assets/swagger-initializer.js')).status).to.equal(404);
    });

    it('when a body carries fields such as isAdmin, then the document refuses them and so does the API', async () => {
      for (const operationId of ['register', 'login', ...ALL_KIND_DEFINITIONS.map((k) => `create${k.schemaName}Task`)]) {
        const { op } = operations.find((o) => o.op.operationId === operationId)!;
        const schema = bodySchemaOf(op)!;
        expect(schema.additionalProperties, operationId).to.equal(false);
        expect(schema.properties, operationId).to.not.have.property('isAdmin');
      }
      const anon = new ApiClient(stack.apiUrl);
      const name = `fuzz-admin-${Date.now()}`;
      const refused = [
        await anon.post('/api/auth/register', { username: name, email: `${name}@example.test`, password: PASSWORD, isAdmin: true }),
        await anon.post('/api/auth/login', { username: memberName, password: PASSWORD, isAdmin: true }),
        ...(await Promise.all(ALL_KIND_DEFINITIONS.map((k) => member.post(`/api/${k.resource}`, { urls: ['http://127.0.0.1:9/x'], isAdmin: true })))),
      ];
      expect(refused.map((r) => r.status)).to.deep.equal(refused.map(() => 400));
    });
  });

  describe('fuzzing every operation', () => {
    /** Sends one request the way an arbitrary client could, and records it. */
    async function send(req: FuzzRequest): Promise<ApiResponse> {
      const client = req.auth === 'member' ? member : new ApiClient(stack.apiUrl);
      const headers = { ...req.headers, ...(req.auth === 'forged-cookie' ? { cookie: 'pc.sid=s%3Aforged.c2lnbmF0dXJl; other=1' } : {}) };
      const started = Date.now();
      const res = await client.request(req.method, req.url, req.body, headers);
      stats.requests++;
      stats.ms += Date.now() - started;
      stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
      if (TRACE) console.error(`${res.status} ${req.method} ${req.url.slice(0, 80)} ${req.auth} ${JSON.stringify(req.headers).slice(0, 100)} ${JSON.stringify(req.body?.slice(0, 160))}`);
      return res;
    }

    function check(req: FuzzRequest, operation: Operation, res: ApiResponse): void {
      const contentType = res.headers.get('content-type') ?? '';
      const fail = (why: string) => {
        const body = req.body === undefined ? '(none)' : `${JSON.stringify(req.body.slice(0, 300))}${req.body.length > 300 ? `… (${req.body.length} chars)` : ''}`;
        throw new Error(
          `${why}\n  request: ${req.method} ${req.url.slice(0, 300)} as ${req.auth}\n  headers: ${JSON.stringify(req.headers).slice(0, 300)}\n  body: ${body}\n` +
            `  response: ${res.status} ${contentType} ${res.text.slice(0, 500)}`,
        );
      };
      if (res.status >= 500) fail(`server error ${res.status}`);
      const leak = INTERNALS.find((re) => re.test(res.text));
      if (leak) fail(`the body leaks internals (${leak})`);
      if (res.status >= 400) {
        if (!/^application\/problem\+json/.test(contentType)) fail('a 4xx that is not application/problem+json');
        if (res.body?.status !== res.status || typeof res.body?.title !== 'string') fail('a problem body without matching status and title');
      }
      if (!req.routed) return;
      if (req.idKind === 'foreign' && req.auth === 'member' && res.status < 400) fail("another user's task is visible");
      const errors = contract.check(operation, res);
      if (errors.length) fail(`the response breaks the document (ajv): ${errors.join('; ')}`);
    }

    for (const operation of operations) {
      const { path, method, op } = operation;
      const runs = Math.round(budget(op.operationId) * RUNS_FACTOR);
      const resource = resourceOf(path);
      it(`when ${method} ${path} gets arbitrary input (signed in and anonymous), then no 5xx, problem+json errors, documented statuses and no internals`, async function () {
        if (!runs) throw new Error(`no fuzz budget for ${op.operationId}`);
        this.timeout(60_000 * Math.max(1, RUNS_FACTOR));
        const requestArb = fc.record({
          auth: fc.constantFrom<Auth>('member', 'member', 'member', 'anonymous', 'forged-cookie'),
          id: idArb(() => ownIds[resource ?? ''] ?? [], () => foreignIds[resource ?? ''] ?? []),
          query: queryArb(op),
          headers: headersArb(op),
          body: method === 'GET' ? fc.constant(undefined) : bodyArb(op),
        });
        const property = fc.asyncProperty(requestArb, async ({ auth, id, query, headers, body }) => {
          const usesId = path.includes('{id}');
          const req: FuzzRequest = {
            method,
            template: path,
            url: path.replace('{id}', id.raw) + (query ? `?${query}` : ''),
            auth,
            headers,
            body,
            routed: !(usesId && id.raw === '%2e'),
            idKind: usesId ? id.kind : undefined,
          };
          // Sign-out ends the session it is sent with: give the signed-in case a session of its own.
          if (op.operationId === 'logout' && auth === 'member') return checkLogout(req);
          const res = await send(req);
          record(req, () => check(req, operation, res));
          if (resource && res.status < 300 && typeof res.body?.workflowId === 'string') remember(resource, res.body.id);
        });

        async function checkLogout(req: FuzzRequest) {
          const session = new ApiClient(stack.apiUrl);
          const login = await session.post('/api/auth/login', { username: memberName, password: PASSWORD });
          expect(login.status).to.equal(200);
          const started = Date.now();
          const res = await session.request(req.method, req.url, req.body, req.headers);
          stats.requests += 2;
          stats.ms += Date.now() - started;
          stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
          record(req, () => check(req, operation, res));
        }

        /** Contract violations are collected, not thrown, so one run reports every distinct one (grouped by kind). */
        const violations = new Map<string, { examples: string[]; count: number }>();
        function record(req: FuzzRequest, run: () => void) {
          try {
            run();
          } catch (err) {
            const message = (err as Error).message;
            const kind = `${message.split('\n')[0]} @ ${req.method} ${req.template}`;
            const seen = violations.get(kind) ?? { examples: [], count: 0 };
            seen.count++;
            if (seen.examples.length < 3) seen.examples.push(message);
            violations.set(kind, seen);
          }
        }

        // Anything thrown inside the property (a refused connection, a timeout) still fails at once, with fast-check's report.
        await fc.assert(property, { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true });
        if (violations.size > 0) {
          const report = [...violations.entries()].map(([kind, { examples, count }]) => `${count}× ${kind}; e.g.\n${examples.join('\n')}`).join('\n\n');
          throw new Error(`${violations.size} kind(s) of contract violation in ${runs} runs (FUZZ_SEED=${FUZZ_SEED}):\n\n${report}`);
        }
      });
    }
  });
});

interface FuzzRequest {
  method: string;
  /** The documented path, e.g. /api/offer-tasks/{id}. */
  template: string;
  url: string;
  auth: Auth;
  headers: Record<string, string>;
  body: string | undefined;
  /** False when the id makes the URL parser send the request elsewhere ("%2e" is a dot segment). */
  routed: boolean;
  idKind?: 'odd' | 'own' | 'foreign' | 'random';
}
