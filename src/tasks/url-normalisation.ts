/**
 * The form a product URL is stored and scraped in, so the same page submitted twice is one product: no fragment
 * (never sent to the server), no tracking parameters (they never change the page), the rest as the WHATWG parser
 * canonicalises it (lower-case host, default port dropped, percent-encoding normalised).
 */
const TRACKING_PARAM = /^(?:utm_[a-z_]+|gclid|gbraid|wbraid|fbclid|yclid|ysclid|msclkid|mc_cid|mc_eid|_openstat|from_sf|_ga|_gl)$/i;

export function normaliseProductUrl(url: URL): string {
  const out = new URL(url.href);
  out.hash = '';
  for (const key of [...out.searchParams.keys()]) if (TRACKING_PARAM.test(key)) out.searchParams.delete(key);
  if ([...out.searchParams.keys()].length === 0) out.search = '';
  return out.href;
}
