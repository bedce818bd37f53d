/**
 * Hostile and huge pages (issue #10, docs SECURITY-RELIABILITY): extraction runs on the worker's event loop, so a
 * page shape that is quadratic for the extractor blocks the worker, and a recursive walk over a deep tree throws.
 * Behaviour only: each test must give the main product's answer; mocha's timeout (set below) is the hang guard,
 * no test measures time. `npm run bench:hostile` prints the timings and their growth per doubling.
 */
import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';
import { loadHtml } from '../../src/extraction/extract.js';
import { MAX_TREE_DEPTH, pageIndex } from '../../src/extraction/page-index.js';

const URL = 'https://shop.example/p/1';
const page = (body: string, head = ''): string =>
  `<!doctype html><html lang="en"><head><title>Shop</title>${head}</head><body>${body}</body></html>`;
const times = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');
/** The real product: title, price, cart form. */
const PRODUCT = '<main class="product"><h1 class="product-title">Steel Kettle 1.7 l</h1><div class="product-price">49.90 €</div>' +
  '<form action="/cart/add" method="post"><button type="submit" class="add-to-cart">Add to cart</button></form></main>';

function expectKettle(html: string): void {
  const p = extractProduct(html, { url: URL });
  expect(p.name).to.equal('Steel Kettle 1.7 l');
  expect([p.price, p.currency]).to.deep.equal(['49.90', 'EUR']);
}

describe('extraction: hostile and huge pages', function () {
  // The hang guard: before the fixes some of these took minutes (50,000 prices: 452 s) or threw.
  this.timeout(60_000);

  describe('deep trees do not overflow the stack', () => {
    it('caps the tree depth as Blink does: content deeper than the cap attaches to the element at the cap', () => {
      const $ = loadHtml(page('<div>'.repeat(2000) + '<span id="deep">1 299 ₽</span>' + '</div>'.repeat(2000)));
      let depth = 0;
      for (const el of pageIndex($).elements) {
        let d = 0;
        for (let cur = el.parent; cur; cur = cur.parent) d++;
        depth = Math.max(depth, d);
      }
      expect(depth).to.equal(MAX_TREE_DEPTH);
      const deep = pageIndex($).select('#deep');
      expect(deep).to.have.length(1);
      // The span is a sibling of the text, both children of the element at the cap, and the index agrees with the tree.
      expect($('#deep').parent().text()).to.contain('1 299 ₽');
      expect(pageIndex($).descendants(deep[0]!)).to.deep.equal([]);
    });

    it('reads the product beside 20,000 nested <div>s', () => {
      expectKettle(page(PRODUCT + '<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000)));
    });

    it('reads the product inside a deep wrapper with 20,000 nested <div>s below it', () => {
      expectKettle(page('<div>'.repeat(100) + PRODUCT + '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_100)));
    });

    it('does not throw on 20,000 nested <div>s around a lone price', () => {
      expect(() => extractProduct(page('<h1>X</h1>' + '<div>'.repeat(20_000) + '<span class="price">1 299 ₽</span>' + '</div>'.repeat(20_000)), { url: URL }))
        .not.to.throw();
    });

    it('reads the product before 30,000 unclosed <p><b><i>', () => {
      expectKettle(page(PRODUCT + '<p><b><i>'.repeat(30_000) + 'text'));
    });
  });

  describe('many repeated blocks stay linear', () => {
    it('a product block plus 20,000 listing tiles with their own prices and cart buttons yields the block\'s price', () => {
      expectKettle(page(PRODUCT + '<section>' + times(20_000, (i) => `<div class="product-tile"><a href="/p/${i}"><span>Item ${i}</span></a>` +
        `<span class="price">${i + 1}.00 €</span><button class="add-to-cart">Add to cart</button></div>`) + '</section>'));
    });

    it('a product block plus 50,000 sibling prices yields the block\'s price', () => {
      expectKettle(page(PRODUCT + times(50_000, (i) => `<div class="price">${i + 1} €</div>`)));
    });

    it('50,000 sibling prices alone still give a price', () => {
      const p = extractProduct(page('<h1>Kettle</h1>' + times(50_000, (i) => `<div class="price">${i + 1} ₽</div>`)), { url: URL });
      expect(p.price).to.equal('1');
      expect(p.currency).to.equal('RUB');
    });

    it('a product block plus 20,000 cart forms each beside a price yields the block\'s price', () => {
      expectKettle(page(PRODUCT + times(20_000, (i) => `<form><button>Add to cart</button><span>${i + 1} $</span></form>`)));
    });

    it('reads a 30,000-row spec table', () => {
      const p = extractProduct(page(PRODUCT + '<table class="specs">' + times(30_000, (i) => `<tr><th>Name${i}</th><td>${i} kg</td></tr>`) + '</table>'), { url: URL });
      expect(p.price).to.equal('49.90');
      expect(p.additionalProperties?.[0]).to.include({ name: 'Name0', value: '0 kg' });
    });

    it('reads 8,000 one-row <dl>s', () => {
      const p = extractProduct(page(PRODUCT + times(8_000, (i) => `<dl><dt>Weight ${i}</dt><dd>${i} kg</dd></dl>`)), { url: URL });
      expect(p.price).to.equal('49.90');
      expect(p.additionalProperties?.[0]).to.include({ name: 'Weight 0', value: '0 kg' });
    });

    it('reads a spec grid of 16,000 label/value rows', () => {
      const p = extractProduct(page(PRODUCT + '<div role="tabpanel" class="tab-pane"><h3>Dimensions</h3>' + times(16_000, (i) =>
        `<div class="row"><span class="label">Prop ${i}</span><span class="value">${i} mm</span></div>`) + '</div>'), { url: URL });
      expect(p.price).to.equal('49.90');
      expect(p.additionalProperties?.[0]).to.include({ name: 'Prop 0', value: '0 mm' });
      expect(p.additionalProperties?.[15_999]).to.include({ name: 'Prop 15999', value: '15999 mm', group: 'Dimensions' });
    });

    it('a microdata product followed by 10,000 other microdata products yields the first one\'s price', () => {
      const item = (name: string, price: string, tag: string): string => `<div itemscope itemtype="https://schema.org/Product"><${tag} itemprop="name">${name}</${tag}>` +
        `<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="${price}">${price}</span>` +
        '<meta itemprop="priceCurrency" content="EUR"></div></div>';
      const p = extractProduct(page(item('Kettle', '49.90', 'h1') + times(10_000, (i) => item(`P${i}`, `${i + 1}`, 'h2'))), { url: URL });
      expect([p.name, p.price, p.currency]).to.deep.equal(['Kettle', '49.90', 'EUR']);
    });

    it('a product block with 8,000 variant swatches, each with a price and a stock badge, yields the block\'s price', () => {
      expectKettle(page(PRODUCT + '<div class="variants">' + times(8_000, (i) => `<label class="swatch"><input type="radio" name="size" value="${i}">` +
        `<span>Size ${i}</span><span class="price">${i + 1}.00 €</span><span class="stock">In stock</span></label>`) + '</div>'));
    });
  });

  describe('huge texts and data', () => {
    it('a 4 MB paragraph and a 2 MB class attribute do not hide the price', () => {
      const p = extractProduct(page('<h1 class="' + 'a '.repeat(1_000_000) + '">Kettle</h1><p>' + 'word '.repeat(800_000) + '</p><div class="price">5 €</div>'), { url: URL });
      expect([p.price, p.currency]).to.deep.equal(['5', 'EUR']);
    });

    it('JSON-LD with 50,000 offers and 50,000 nested brackets does not throw', () => {
      const offers = Array.from({ length: 50_000 }, (_, i) => ({ '@type': 'Offer', price: i + 1, priceCurrency: 'USD' }));
      const p = extractProduct(page('<h1>Kettle</h1>', `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Kettle', offers })}</script>` +
        `<script type="application/ld+json">${'['.repeat(50_000)}${']'.repeat(50_000)}</script>`), { url: URL });
      expect(p.name).to.equal('Kettle');
      expect(p.currency).to.equal('USD');
    });
  });
});
