import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';
import { parsePrice } from '../../src/extraction/price-parser.js';

const page = (body: string): string => `<html><body>${body}</body></html>`;

describe('extraction: DOM rules for card, tax, model digits, stock and labels', () => {
  it('never reads a model number in the title as a price ("R10 Pro", "R5G")', () => {
    const p = extractProduct(page('<h1>Смартфон Tecno R10 Pro</h1><div><div><div><span>18 990 руб.</span></div><span>+190 бонусов</span></div></div>'), { url: 'https://s.example.ru/p' });
    expect(p.price).to.equal('18990');
    expect(p.currency).to.equal('RUB');
    expect(parsePrice('Phone R5G 128GB').currency).to.equal(null);
  });

  it('a "Non-member" / "без карты" label is the main price; the club price goes to prices[card]', () => {
    const p = extractProduct(page(`<h1>Wine</h1><div><span>Club price</span> <span data-pc-font-size="30">$41.60</span></div>
      <div><span>Non-member price</span> <span data-pc-font-size="14">$52.00</span></div>`), { url: 'https://w.example.com/p' });
    expect(p.price).to.equal('52');
    expect(p.prices.find((x) => x.kind === 'card')?.amount).to.equal('41.60');
  });

  it('prefers the tax-included price over a bigger tax-excluded one', () => {
    const p = extractProduct(page(`<h1>Drill</h1><div class="prices"><div><span class="price" data-pc-font-size="30">9 150 ₽</span> <span>без НДС</span></div>
      <div><span class="price" data-pc-font-size="14">10 980 ₽</span> <span>с НДС</span></div></div>`), { url: 'https://b.example.ru/p' });
    expect(p.price).to.equal('10980');
    expect(p.regularPrice).to.equal(null);
  });

  it('reads Magento data-price-type="oldPrice" and Swiss "statt 1\'449.–" as the regular price', () => {
    const m = extractProduct(page(`<h1>Shoe</h1><div class="price-box"><span data-price-type="oldPrice" class="price-wrapper"><span class="price">$159.95</span></span>
      <span data-price-type="finalPrice" class="price-wrapper"><span class="price">$119.95</span></span></div>`), { url: 'https://m.example.com/p' });
    expect([m.price, m.regularPrice]).to.deep.equal(['119.95', '159.95']);
    const c = extractProduct(page(`<h1>Coffee</h1><div><span class="pdp__amount">CHF 1'149.–</span> <span>statt 1'449.–</span></div>`), { url: 'https://c.example.ch/p' });
    expect([c.price, c.regularPrice]).to.deep.equal(['1149', '1449']);
  });

  it('ignores sold-out badges of a single size and hidden badges', () => {
    const p = extractProduct(page(`<h1>Sweater</h1><span class="money">€89,00</span>
      <fieldset class="variant-picker"><label for="l">L <span>Sold out</span></label></fieldset>
      <div data-pc-hidden="1">Sold out</div><div>In stock</div>`), { url: 'https://n.example.ie/p' });
    expect(p.availability).to.equal('InStock');
  });

  it('reads labelled SKU, EAN and brand in the product zone only', () => {
    const p = extractProduct(page(`<div class="product"><h1>Drill</h1><span>Артикул: 06019G8000</span><div class="price">7 490 ₽</div>
      <dl><dt>EAN:</dt><dd>3165140892124</dd><dt>Бренд</dt><dd>Bosch</dd></dl></div>
      <div class="similar-products"><div>Артикул: XX123</div></div>`), { url: 'https://i.example.ru/p' });
    expect([p.sku, p.gtin, p.brand]).to.deep.equal(['06019G8000', '3165140892124', 'Bosch']);
  });
});
