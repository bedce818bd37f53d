import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';

const URL = 'https://shop.example/p/1';
const ld = (offer: Record<string, unknown>, name = 'Iron'): string =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', name, offers: { '@type': 'Offer', priceCurrency: 'RUB', ...offer } })}</script>`;

describe('extraction: merging structured data with the rendered page', () => {
  it('keeps JSON-LD when the page shows the same price', () => {
    const p = extractProduct(`${ld({ price: '7490' })}<h1>Iron</h1><div class="price">7 490 ₽</div>`, { url: URL });
    expect([p.price, p.provenance.price, p.currencyRaw]).to.deep.equal(['7490', 'json-ld', '₽']);
  });

  it('lets a confident visible price overrule a JSON-LD price shown nowhere (stale cache)', () => {
    const p = extractProduct(`${ld({ price: '7490' })}<h1>Iron</h1><div class="product-price">6 990 ₽</div>`, { url: URL });
    expect([p.price, p.provenance.price]).to.deep.equal(['6990', 'dom']);
  });

  it('reads a JSON-LD price shown crossed out beside a lower main price as the regular price', () => {
    const p = extractProduct(`${ld({ price: '5999' })}<h1>Iron</h1><div class="pdp-price"><s>5 999 ₽</s> <span class="pdp-price__actual">4 799 ₽</span></div>`, { url: URL });
    expect([p.price, p.regularPrice]).to.deep.equal(['4799', '5999']);
  });

  it('keeps JSON-LD when its price is visible even if the DOM prefers another number', () => {
    const p = extractProduct(`${ld({ price: '11999' })}<h1>Iron</h1><div class="prices"><p class="p-small">14 499 ₴</p><p class="p-big">11 999 ₴</p></div>`, { url: URL });
    expect(p.price).to.equal('11999');
  });

  it('prefers explicit out-of-stock on the page over structured InStock', () => {
    const p = extractProduct(`${ld({ price: '100', availability: 'InStock' })}<h1>Iron</h1><div class="price">100 ₽</div><p>Нет в наличии</p>`, { url: URL });
    expect(p.availability).to.equal('OutOfStock');
    expect(p.provenance.availability).to.equal('dom');
  });

  it('orders prices current, regular, card and drops a regular price not above the current one', () => {
    const p = extractProduct(`<h1>Iron</h1><div class="price"><del>100 ₽</del><span class="current">120 ₽</span></div>`, { url: URL });
    expect(p.regularPrice).to.equal(null);
    expect(p.prices.map((e) => e.kind)).to.deep.equal(['current']);
  });

  it('falls back to og:title for the name and never reports a zero price', () => {
    const p = extractProduct('<meta property="og:title" content="Thing"><div class="price">0 ₽</div>', { url: URL });
    expect([p.name, p.provenance.name, p.price]).to.deep.equal(['Thing', 'meta', null]);
  });
});
