/**
 * `npm run bench:hostile`: hostile and huge page shapes (issue #10, docs SECURITY-RELIABILITY). Each shape is built
 * at sizes n, 2n and 4n; the line shows the extraction time, the growth ratio per doubling (≈2 linear, ≈4 quadratic)
 * and, for the same bytes, a parse-only baseline (cheerio/slim's htmlparser2 with the extractor's options) and its
 * ratio. Times are CPU time of this process (best of three below 300 ms). Extraction runs on the event loop of a worker, so a shape that grows faster than its parse is a hang waiting
 * for a big enough page. Prints figures; asserts nothing.
 *
 *   --only a,b     only these shapes (names as printed)
 *   --scale K      multiplies every base size (default 1)
 *   --budget MS    skips a shape's larger sizes once one extraction took longer than this (default 20000)
 *   --json         one JSON object per line instead of text
 */
import { load } from 'cheerio/slim';
import { extractProduct } from '../src/extraction/index.js';

interface Shape {
  name: string;
  /** Base size n (the unit is the shape's repeated part). */
  n: number;
  build: (n: number) => string;
}

const page = (body: string, head = ''): string =>
  `<!doctype html><html lang="en"><head><title>Shop</title>${head}</head><body>${body}</body></html>`;
const times = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');
/** A real product block, as a shop prints it: title, price, buy button. */
const PRODUCT = '<main class="product"><h1 class="product-title">Steel Kettle 1.7 l</h1><div class="product-price">49.90 €</div>' +
  '<form action="/cart/add" method="post"><button type="submit" class="add-to-cart">Add to cart</button></form></main>';

const SHAPES: Shape[] = [
  { name: 'manyPrices', n: 2000, build: (n) => page('<h1>X</h1>' + times(n, (i) => `<div class="price">${i} ₽</div>`)) },
  { name: 'manyButtons', n: 2000, build: (n) => page('<h1>X</h1>' + times(n, (i) => `<form><button>Add to cart</button><span>${i} $</span></form>`)) },
  { name: 'bigTable', n: 4000, build: (n) => page('<h1>X</h1><table>' + times(n, (i) => `<tr><th>Name${i}</th><td>${i} kg</td></tr>`) + '</table>') },
  { name: 'deepNest', n: 5000, build: (n) => page('<h1>X</h1>' + '<div>'.repeat(n) + '<span class="price">1 299 ₽</span>' + '</div>'.repeat(n)) },
  { name: 'unclosed', n: 5000, build: (n) => page('<h1>X</h1>' + '<p><b><i>'.repeat(n) + '5 €') },
  {
    name: 'productPlusTiles', n: 2000,
    build: (n) => page(PRODUCT + '<section class="recommendations">' + times(n, (i) =>
      `<div class="product-tile"><a href="/p/${i}"><span class="tile-name">Item ${i}</span></a><span class="price">${i + 1}.00 €</span>` +
      `<button class="add-to-cart">Add to cart</button></div>`) + '</section>'),
  },
  {
    name: 'listingTiles', n: 2000,
    build: (n) => page('<h1>Kettles</h1><ul class="products">' + times(n, (i) =>
      `<li class="product-card"><a href="/p/${i}"><img src="/i/${i}.jpg"><span class="name">Kettle ${i}</span></a>` +
      `<span class="price">${i + 1},99 €</span><s class="old-price">${i + 9},99 €</s></li>`) + '</ul>'),
  },
  {
    name: 'swatches', n: 2000,
    build: (n) => page(PRODUCT + '<div class="variants">' + times(n, (i) =>
      `<label class="swatch"><input type="radio" name="size" value="${i}"><span>Size ${i}</span>` +
      `<span class="price">${i + 1}.00 €</span><span class="stock">In stock</span></label>`) + '</div>'),
  },
  {
    name: 'specGrid', n: 4000,
    build: (n) => page(PRODUCT + '<div role="tabpanel" class="tab-pane">' + times(n, (i) =>
      `<div class="row"><span class="label">Prop ${i}</span><span class="value">${i} mm</span></div>`) + '</div>'),
  },
  {
    name: 'soldOutVariants', n: 2000,
    build: (n) => page(PRODUCT + times(n, (i) =>
      `<div class="variant"><span>Size ${i}</span><span class="badge">Sold out</span><button class="notify-me">Notify me</button></div>`)),
  },
  { name: 'manyDl', n: 2000, build: (n) => page(PRODUCT + times(n, (i) => `<dl><dt>Weight ${i}</dt><dd>${i} kg</dd></dl>`)) },
  {
    name: 'stockWords', n: 2000,
    build: (n) => page(PRODUCT + times(n, () => '<div class="stock">only few left in stock notify me when available sold out</div>')),
  },
  {
    name: 'jsonLdOffers', n: 5000,
    build: (n) => page('<h1>X</h1>', '<script type="application/ld+json">' + JSON.stringify({
      '@context': 'https://schema.org', '@type': 'Product', name: 'X',
      offers: Array.from({ length: n }, (_, i) => ({ '@type': 'Offer', price: i + 1, priceCurrency: 'USD', availability: 'https://schema.org/InStock' })),
    }) + '</script>'),
  },
  {
    name: 'jsonLdGraph', n: 2000,
    build: (n) => page('<h1>X</h1>', times(n, (i) => '<script type="application/ld+json">' +
      JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: `P${i}`, offers: { '@type': 'Offer', price: i + 1, priceCurrency: 'USD' } }) + '</script>')),
  },
  { name: 'nestedJson', n: 10000, build: (n) => page('<h1>X</h1>', '<script type="application/ld+json">' + '['.repeat(n) + ']'.repeat(n) + '</script>') },
  {
    name: 'stateBlob', n: 10000,
    build: (n) => page('<h1>X</h1><script>window.__STATE__ = ' + JSON.stringify({ a: Array.from({ length: n }, (_, i) => ({ price: i, name: 'p' + i })) }) + ';</script>'),
  },
  {
    name: 'nestedState', n: 5000,
    build: (n) => page('<h1>X</h1><script id="__NEXT_DATA__" type="application/json">' + '{"a":'.repeat(n) + '{"price":5,"name":"X"}' + '}'.repeat(n) + '</script>'),
  },
  {
    name: 'microdataItems', n: 2000,
    build: (n) => page(times(n, (i) => `<div itemscope itemtype="https://schema.org/Product"><h2 itemprop="name">P${i}</h2>` +
      `<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="${i + 1}">${i + 1}</span>` +
      '<meta itemprop="priceCurrency" content="EUR"></div></div>')),
  },
  { name: 'digits', n: 100_000, build: (n) => page('<h1>X</h1><p>' + '1 '.repeat(n) + '</p>') },
  { name: 'longText', n: 1_000_000, build: (n) => page('<h1>X</h1><p>' + 'word '.repeat(n / 5) + '</p><div class="price">5 €</div>') },
  { name: 'spaces', n: 1_000_000, build: (n) => page('<h1>X</h1><p>' + ' '.repeat(n) + 'x</p><div class="price">5 €</div>') },
  { name: 'longAttr', n: 500_000, build: (n) => page('<h1 class="' + 'a '.repeat(n) + '">X</h1><div class="price">5 €</div>') },
  { name: 'manyH1', n: 2000, build: (n) => page(times(n, (i) => `<h1>Title ${i}</h1><div class="price">${i + 1} €</div>`)) },
  { name: 'manyMeta', n: 5000, build: (n) => page('<h1>X</h1>', times(n, (i) => `<meta property="product:price:amount" content="${i + 1}">`)) },
];

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** CPU time of this process (user + system), which other processes on a shared machine disturb less than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timed(f: () => unknown): { ms: number; value: unknown } {
  const t = cpuMs();
  let value: unknown;
  try {
    value = f();
  } catch (e) {
    value = `ERR ${(e as Error).message.slice(0, 60)}`;
  }
  return { ms: cpuMs() - t, value };
}

/** Best of a few runs for quick cases (noise), one run for slow ones. */
function best(f: () => unknown): { ms: number; value: unknown } {
  let out = timed(f);
  for (let i = 0; i < 2 && out.ms < 300; i++) {
    const again = timed(f);
    if (again.ms < out.ms) out = again;
  }
  return out;
}

const args = process.argv.slice(2);
const only = argValue(args, '--only')?.split(',');
const scale = Number(argValue(args, '--scale') ?? 1);
const budget = Number(argValue(args, '--budget') ?? 20000);
const json = args.includes('--json');
const url = 'https://shop.example/p/1';
const parseOnly = (html: string): unknown => load(html, { xml: { xmlMode: false, decodeEntities: true } });

// Warm-up: the first extraction compiles selectors and regular expressions.
extractProduct(page(PRODUCT), { url });
if (!json) {
  console.log('shape               n        MB  extract ms  ×/doubling   parse ms  ×/doubling  extract/parse  price   (CPU ms)');
}
for (const shape of SHAPES) {
  if (only && !only.includes(shape.name)) continue;
  let previous: { extract: number; parse: number } | null = null;
  for (const k of [1, 2, 4]) {
    const n = Math.round(shape.n * scale * k);
    const html = shape.build(n);
    const parse = best(() => parseOnly(html));
    const extract = best(() => {
      const p = extractProduct(html, { url });
      return p.price === null ? null : `${p.price} ${p.currency ?? ''}`.trim();
    });
    const growth = previous ? extract.ms / previous.extract : null;
    const parseGrowth = previous ? parse.ms / previous.parse : null;
    if (json) {
      console.log(JSON.stringify({ shape: shape.name, n, bytes: html.length, extractMs: +extract.ms.toFixed(1), growth, parseMs: +parse.ms.toFixed(1), parseGrowth, price: extract.value }));
    } else {
      console.log([
        shape.name.padEnd(16), String(n).padStart(9), (html.length / 1e6).toFixed(2).padStart(7),
        extract.ms.toFixed(0).padStart(11), (growth === null ? '' : growth.toFixed(2)).padStart(11),
        parse.ms.toFixed(1).padStart(10), (parseGrowth === null ? '' : parseGrowth.toFixed(2)).padStart(11),
        (extract.ms / Math.max(parse.ms, 0.01)).toFixed(1).padStart(14), ` ${String(extract.value)}`,
      ].join(''));
    }
    previous = { extract: extract.ms, parse: parse.ms };
    if (extract.ms > budget) {
      if (!json) console.log(`${shape.name.padEnd(16)} larger sizes skipped: ${extract.ms.toFixed(0)} ms > budget ${budget} ms`);
      break;
    }
  }
}
