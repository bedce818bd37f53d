import { expect } from 'chai';
import { adapterFor } from '../../src/extraction/adapters/engine.js';
import { ADAPTERS } from '../../src/extraction/adapters/registry.js';
import { extractProduct } from '../../src/extraction/index.js';

describe('extraction: site adapters', () => {
  it('match hosts and subdomains, not look-alikes', () => {
    expect(adapterFor('https://www.ozon.ru/product/x-1/')?.id).to.equal('ozon');
    expect(adapterFor('https://global.wildberries.ru/catalog/1/detail.aspx')?.id).to.equal('wildberries');
    expect(adapterFor('https://market.yandex.ru/product--x/1')?.id).to.equal('yandex-market');
    expect(adapterFor('https://www.amazon.co.uk/dp/B0')?.id).to.equal('amazon');
    expect(adapterFor('https://www.ebay.es/itm/123')?.id).to.equal('ebay');
    expect(adapterFor('https://www.notebay.com/itm/123')).to.equal(undefined);
    for (const host of ['www.amazon.com.br', 'www.amazon.com.mx', 'www.amazon.sg', 'www.amazon.co.za', 'www.amazon.com.be']) {
      expect(adapterFor(`https://${host}/dp/B0`)?.id, host).to.equal('amazon');
    }
    expect(adapterFor('https://notozon.ru/p')).to.equal(undefined);
    expect(adapterFor('not a url')).to.equal(undefined);
    expect(new Set(ADAPTERS.map((a) => a.id)).size).to.equal(9);
  });

  it('Ozon: widget state gives price, crossed-out and Ozon Card price; adapter wins over JSON-LD', () => {
    const html = `<script type="application/ld+json">{"@type":"Product","name":"Phone","offers":{"price":"15990","priceCurrency":"RUB"}}</script>
      <div data-widget="webProductHeading"><h1>Phone</h1></div>
      <div id="state-webPrice-1-default-1" data-state='{"isAvailable":true,"cardPrice":"14 872 ₽","price":"15 490 ₽","originalPrice":"21 990 ₽"}'></div>`;
    const p = extractProduct(html, { url: 'https://www.ozon.ru/product/phone-1/' });
    expect([p.price, p.regularPrice, p.currency, p.availability]).to.deep.equal(['15490', '21990', 'RUB', 'InStock']);
    expect(p.prices.find((e) => e.kind === 'card')?.amount).to.equal('14872');
    expect(p.provenance.price).to.equal('adapter:ozon');
    expect(p.provenance.cardPrice).to.equal('adapter:ozon');
  });

  it('Wildberries: wallet price is the card price', () => {
    const html = `<h1 class="product-page__title">Sneakers</h1><div class="price-block"><span class="price-block__wallet-price">6 312 ₽</span>
      <ins class="price-block__final-price">6 507 ₽</ins><del class="price-block__old-price">11 999 ₽</del></div>`;
    const p = extractProduct(html, { url: 'https://www.wildberries.ru/catalog/178945612/detail.aspx' });
    expect(p.prices.map((e) => [e.kind, e.amount])).to.deep.equal([['current', '6507'], ['regular', '11999'], ['card', '6312']]);
  });

  it('Amazon: offscreen buy-box price, strike list price, ASIN from hidden input, regional currency', () => {
    const html = `<span id="productTitle"> Brush </span><div id="corePriceDisplay_desktop_feature_div"><span class="a-price priceToPay"><span class="a-offscreen">49,99 €</span></span>
      <span class="basisPrice"><span class="a-price a-text-price" data-a-strike="true"><span class="a-offscreen">89,99 €</span></span></span></div>
      <div id="availability"><span>Auf Lager</span></div><input type="hidden" id="ASIN" value="B07L8PXX9C">`;
    const p = extractProduct(html, { url: 'https://www.amazon.de/dp/B07L8PXX9C' });
    expect([p.name, p.price, p.regularPrice, p.currency, p.availability, p.sku]).to.deep.equal(['Brush', '49.99', '89.99', 'EUR', 'InStock', 'B07L8PXX9C']);
  });

  it('Citilink: __NEXT_DATA__ numbers including the club price', () => {
    const state = { props: { initialState: { productPage: { productHeader: { payload: { productHeader: { id: '1', name: 'Monitor', isAvailable: false, price: { price: 12990, old: 14990, clubPrice: 12790 } } } } } } } };
    const html = `<h1>Monitor</h1><script id="__NEXT_DATA__" type="application/json">${JSON.stringify(state)}</script>`;
    const p = extractProduct(html, { url: 'https://www.citilink.ru/product/monitor-1/' });
    expect([p.price, p.regularPrice, p.availability]).to.deep.equal(['12990', '14990', 'OutOfStock']);
    expect(p.prices.find((e) => e.kind === 'card')?.amount).to.equal('12790');
  });

  it('falls back to generic layers for fields the adapter cannot find', () => {
    const html = `<script type="application/ld+json">{"@type":"Product","name":"Kettle","offers":{"price":"2349","priceCurrency":"RUB","availability":"InStock"}}</script><h1>Kettle</h1>`;
    const p = extractProduct(html, { url: 'https://www.dns-shop.ru/product/abc/' });
    expect(p.price).to.equal('2349');
    expect(p.provenance.price).to.equal('json-ld');
  });
});
