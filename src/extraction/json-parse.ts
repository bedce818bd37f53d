/**
 * Lenient JSON reading for data that pages embed by hand: JSON-LD with HTML
 * comments, raw newlines inside strings or trailing commas, and JS state
 * assignments (`window.__STATE__ = {...};`) whose object must be cut out of a
 * script before it can be parsed.
 */

/** Parses JSON, retrying once after repairing the usual hand-written mistakes. */
export function parseLenientJson(text: string): unknown {
  const trimmed = text.trim().replace(/^<!--|-->$/g, '').replace(/^\/\/<!\[CDATA\[|\/\/\]\]>$/g, '').trim();
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
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
