import { expect } from 'chai';
import { decodeBuffer } from 'encoding-sniffer';
import { decodePage } from '../../src/util/decode-page.js';

/** iconv-lite through encoding-sniffer, as every page was decoded before the native UTF-8 path: the reference. */
const reference = (bytes: Buffer, contentType?: string): string => {
  const label = contentType ? /charset=["']?([\w-]+)/i.exec(contentType)?.[1] : undefined;
  return decodeBuffer(bytes, { defaultEncoding: 'utf-8', maxBytes: 4096, ...(label ? { transportLayerEncodingLabel: label } : {}) });
};

/** A small deterministic generator, so a failure names a case that can be replayed. */
function bytesFrom(seed: number, length: number): Buffer {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    // Mostly lead and continuation bytes of multi-byte sequences, so that broken and overlong ones are frequent.
    out[i] = x % 3 === 0 ? 0x41 + (x % 26) : 0x80 + (x % 0x80);
  }
  return out;
}

describe('decodePage', () => {
  const cases: Array<[string, Buffer, string?]> = [
    ['plain UTF-8', Buffer.from('<h1>Цена 1 299 ₽ — 価格 €</h1>')],
    ['UTF-8 byte-order mark (dropped)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Ок</p>')])],
    ['UTF-16LE byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>Ок</p>', 'utf16le')])],
    ['meta charset windows-1251', Buffer.concat([Buffer.from('<meta charset="windows-1251"><h1>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</h1>')])],
    ['Content-Type label over the markup', Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]), 'text/html; charset=ISO-8859-1'],
    ['Content-Type utf-8 over a meta that says otherwise', Buffer.from('<meta charset="windows-1252"><p>Größe</p>'), 'text/html; charset=utf-8'],
    ['invalid and truncated sequences', Buffer.from([0x3c, 0x70, 0x3e, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80, 0xe2])],
  ];
  for (const [name, bytes, contentType] of cases) {
    it(`${name}: the same text as iconv-lite`, () => {
      expect(decodePage(bytes, contentType)).to.equal(reference(bytes, contentType));
    });
  }

  it('the native UTF-8 path reads a windows-1251 page as Cyrillic, not as replacement characters', () => {
    const page = Buffer.concat([Buffer.from('<meta charset="windows-1251"><h1>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</h1>')]);
    expect(decodePage(page)).to.contain('Привет');
  });

  it('2,000 random byte strings full of broken UTF-8: the same text as iconv-lite', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const bytes = bytesFrom(seed, 1 + (seed % 97));
      expect(decodePage(bytes), `seed ${seed}`).to.equal(reference(bytes));
    }
  });

  it('a Uint8Array view into a larger buffer decodes only its own bytes', () => {
    const whole = Buffer.from('xx<p>Ок</p>yy');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.length - 4);
    expect(decodePage(view)).to.equal('<p>Ок</p>');
  });
});
