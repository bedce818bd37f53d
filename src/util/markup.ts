const MARKUP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and SVG (content and quoted attributes): scraped and user-supplied text is hostile. */
export function escapeMarkup(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => MARKUP_ESCAPES[c]!);
}
