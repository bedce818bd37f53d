import { expect } from 'chai';
import { domLayer } from '../../src/extraction/dom-heuristics.layer.js';
import { loadHtml } from '../../src/extraction/extract.js';

const URL = 'https://shop.example/p/1';
const dom = (body: string, hint: string | null = null) => domLayer(loadHtml(`<html><body>${body}</body></html>`), URL, hint);

describe('extraction: DOM heuristics layer', () => {
  it('prefers the price near the title over related, carousel, cart and footer prices', () => {
    const r = dom(`<header><div class="mini-cart">Cart $12.00</div></header>
      <div class="product"><h1>Skillet</h1><div class="product-price">$34.95</div></div>
      <div class="carousel"><div class="tile"><a href="/p/2">Pan</a><span class="price">$20.00</span></div></div>
      <footer>Gift cards from $25</footer>`);
    expect(r.price?.amount).to.equal('34.95');
    expect(r.name).to.equal('Skillet');
  });

  it('ignores prices inside links to other products and repeated listing tiles', () => {
    const r = dom(`<h1>Chair</h1><div><span class="cost">7 890 ₽</span></div>
      <ul><li class="c"><a href="/x"><img src="x.jpg"><span class="price">100 ₽</span></a></li><li class="c"><a href="/y"><span class="price">200 ₽</span></a></li><li class="c"><a href="/z"><span class="price">300 ₽</span></a></li></ul>`);
    expect(r.price?.amount).to.equal('7890');
  });

  it('excludes a block announced by a "related products" heading', () => {
    const r = dom(`<div><h1>Tab</h1><ul><li><h2>$199.99</h2></li></ul></div><h3>Related Products</h3><div class="row"><p class="price">$123.20</p></div>`);
    expect(r.price?.amount).to.equal('199.99');
  });

  it('reads the crossed-out price from del/s/strike, inline line-through and old-named classes', () => {
    expect(dom('<h1>Apron</h1><p class="price"><del>3 590 ₽</del> <ins>2 990 ₽</ins></p>').regularPrice?.amount).to.equal('3590');
    expect(dom('<h1>Apron</h1><p><b>1 400 руб.</b> <span style="text-decoration: line-through">2 000 руб.</span></p>').regularPrice?.amount).to.equal('2000');
    const r = dom('<h1>Apron</h1><div><span class="price__old">5 999 ₽</span><span class="price__actual">4 799 ₽</span></div>');
    expect([r.price?.amount, r.regularPrice?.amount]).to.deep.equal(['4799', '5999']);
    expect(dom('<h1>Apron</h1><div class="pricing"><span class="sale">£149.00</span> <span>Was £199.00</span></div>').regularPrice?.amount).to.equal('199');
  });

  it('skips instalment, delivery, bonus, unit and trade-in prices', () => {
    const r = dom(`<h1>Bike</h1><div class="credit-badge">Рассрочка от <b>1 834 ₽</b> в месяц</div><div>Долями: 4 платежа по <span>5 497 ₽</span></div>
      <div class="pdp-price"><span class="current-price">21 990 ₽</span></div><div>+220 бонусов</div><div>Доставка — 590 ₽</div>
      <div><span>Цена за 1 кг:</span> <span class="p">1 099,33 ₽</span></div><div><span>С trade-in от</span> <span class="p">15 990 ₽</span></div>`);
    expect(r.price?.amount).to.equal('21990');
  });

  it('joins prices split across elements (sup cents, whole/fraction spans, Amazon offscreen)', () => {
    expect(dom('<h1>Pan</h1><div class="price"><span>2 799</span><sup>99</sup> <span>₽</span></div>').price?.amount).to.equal('2799.99');
    expect(dom('<h1>Table</h1><div class="pdp__price"><span>£</span><span class="pounds">149</span><span>.</span><span class="pence">00</span></div>').price?.amount).to.equal('149');
    const amazon = dom('<h1>Q20</h1><span class="a-price priceToPay"><span class="a-offscreen">$39.99</span><span aria-hidden="true"><span class="a-price-symbol">$</span><span class="a-price-whole">39<span class="a-price-decimal">.</span></span><span class="a-price-fraction">99</span></span></span>');
    expect(amazon.price?.amount).to.equal('39.99');
  });

  it('reports a card price labelled next to the main one', () => {
    const r = dom(`<h1>Shampoo</h1><div class="prices"><div><span>Цена</span> <span class="v">549 ₽</span></div><div><span>С картой клуба</span> <span class="v">459 ₽</span></div></div>`);
    expect(r.price?.amount).to.equal('549');
    expect(r.cardPrice?.amount).to.equal('459');
  });

  it('honours data-pc-hidden and data-pc-font-size when the scraper provides them', () => {
    const r = dom(`<h1 data-pc-font-size="28">Throw</h1><div><span class="price" data-pc-font-size="14" data-pc-hidden="true">$120.00</span>
      <span class="price" data-pc-font-size="12">$9.00</span><span class="price" data-pc-font-size="24">$96.00</span></div>`);
    expect(r.price?.amount).to.equal('96');
    expect(r.visibleAmounts.has('120')).to.equal(false);
  });

  it('accepts a currency-less number only when it is price-named, using the hint', () => {
    expect(dom('<h1>X</h1><div class="product-price">1 900</div>', 'RUB').price).to.deep.include({ amount: '1900', currency: 'RUB' });
    expect(dom('<h1>X</h1><div class="rating">4.8</div><div>1 234 отзыва</div>', 'RUB').price).to.equal(undefined);
  });

  it('finds availability near the product, not in recommendations', () => {
    expect(dom('<h1>Tent</h1><div class="price">8 450 ₽</div><div>Нет в наличии</div><div class="recently-viewed"><a href="/p/2">X</a><span>1 ₽</span><button>В корзину</button></div>').availability).to.equal('OutOfStock');
    expect(dom('<h1>Tent</h1><div class="price">8 450 ₽</div><button>Добавить в корзину</button>').availability).to.equal('InStock');
    expect(dom('<h1>Tent</h1><div class="price">8 450 ₽</div><p>Only 4 left in stock</p>').availability).to.equal('LimitedAvailability');
    expect(dom('<h1>Tent</h1><div class="price">8 450 ₽</div><p>Под заказ, 3-5 дней</p>').availability).to.equal('BackOrder');
  });

  it('does not take a logo h1 as the product title', () => {
    const r = dom('<div class="header"><h1 class="logo"><a href="/">Shop</a></h1></div><div class="product-info"><h2 class="product-info__title">Real Chair</h2><div class="product-info__price">7 890 руб.</div></div>');
    expect(r.name).to.equal('Real Chair');
    expect(r.price?.amount).to.equal('7890');
  });

  it('reads a range as its lower bound', () => {
    const r = dom('<h1>Tyre</h1><div class="model__price-range">от 9 870 до 12 400 ₽</div>');
    expect(r.price?.amount).to.equal('9870');
    expect(r.priceIsLowerBound).to.equal(true);
  });
});
