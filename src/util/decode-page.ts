import { decodeBuffer } from 'encoding-sniffer';

/** How far into the bytes a `<meta charset>` is looked for; some shops put it after a long `<head>` preamble. */
const CHARSET_SNIFF_BYTES = 4096;

/**
 * Turns a page's bytes into text the way a browser does (WHATWG encoding sniffing): a byte-order mark wins, then the
 * charset of the HTTP `Content-Type` when there is one, then a `<meta charset>` / `http-equiv` in the first bytes,
 * else UTF-8. Russian shops still serve windows-1251 and older European ones ISO-8859-1, so reading every page as
 * UTF-8 would turn their names and currency words into replacement characters.
 */
export function decodePage(bytes: Uint8Array, contentType?: string | null): string {
  const label = contentType ? /charset=["']?([\w-]+)/i.exec(contentType)?.[1] : undefined;
  return decodeBuffer(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    defaultEncoding: 'utf-8',
    maxBytes: CHARSET_SNIFF_BYTES,
    ...(label ? { transportLayerEncodingLabel: label } : {}),
  });
}
