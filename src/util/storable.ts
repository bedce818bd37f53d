/**
 * PostgreSQL `text` and `jsonb` cannot hold NUL, and a scraped page can put one anywhere (a JSON-LD string with
 * `\u0000`). Stored scraped text goes through these, so a hostile page cannot fail its own write.
 */
export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.replace(/\u0000/g, '') : value) as T;
}

/** A JSON value without NUL characters in any string, key or value. */
export function storableJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/\\u0000/g, '')) as T;
}
