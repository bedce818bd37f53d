import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';

const URL = 'http://127.0.0.1:8080/product';

describe('extraction: the three page shapes of the service end-to-end test', () => {
  it('(1) JSON-LD Product + Offer: 1299.00 RUB, InStock', () => {
    const html = `<!doctype html><html><head><title>Kettle</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Electric Kettle",
        "sku":"KT-1","offers":{"@type":"Offer","price":"1299.00","priceCurrency":"RUB","availability":"https://schema.org/InStock"}}</script>
      </head><body><h1>Electric Kettle</h1></body></html>`;
    const p = extractProduct(html, { url: URL });
    expect(p.price).to.equal('1299');
    expect(p.currency).to.equal('RUB');
    expect(p.availability).to.equal('InStock');
    expect(p.name).to.equal('Electric Kettle');
    expect(p.sku).to.equal('KT-1');
    expect(p.provenance.price).to.equal('json-ld');
    expect(p.prices[0]).to.deep.include({ kind: 'current', amount: '1299', currency: 'RUB' });
  });

  it('(2) price inserted by client-side JS, no structured data', () => {
    const html = '<html><head><title>Widget</title></head><body><h1>Widget</h1><div class="price">2 490 ₽</div></body></html>';
    const p = extractProduct(html, { url: URL });
    expect(p.name).to.equal('Widget');
    expect(p.price).to.equal('2490');
    expect(p.currency).to.equal('RUB');
    expect(p.currencyRaw).to.equal('₽');
    expect(p.provenance.price).to.equal('dom');
  });

  it('(3) visible DOM only: old + current price, related product ignored', () => {
    const html = `<html><body><h1>Phone X</h1>
      <div class="product"><span class="price-old"><s>5 999 ₽</s></span><span class="price-current">4 499 ₽</span></div>
      <section class="related"><div class="card"><a href="/other">Other</a><span class="price">999 ₽</span></div></section>
      </body></html>`;
    const p = extractProduct(html, { url: URL });
    expect(p.name).to.equal('Phone X');
    expect(p.price).to.equal('4499');
    expect(p.regularPrice).to.equal('5999');
    expect(p.currency).to.equal('RUB');
    expect(p.prices.map((e) => [e.kind, e.amount])).to.deep.equal([['current', '4499'], ['regular', '5999']]);
  });

  it('never throws on empty or broken markup and invents nothing', () => {
    for (const html of ['', '<html', '<div><p>no product here</p>', '<h1>Only a title</h1>']) {
      const p = extractProduct(html, { url: URL });
      expect(p.price).to.equal(null);
      expect(p.prices).to.deep.equal([]);
    }
  });
});
