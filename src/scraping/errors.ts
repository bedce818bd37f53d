/**
 * Scrape failures, named by what happens when they are thrown. `code` is stored on the product for machines,
 * `message` says what went wrong and what to do, for people.
 */
export abstract class ScrapeError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Trying again will not help: the page is gone, the URL is refused, the page has no price. */
export class PermanentScrapeError extends ScrapeError {
  readonly retryable = false;
}

/** A passing fault (5xx, timeout, browser crash): retried with backoff. */
export class RetryableScrapeError extends ScrapeError {
  readonly retryable = true;
}

/** The site refused us (403, 429, captcha/anti-bot page): retried with longer backoff, never stored as a price. */
export class BlockedScrapeError extends ScrapeError {
  readonly retryable = true;
}

/** The page or one of its redirects pointed at an address the URL policy forbids; nothing internal was fetched. */
export class ForbiddenTargetError extends ScrapeError {
  readonly retryable = false;
}
