/**
 * Lenient JSON reading for data that pages embed by hand: JSON-LD with HTML
 * comments, raw newlines inside strings or trailing commas, and JS state
 * assignments (`window.__STATE__ = {...};`) whose object must be cut out of a
 * script before it can be parsed.
 */

/** Parses JSON, retrying once after repairing the usual hand-written mistakes. */
export function parseLenientJson(text: string): unknown {
  // What `.replace(/^<!--|-->$/g, '')` then `.replace(/^\/\/<!\[CDATA\[|\/\/\]\]>$/g, '')` did, without scanning megabytes for the ends.
  const trimmed = cutEnds(cutEnds(text.trim(), '<!--', '-->'), '//<![CDATA[', '//]]>').trim();
  if (!trimmed) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(repair(trimmed));
    } catch {
      return undefined;
    }
  }
}

/** Drops `head` from the start and `tail` from the end of the text (the tail only after the head, never overlapping it). */
function cutEnds(text: string, head: string, tail: string): string {
  let t = text.startsWith(head) ? text.slice(head.length) : text;
  if (t.endsWith(tail)) t = t.slice(0, t.length - tail.length);
  return t;
}

/**
 * Inside strings, raw newlines and tabs become spaces (an escaped character is kept as written); then trailing
 * commas go, `undefined` becomes `null` and a comma missing at the end of a line is added. Strings are found with indexOf and rewritten in slices, so scripts of
 * megabytes are repaired in linear time without building the output character by character.
 */
function repair(text: string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('"', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    parts.push(text.slice(i, open + 1));
    let close = open + 1;
    while (close < text.length) {
      const ch = text.charCodeAt(close);
      if (ch === 92) close += 2; // backslash: the next character is kept whatever it is
      else if (ch === 34) break;
      else close++;
    }
    parts.push(text.slice(open + 1, Math.min(close, text.length)).replace(/\\[\s\S]|[\n\r\t]/g, (m) => (m.length === 2 ? m : ' ')));
    if (close >= text.length) break;
    parts.push('"');
    i = close + 1;
  }
  // A property missing its comma at the end of a line (`"itemCondition": "…NewCondition"⏎ "priceCurrency": …`):
  // strings hold no raw newlines any more, so a value end, a line break and a quote are two members.
  return parts.join('').replace(/,\s*([}\]])/g, '$1').replace(/\bundefined\b/g, 'null')
    .replace(/(["\d}\]]|true|false|null)([ \t]*\r?\n\s*")/g, '$1,$2');
}

/**
 * Returns the balanced `{...}` or `[...]` literal starting at or after `from`,
 * respecting strings, or undefined if it never closes.
 */
export function sliceBalanced(text: string, from: number): string | undefined {
  let start = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '{' || ch === '[') { start = i; break; }
    if (!/\s|=|\(/.test(ch)) return undefined;
  }
  if (start < 0) return undefined;
  // Character codes, not one-character strings: scripts of megabytes are scanned here.
  let depth = 0;
  let quote = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === BACKSLASH) i++;
      else if (ch === quote) quote = 0;
      continue;
    }
    if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) quote = ch;
    else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) depth++;
    else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
