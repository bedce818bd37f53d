import { decodeBuffer, getEncoding, type SnifferOptions } from 'encoding-sniffer';

/** How far into the bytes a `<meta charset>` is looked for; some shops put it after a long `<head>` preamble. */
const CHARSET_SNIFF_BYTES = 4096;

/** UTF-8 as the WHATWG decoder reads it: a byte-order mark dropped, invalid sequences as U+FFFD (as iconv-lite does). */
const UTF8 = new TextDecoder('utf-8');

/**
 * Turns a page's bytes into text the way a browser does (WHATWG encoding sniffing): a byte-order mark wins, then the
 * charset of the HTTP `Content-Type` when there is one, then a `<meta charset>` / `http-equiv` in the first bytes,
 * else UTF-8. Russian shops still serve windows-1251 and older European ones ISO-8859-1, so reading every page as
 * UTF-8 would turn their names and currency words into replacement characters.
 *
 * Nearly every page is UTF-8: that one is decoded by the platform's native decoder, which takes about a third of the
 * CPU time of iconv-lite's (a real page of 465 KB: ~1 ms against ~2.6 ms); other encodings go through iconv-lite.
 */
export function decodePage(bytes: Uint8Array, contentType?: string | null): string {
  const label = contentType ? /charset=["']?([\w-]+)/i.exec(contentType)?.[1] : undefined;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const options: SnifferOptions = {
    defaultEncoding: 'utf-8',
    maxBytes: CHARSET_SNIFF_BYTES,
    ...(label ? { transportLayerEncodingLabel: label } : {}),
  };
  return getEncoding(buffer, options) === 'UTF-8' ? UTF8.decode(buffer) : decodeBuffer(buffer, options);
}
