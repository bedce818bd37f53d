/**
 * Errors of the domain, each carrying what it means over HTTP. Services throw them; the API's one error handler
 * renders them as problem+json, so routes hold no try/catch for mapping.
 */
export class DomainError extends Error {
  constructor(
    /** HTTP status the error means. */
    readonly status: number,
    /** Short, stable summary (problem+json `title`). */
    readonly title: string,
    /** What happened and what to do, for people (problem+json `detail`). */
    readonly detail: string,
    /** Extra members of the problem body (e.g. `errors`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

/** The request was well-formed, but its content cannot be processed (e.g. URLs that may not be scraped). */
export class UnprocessableError extends DomainError {
  constructor(title: string, detail: string, extra: Record<string, unknown> = {}) {
    super(422, title, detail, extra);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(429, 'Too Many Requests', detail, extra);
  }
}

/** A dependency (Temporal, the database) is not available; the client may retry. */
export class UnavailableError extends DomainError {
  constructor(detail: string) {
    super(503, 'Service Unavailable', detail);
  }
}
