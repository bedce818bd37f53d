import { expect } from 'chai';
import { loadHtml } from '../../src/extraction/extract.js';
import { metaLayer } from '../../src/extraction/meta.layer.js';
import { microdataLayer } from '../../src/extraction/microdata.layer.js';
import { rdfaLayer } from '../../src/extraction/rdfa.layer.js';

const URL = 'https://shop.example/p/1';

describe('extraction: microdata, RDFa and meta layers', () => {
  it('microdata: nested Offer, content attributes, link availability; related items skipped', () => {
    const html = `<body><div class="related"><div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Other</span>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="5">5 €</span></div></div></div>
      <div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Main</h1><meta itemprop="sku" content="M-1">
      <div itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Acme</span></div>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="1299.00">1 299 ₽</span>
      <meta itemprop="priceCurrency" content="RUB"><link itemprop="availability" href="http://schema.org/PreOrder"></div></div></body>`;
    const r = microdataLayer(loadHtml(html), URL);
    expect(r).to.deep.include({ source: 'microdata', name: 'Main', sku: 'M-1', brand: 'Acme', availability: 'PreOrder', currency: 'RUB' });
    expect(r?.price?.amount).to.equal('1299');
  });

  it('microdata: visible text price without content attribute', () => {
    const html = `<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">X</h1><div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
      <span itemprop="price">1.299,00 €</span></div></div>`;
    expect(microdataLayer(loadHtml(html), URL)?.price).to.deep.include({ amount: '1299', currency: 'EUR' });
  });

  it('RDFa Lite: vocab/typeof/property', () => {
    const html = `<div vocab="https://schema.org/" typeof="Product"><h1 property="name">Lampe</h1><span property="brand" typeof="Brand"><span property="name">Lumi</span></span>
      <div property="offers" typeof="Offer"><span property="price" content="89.90">89,90</span><span property="priceCurrency" content="EUR">€</span>
      <link property="availability" href="https://schema.org/InStock"></div></div>`;
    const r = rdfaLayer(loadHtml(html), URL);
    expect(r).to.deep.include({ source: 'rdfa', name: 'Lampe', brand: 'Lumi', availability: 'InStock' });
    expect(r?.price).to.deep.include({ amount: '89.90', currency: 'EUR' });
  });

  it('meta: product:price / og:price, sale price, availability, brand, image', () => {
    const html = `<head><meta property="product:price:amount" content="45.00"><meta property="product:sale_price:amount" content="32.00">
      <meta property="product:price:currency" content="USD"><meta property="og:availability" content="oos">
      <meta property="product:brand" content="Acme"><meta property="og:image" content="/a.jpg"></head>`;
    const r = metaLayer(loadHtml(html), URL);
    expect(r?.price?.amount).to.equal('32');
    expect(r?.regularPrice?.amount).to.equal('45');
    expect(r).to.deep.include({ currency: 'USD', availability: 'OutOfStock', brand: 'Acme', images: ['https://shop.example/a.jpg'] });
    const og = metaLayer(loadHtml('<meta property="og:price:amount" content="249.99"><meta property="og:price:currency" content="PLN">'), URL);
    expect(og?.price).to.deep.include({ amount: '249.99', currency: 'PLN' });
  });

  it('return null when the page has none of them', () => {
    const $ = loadHtml('<h1>Nothing</h1>');
    expect(microdataLayer($, URL)).to.equal(null);
    expect(rdfaLayer($, URL)).to.equal(null);
    expect(metaLayer($, URL)).to.equal(null);
  });
});
