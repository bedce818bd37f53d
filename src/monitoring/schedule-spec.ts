/**
 * Parsing of the two ways a schedule says when to run: `every` (an ISO 8601 duration) and `cron` (five fields).
 * The server parses them too, but only after the row is stored; checking here turns a typo into a 400 and lets the
 * minimum interval be enforced before anything is created.
 */

const DURATION = /^P(?!$)(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?!$)(?:(\d{1,6})H)?(?:(\d{1,7})M)?(?:(\d{1,9})S)?)?$/;

/** Seconds of an ISO 8601 duration without years and months (their length varies); null when it is not one. */
export function durationSecs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
}

/** The values one cron field allows (numbers, `*`, ranges, lists, steps); null when the field is malformed. */
function expandField(field: string, min: number, max: number): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(?:\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m) return null;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    const lo = m[1] !== undefined ? Number(m[1]) : min;
    const hi = m[2] !== undefined ? Number(m[2]) : m[1] !== undefined && m[3] === undefined ? lo : max;
    if (lo < min || hi > max || lo > hi || step < 1) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

const FIELD_RANGES: [number, number][] = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 6], // day of week (0 = Sunday)
];

/**
 * The shortest time in seconds between two runs of a five-field cron expression within a day (day fields can
 * only make runs rarer, so this is a safe lower bound); null when the expression is malformed.
 */
export function cronMinGapSecs(expression: string): number | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const values = fields.map((f, i) => expandField(f, FIELD_RANGES[i]![0], FIELD_RANGES[i]![1]));
  if (values.some((v) => v === null || v.length === 0)) return null;
  const [minutes, hours] = values as [number[], number[]];
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m));
  let gap = times[0]! + 1440 - times[times.length - 1]!;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap * 60;
}

/** Whether the runtime (and so, in practice, Temporal's tz database) knows this IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}
