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

function repair(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch === '\n' || ch === '\r' || ch === '\t' ? ' ' : ch;
      continue;
    }
    if (ch === '"') inString = true;
    out += ch;
  }
  return out.replace(/,\s*([}\]])/g, '$1').replace(/\bundefined\b/g, 'null');
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
