import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { assertSafeUrl, createSafeLookup, UnsafeUrlError, type UrlPolicy } from '../security/index.js';

/** Header carrying the body's signature: `sha256=<hex HMAC-SHA256 of the raw body, keyed with the webhook's secret>`. */
export const SIGNATURE_HEADER = 'X-Signature';
/** Header carrying the alert id: the same on every retry of one alert, so receivers can drop repeats. */
export const ALERT_ID_HEADER = 'X-Alert-Id';

/** `sha256=<hex>` of `body` under `secret`: what `X-Signature` carries. */
export function signBody(body: string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether `signature` is the signature of `body` under `secret` (constant-time comparison). */
export function verifySignature(body: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** The receiver refused or the request failed; `permanent` when retrying cannot help (the URL gate refused it). */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export interface WebhookPostOptions {
  policy: UrlPolicy;
  /** One deadline for the gate, connection, request and answer. */
  timeoutMs: number;
}

/**
 * POSTs a signed JSON body once. The URL passes the URL gate now, and the socket connects only to addresses the
 * gate's look-up allows (a DNS change since the URL was saved cannot reach an internal address). Redirects are not
 * followed: a 3xx is a failure like any non-2xx answer. Resolves on 2xx, throws `WebhookError` otherwise.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, options: WebhookPostOptions): Promise<void> {
  let target: URL;
  try {
    target = (await assertSafeUrl(url, options.policy)).url;
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw new WebhookError(`the webhook URL is refused: ${err.message}`, true);
    throw err;
  }
  const client = target.protocol === 'https:' ? https : http;
  const status = await new Promise<number>((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      lookup: createSafeLookup(options.policy),
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'price-collector-webhook/1', ...headers },
    });
    req.on('response', (res) => {
      // The answer's body is of no interest; reading it lets the socket close cleanly.
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', (err: Error) => {
      if (err instanceof UnsafeUrlError) reject(new WebhookError(`the webhook URL is refused: ${err.message}`, true));
      else if (err.name === 'AbortError' || err.name === 'TimeoutError') reject(new WebhookError(`no answer within ${options.timeoutMs} ms`, false));
      else reject(new WebhookError(err.message, false));
    });
    req.end(body);
  });
  if (status < 200 || status >= 300) {
    const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
    throw new WebhookError(`the receiver answered HTTP ${status}${redirect}`, false);
  }
}
