/**
 * The one error type the URL guard throws.
 *
 * Why a dedicated class with a machine-readable `reason`: the API layer maps
 * it to a 4xx answer with a human message, workers map it to a non-retryable
 * failure (retrying a refused URL can never succeed), and tests assert on the
 * reason rather than on message wording.
 *
 * @module
 */

/** Why a URL was refused. Stable identifiers: safe to persist, log and switch on. */
export type UnsafeUrlReason =
  | 'invalid-url'
  | 'scheme-not-allowed'
  | 'userinfo-not-allowed'
  | 'backslash-not-allowed'
  | 'too-long'
  | 'port-not-allowed'
  | 'non-public-address'
  | 'unresolvable-host';

/** Longest input kept on {@link UnsafeUrlError.url}, so a 10 MB submission does not end up in every log line. */
const MAX_KEPT_URL_CHARS = 2048;

/** Options for details that are useful in logs but must not always reach the end user. */
export interface UnsafeUrlErrorDetails {
  /**
   * The offending IP address, when the refusal is about an address. Set even
   * when the message deliberately omits it (a DNS name resolving to an
   * internal address: echoing that address to the user would turn the
   * scraper into an oracle for our internal DNS).
   */
  address?: string;
}

/**
 * Thrown when a URL must not be fetched. `message` tells a user what is wrong
 * and what to do; `reason` is for code; `url` is the submitted input (cut at
 * 2,048 characters).
 */
export class UnsafeUrlError extends Error {
  readonly reason: UnsafeUrlReason;
  readonly url: string;
  /** See {@link UnsafeUrlErrorDetails.address}. For logs, not for users. */
  readonly address: string | undefined;

  constructor(reason: UnsafeUrlReason, url: string, message: string, details: UnsafeUrlErrorDetails = {}) {
    super(message);
    this.name = 'UnsafeUrlError';
    this.reason = reason;
    this.url = typeof url === 'string' ? url.slice(0, MAX_KEPT_URL_CHARS) : String(url);
    this.address = details.address;
  }
}

/**
 * Render untrusted input for inclusion in a message: shortened, with control
 * characters escaped so a submitted URL cannot forge log lines.
 */
export function displayUrl(raw: string, max = 120): string {
  const short = raw.length > max ? `${raw.slice(0, max)}…` : raw;
  return short.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
