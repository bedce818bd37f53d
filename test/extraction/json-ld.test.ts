import { expect } from 'chai';
import { loadHtml } from '../../src/extraction/extract.js';
import { jsonLdLayer } from '../../src/extraction/json-ld.layer.js';

const ld = (...blocks: string[]): string => `<html><head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body></body></html>`;
const run = (html: string, url = 'https://shop.example/p/1') => jsonLdLayer(loadHtml(html), url);

describe('extraction: JSON-LD layer', () => {
  it('reads Product + Offer with availability, ids, brand object, images and rating', () => {
    const r = run(ld(JSON.stringify({
      '@context': 'https://schema.org', '@type': 'Product', name: 'Kettle', sku: 'K1', mpn: 'M1', gtin13: '4600000000001',
      brand: { '@type': 'Brand', name: 'Acme' }, image: [{ '@type': 'ImageObject', url: '/i/1.jpg' }, '/i/2.jpg'],
      aggregateRating: { ratingValue: '4,5', reviewCount: '12' },
      offers: { '@type': 'Offer', price: 1299.0, priceCurrency: 'RUB', availability: 'https://schema.org/InStock' },
    })));
    expect(r).to.deep.include({ name: 'Kettle', sku: 'K1', mpn: 'M1', gtin: '4600000000001', brand: 'Acme', availability: 'InStock', currency: 'RUB' });
    expect(r?.price).to.deep.include({ amount: '1299', currency: 'RUB' });
    expect(r?.images).to.deep.equal(['https://shop.example/i/1.jpg', 'https://shop.example/i/2.jpg']);
    expect(r?.rating).to.deep.equal({ value: 4.5, count: 12 });
  });

  it('ignores BreadcrumbList / Organization and finds the Product in @graph with @id references', () => {
    const r = run(ld(
      JSON.stringify({ '@type': 'BreadcrumbList', itemListElement: [] }),
      JSON.stringify({ '@graph': [
        { '@type': 'Organization', '@id': '#org', name: 'Shop' },
        { '@type': 'Product', '@id': '#p', name: 'Lamp', brand: { '@id': '#org' }, offers: { '@id': '#o' } },
        { '@type': 'Offer', '@id': '#o', price: '54.50', priceCurrency: 'CAD', priceSpecification: [{ '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: '69.00', priceCurrency: 'CAD' }] },
      ] })));
    expect(r?.name).to.equal('Lamp');
    expect(r?.brand).to.equal('Shop');
    expect(r?.price?.amount).to.equal('54.50');
    expect(r?.regularPrice?.amount).to.equal('69');
  });

  it('handles arrays of blocks, mainEntity wrappers and picks the product whose url is the page', () => {
    const r = run(ld(JSON.stringify([
      { '@type': 'Product', name: 'Other', url: 'https://shop.example/p/2', offers: { price: 5 } },
      { '@type': 'WebPage', mainEntity: { '@type': 'Product', name: 'This', url: '/p/1', offers: { price: 7, priceCurrency: 'EUR' } } },
    ])));
    expect(r?.name).to.equal('This');
    expect(r?.price?.amount).to.equal('7');
  });

  it('AggregateOffer with a range yields a lower bound and the range as alternatives', () => {
    const r = run(ld(JSON.stringify({ '@type': 'Product', name: 'Tee', offers: { '@type': 'AggregateOffer', lowPrice: '990', highPrice: '1490', priceCurrency: 'RUB' } })));
    expect(r?.price?.amount).to.equal('990');
    expect(r?.priceIsLowerBound).to.equal(true);
    expect(r?.priceAlternatives).to.deep.equal(['990', '1490']);
  });

  it('ProductGroup picks the variant the URL names', () => {
    const group = JSON.stringify({ '@type': 'ProductGroup', name: 'Shoe', hasVariant: [
      { '@type': 'Product', sku: 'S-42', url: 'https://shop.example/p/1?variant=42', offers: { price: '119.00', priceCurrency: 'EUR', availability: 'InStock' } },
      { '@type': 'Product', sku: 'S-43', url: 'https://shop.example/p/1?variant=43', offers: { price: '129.00', priceCurrency: 'EUR', availability: 'OutOfStock' } },
    ] });
    const r = run(ld(group), 'https://shop.example/p/1?variant=43');
    expect(r).to.deep.include({ name: 'Shoe', sku: 'S-43', availability: 'OutOfStock' });
    expect(r?.price?.amount).to.equal('129');
    const unknown = run(ld(group), 'https://shop.example/p/1');
    expect(unknown?.priceIsLowerBound).to.equal(true);
    expect(unknown?.priceAlternatives).to.have.members(['119', '129']);
  });

  it('survives comments, raw newlines in strings, trailing commas; skips broken blocks', () => {
    const r = run(ld('<!-- {"@type":"Product","name":"A\nB","offers":{"price":"38.00","priceCurrency":"USD",},} -->', '{broken'));
    expect(r?.name).to.equal('A B');
    expect(r?.price?.amount).to.equal('38');
  });

  it('parses locale-formatted prices and legacy RUR', () => {
    const r = run(ld(JSON.stringify({ '@type': 'Product', name: 'G', offers: { price: '16 499,00', priceCurrency: 'RUR' } })));
    expect(r?.price).to.deep.include({ amount: '16499', currency: 'RUB' });
  });

  it('maps additionalProperty PropertyValues with units', () => {
    const r = run(ld(JSON.stringify({ '@type': 'Product', name: 'P', additionalProperty: [
      { '@type': 'PropertyValue', name: 'Weight', value: '1.5', unitText: 'кг' }, { '@type': 'PropertyValue', name: 'Colour', value: 'Red' }] })));
    expect(r?.additionalProperties).to.deep.equal([{ name: 'Weight', value: '1.5 кг', number: 1.5, unit: 'kg' }, { name: 'Colour', value: 'Red' }]);
  });

  it('returns null without a Product', () => {
    expect(run(ld(JSON.stringify({ '@type': 'Organization', name: 'X' })))).to.equal(null);
  });

  it('decodes character references a shop left encoded in JSON-LD text ("Navy &amp; White", "De&#039;Longhi")', () => {
    const ld = { '@context': 'https://schema.org', '@type': 'Product', name: 'by De&#039;Longhi Infinissima - Black &amp; Grey &#x2122;', offers: { '@type': 'Offer', price: '69.99', priceCurrency: 'GBP' } };
    const layer = jsonLdLayer(loadHtml(`<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`), 'https://shop.example.co.uk/p/1');
    expect(layer?.name).to.equal("by De'Longhi Infinissima - Black & Grey ™");
  });
});
