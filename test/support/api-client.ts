import crypto from 'node:crypto';
import { sharedMailbox, tokenFrom } from './mailbox.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body as sent, before any JSON parsing. */
  text: string;
}

/** Sees every response a client gets, e.g. to check it against the OpenAPI document. */
export type ResponseObserver = (method: string, path: string, res: ApiResponse) => void;

/** A tiny HTTP client with a cookie jar of one session, like a browser or a script would use the API. */
export class ApiClient {
  private cookie: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly observe?: ResponseObserver,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    } else if (method !== 'GET') {
      h['content-type'] ??= 'application/json';
    }
    return this.finish(method, path, await fetch(this.baseUrl + path, init));
  }

  /** Keeps the session cookie, parses JSON bodies (other bodies stay text) and shows the response to the observer. */
  private async finish<T>(method: string, path: string, res: Response): Promise<ApiResponse<T>> {
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    const out = { status: res.status, headers: res.headers, body: parsed as T, text };
    this.observe?.(method, path, out);
    return out;
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  /** Uploads one file as `multipart/form-data` in the field `file` (plus text fields), as a browser form would. */
  async upload<T = any>(path: string, file: { name: string; content: string }, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    const res = await fetch(this.baseUrl + path, { method: 'POST', body: form, headers: h, redirect: 'manual' });
    return this.finish('POST', path, res);
  }

  /**
   * Registers a fresh user, confirms the email address through the real confirmation email (read from the test
   * stack's SMTP server; `confirm: false` leaves it unconfirmed) and signs in; returns the user's name.
   */
  async signUp(prefix = 'user', options: { confirm?: boolean; firstName?: string } = {}): Promise<string> {
    const username = `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
    const password = 'correct horse battery staple';
    const email = `${username}@example.test`;
    const reg = await this.post('/api/auth/register', { username, email, password, ...(options.firstName !== undefined ? { firstName: options.firstName } : {}) });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
    if (options.confirm ?? true) {
      const mailbox = sharedMailbox();
      if (!mailbox) throw new Error('signUp confirms through the test stack\'s mailbox: start it (getStack()) first, or pass { confirm: false }');
      const mail = await mailbox.waitFor(email, { subject: /confirm/i });
      const confirmed = await this.post('/api/auth/confirm', { token: tokenFrom(mail) });
      if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    }
    const login = await this.post('/api/auth/login', { username, password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    return username;
  }

  /** Polls a task until it reaches a terminal status (or the deadline passes) and returns its last view. */
  async waitForTask(id: number, timeoutMs = 60_000, resource = 'offer-tasks'): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.get(`/api/${resource}/${id}`);
      if (['completed', 'partially_completed', 'failed', 'cancelled'].includes(res.body?.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`task ${id} did not finish in ${timeoutMs} ms; last view: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
