/**
 * Issue #10, class by class, on minimal pages WITHOUT structured data: local currency marks, prices split over
 * elements, card / club / Plus / Pay prices, availability from words and buy buttons in every language the issue
 * lists, and in-stock pages that must not read as out of stock.
 */
import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';

const page = (body: string, lang = ''): string => `<html${lang ? ` lang="${lang}"` : ''}><head></head><body>${body}</body></html>`;
const card = (title: string, priceBlock: string, extra = ''): string =>
  `<div class="product"><h1>${title}</h1><div class="price-block">${priceBlock}</div>${extra}</div>`;

describe('issue #10 without structured data: local currency marks', () => {
  const cases: Array<[string, string, string, string, string, string]> = [
    // url, lang, price html, amount, currency, raw
    ['https://shop.example.co.kr/p/1', 'ko', '<span class="price">129,000원</span>', '129000', 'KRW', '원'],
    ['https://shop.example.hr/p/1', 'hr', '<span class="price">459,99 kn</span>', '459.99', 'HRK', 'kn'],
    ['https://shop.example.hr/p/2', 'hr', '<span class="price">1.459,00 Kn</span>', '1459', 'HRK', 'Kn'],
    ['https://shop.example.com.tw/p/1', 'zh-TW', '<span class="price">NT$ 2,490</span>', '2490', 'TWD', 'NT$'],
    ['https://shop.example.pl/p/1', 'pl', '<span class="price">89,99 zł</span>', '89.99', 'PLN', 'zł'],
    ['https://shop.example.cz/p/1', 'cs', '<span class="price">12 990 Kč</span>', '12990', 'CZK', 'Kč'],
    ['https://shop.example.com.tr/p/1', 'tr', '<span class="price">2.499,00 ₺</span>', '2499', 'TRY', '₺'],
    ['https://shop.example.com.do/p/1', 'es-DO', '<span class="price">RD$1,250.00</span>', '1250', 'DOP', 'RD$'],
    ['https://shop.example.co.jp/p/1', 'ja', '<span class="price">12,800円</span><span>(税込)</span>', '12800', 'JPY', '円'],
    ['https://shop.example.com/p/jp', 'ja', '<span class="price">￥12,800</span><span>税込</span>', '12800', 'JPY', '￥'],
    ['https://shop.example.cn/p/1', 'zh-CN', '<span class="price">￥899.00</span>', '899', 'CNY', '￥'],
    ['https://shop.example.com/p/cn', 'zh-CN', '<span class="price">¥899.00</span>', '899', 'CNY', '¥'],
    ['https://shop.example.com.br/p/1', 'pt-BR', '<span class="price">R$ 149,90</span>', '149.90', 'BRL', 'R$'],
    ['https://shop.example.com.hk/p/1', 'zh-HK', '<span class="price">HK$1,299</span>', '1299', 'HKD', 'HK$'],
    ['https://shop.example.com/p/hk', 'en', '<span class="price">HK$ 1,299.00</span>', '1299', 'HKD', 'HK$'],
    ['https://shop.example.cl/p/1', 'es-CL', '<span class="price">$19.990</span>', '19990', 'CLP', '$'],
    ['https://shop.example.com.ar/p/1', 'es-AR', '<span class="price">$ 24.999</span>', '24999', 'ARS', '$'],
    ['https://shop.example.com.mx/p/1', 'es-MX', '<span class="price">$1,299.00</span>', '1299', 'MXN', '$'],
    ['https://shop.example.mx/p/1', 'es', '<span class="price">$1,299.00</span>', '1299', 'MXN', '$'],
    ['https://shop.example.co/p/1', 'es', '<span class="price">$ 129.900</span>', '129900', 'COP', '$'],
  ];
  for (const [url, lang, html, amount, currency, raw] of cases) {
    it(`${raw} on ${new URL(url).hostname} (${lang}) → ${amount} ${currency}`, () => {
      const p = extractProduct(page(card('Produkt 1', html), lang), { url });
      expect([p.price, p.currency, p.currencyRaw]).to.deep.equal([amount, currency, raw]);
    });
  }
});

describe('issue #10 without structured data: prices split over elements', () => {
  it('a camelCase cents class (bonprix "productPriceDecimal"), a "superscript" span (older Amazon) and a separator block (Lidl)', () => {
    const url = 'https://shop.example.co.uk/p/1';
    const camel = extractProduct(page(card('Suit', '<span><span class="poundSymbolText">&pound;</span><span class="productPriceInteger">49</span><span class="productPriceDecimal">99</span></span>')), { url });
    expect(camel.price).to.equal('49.99');
    const sup = extractProduct(page(card('Tape', '<span class="price-info-superscript"> £ </span><span class="price-large"> 34 </span><span class="price-info-superscript"> 99 </span>')), { url });
    expect(sup.price).to.equal('34.99');
    const blocks = extractProduct(page(card('Tent', `<div class="pricelabel__price"><div class="pricelabel__integer">39</div>
      <div class="pricelabel__separator">.</div><div class="pricelabel__decimal-superscript">99</div></div><span>€</span>`)), { url: 'https://shop.example.nl/p/1' });
    expect(blocks.price).to.equal('39.99');
    // Cdiscount / Fnac: the euro sign as the decimal comma, the cents in a <sup>.
    const euro = extractProduct(page(card('iPhone X', '<div class="price"> 779<sup>&euro;99</sup></div><p class="fpStriked"> 1100,00 €</p>')), { url: 'https://shop.example.fr/p/1' });
    expect([euro.price, euro.currency]).to.deep.equal(['779.99', 'EUR']);
    // Two prices written side by side are not merged into one by the euro-decimal reading.
    const twin = extractProduct(page(card('Rasierer', '<span class="a-price">49,99 €</span><span class="a-text-price">49,99€</span>')), { url: 'https://shop.example.de/p/1' });
    expect(twin.price).to.equal('49.99');
    // Two prices in two blocks stay two prices.
    const two = extractProduct(page(card('Lamp', '<div class="p"><div class="old">2 799 ₽</div><div class="new">2 199 ₽</div></div>')), { url: 'https://shop.example.ru/p/1' });
    expect(two.price).to.equal('2199');
  });

  it('<span>1 299</span><sup>99</sup> ₽', () => {
    const p = extractProduct(page(card('Дрель', '<span class="price"><span>1 299</span><sup>99</sup> ₽</span>')), { url: 'https://s.example.ru/p/1' });
    expect([p.price, p.currency]).to.deep.equal(['1299.99', 'RUB']);
  });
  it('¥<em>89,800</em> on a Japanese page', () => {
    const p = extractProduct(page(card('カメラ', '<p class="price">¥<em>89,800</em><span>(税込)</span></p>'), 'ja'), { url: 'https://s.example.jp/p/1' });
    expect([p.price, p.currency]).to.deep.equal(['89800', 'JPY']);
  });
  it('whole and cents in separate elements with the symbol first', () => {
    const p = extractProduct(page(card('Drill', '<div class="price"><span class="currency">$</span><span class="dollars">49</span><span class="cents">99</span></div>')),
      { url: 'https://s.example.com/p/1' });
    expect([p.price, p.currency]).to.deep.equal(['49.99', 'USD']);
  });
});

describe('issue #10: prices on the new tuning pages (eMAG, Laas)', () => {
  it('"2.999<sup>99</sup> Lei": a dot-grouped whole part takes the fraction as decimals', () => {
    const p = extractProduct(page(card('Telefon', '<p class="product-new-price">2&#46;999<sup>99</sup> <span>Lei</span></p>'), 'ro'), { url: 'https://www.shop.example.ro/p/1' });
    expect([p.price, p.currency]).to.deep.equal(['2999.99', 'RON']);
  });
  it('an og amount "439.000" in a currency without minor units is 439000, and the visible sale price beats it', () => {
    const html = `<html lang="vi"><head><meta property="product:price:amount" content="439.000"><meta property="product:price:currency" content="VND"></head><body>
      <form><h1>Áo thun</h1><div class="framepricedetail"><div class="pricedetail">100.000 đ<br><span class="oldprice">439.000 đ</span><br><span class="percentoff">- 77%</span></div></div>
      <button type="submit">Thêm vào giỏ hàng</button></form></body></html>`;
    const p = extractProduct(html, { url: 'https://laas.example.vn/p/1' });
    expect([p.price, p.regularPrice, p.currency]).to.deep.equal(['100000', '439000', 'VND']);
    expect(p.decisions?.price).to.match(/shown crossed out/);
  });
});

describe('issue #10: reference prices', () => {
  it('"Free Shipping  Was $49": a fee named before the "Was" label does not make the old price a fee', () => {
    const p = extractProduct(page(card('Padlock lockbox', `<h3 class="price"><span>$19</span></h3><div><span class="tip">Free Shipping</span></div>
      <small id="was-price">Was <span>$49</span></small><div><small>You Save <span>$30</span> (61%)</small></div>`, '<button class="btn">Add to Cart</button>')), { url: 'https://shop.example.com.au/p/1' });
    expect([p.price, p.regularPrice]).to.deep.equal(['19', '49']);
  });
});

describe('issue #10 without structured data: card / club / Plus / Pay prices', () => {
  const ru: Array<[string, string]> = [
    ['с картой', '<div class="price-card"><span class="price">899 ₽</span><span class="label">с картой</span></div><div class="price-regular"><span class="price">999 ₽</span></div>'],
    ['по карте', '<div><span class="price">899 ₽</span> <span>по карте магазина</span></div><div><span class="price">999 ₽</span> <span>без карты</span></div>'],
    ['с Пэй', '<div><span class="price">899 ₽</span><span>с Пэй</span></div><div><span class="price">999 ₽</span></div>'],
    ['Яндекс Пэй', '<div class="pay"><span>899 ₽</span><span>с Яндекс Пэй</span></div><div class="main"><span class="price">999 ₽</span></div>'],
    ['с Плюсом', '<div><span class="price">899 ₽</span> <span>с Плюсом</span></div><div><span class="price">999 ₽</span></div>'],
    ['клубная цена', '<div><span>Клубная цена</span> <span class="price">899 ₽</span></div><div><span>Цена</span> <span class="price">999 ₽</span></div>'],
    ['по клубной карте', '<div><span class="price">899 ₽</span> <span>по клубной карте</span></div><div><span class="price">999 ₽</span></div>'],
    ['для членов клуба', '<div><span class="price">899 ₽</span> <span>для членов клуба</span></div><div><span class="price">999 ₽</span></div>'],
  ];
  /** Each labelled pair on a page of that language: the ordinary price is the price, the other the card price. */
  const cardCases = (lang: 'ru' | 'en', cases: Array<[string, string]>, title: string, buy: string, host: string, expected: [string, string]) => {
    for (const [label, html] of cases) {
      it(`${lang} "${label}": the ordinary price is the price, the other the card price`, () => {
        const p = extractProduct(page(card(title, html, `<button class="buy">${buy}</button>`), lang), { url: `https://${host}/p/1` });
        expect([p.price, p.prices.find((x) => x.kind === 'card')?.amount]).to.deep.equal(expected);
      });
    }
  };
  cardCases('ru', ru, 'Пылесос', 'В корзину', 'shop.example.ru', ['999', '899']);
  it('"Обычная цена" / "Regular price" beside a card or member price is the price anyone pays, not a crossed-out one', () => {
    const ru = extractProduct(page(card('Сахар', '<div><span>Цена по карте лояльности</span><span class="price">1 099 ₽</span></div><div><span>Обычная цена</span><span class="price">1 199 ₽</span></div>',
      '<button class="buy">В корзину</button>'), 'ru'), { url: 'https://shop.example.ru/p/1' });
    expect([ru.price, ru.regularPrice, ru.prices.find((x) => x.kind === 'card')?.amount]).to.deep.equal(['1199', null, '1099']);
    const en = extractProduct(page(card('Sugar', '<div><span>Member price</span> <span class="price">$10.99</span></div><div><span>Regular price</span> <span class="price">$12.99</span></div>',
      '<button class="buy">Add to cart</button>'), 'en'), { url: 'https://shop.example.com/p/1' });
    expect([en.price, en.regularPrice, en.prices.find((x) => x.kind === 'card')?.amount]).to.deep.equal(['12.99', null, '10.99']);
    // Without a card price, "Regular price" stays the price before a sale.
    const sale = extractProduct(page(card('Sugar', '<div><span>Regular price</span> <span class="price">$12.99</span></div><div><span>Sale price</span> <span class="price">$10.99</span></div>',
      '<button class="buy">Add to cart</button>'), 'en'), { url: 'https://shop.example.com/p/1' });
    expect([sale.price, sale.regularPrice]).to.deep.equal(['10.99', '12.99']);
  });

  const en: Array<[string, string]> = [
    ['member price', '<div><span>Member price</span> <span class="price">$89.00</span></div><div><span>Price</span> <span class="price">$99.00</span></div>'],
    ['with card', '<div><span class="price">$89.00</span> <span>with card</span></div><div><span class="price">$99.00</span></div>'],
    ['club price', '<div><span>Club price</span> <span class="price">$89.00</span></div><div><span class="price">$99.00</span></div>'],
  ];
  cardCases('en', en, 'Vacuum', 'Add to cart', 'shop.example.com', ['99', '89']);
});

describe('issue #10 without structured data: availability from words and buttons', () => {
  const langs: Array<[string, string, string, string]> = [
    // lang, buy button, out-of-stock phrase, sold-out button text
    ['en', 'Add to cart', 'Out of stock', 'Sold out'],
    ['ru', 'Добавить в корзину', 'Нет в наличии', 'Нет в наличии'],
    ['de', 'In den Warenkorb', 'Nicht auf Lager', 'Ausverkauft'],
    ['fr', 'Ajouter au panier', 'Rupture de stock', 'Épuisé'],
    ['es', 'Añadir a la cesta', 'Sin stock', 'Agotado'],
    ['it', 'Aggiungi al carrello', 'Non disponibile', 'Esaurito'],
    ['pt', 'Comprar', 'Indisponível', 'Esgotado'],
    ['pl', 'Do koszyka', 'Brak w magazynie', 'Wyprzedane'],
    ['cs', 'Do košíku', 'Není skladem', 'Vyprodáno'],
    ['nl', 'In winkelwagen', 'Niet op voorraad', 'Uitverkocht'],
    ['tr', 'Sepete ekle', 'Stokta yok', 'Tükendi'],
    ['ko', '장바구니', '재고 없음', '품절'],
    ['ja', 'カートに入れる', '在庫切れ', '売り切れ'],
    ['zh', '加入购物车', '暂时缺货', '已售罄'],
  ];
  const product = (extra: string): string => card('Produkt', '<span class="price">1 299,00 €</span>', extra);
  for (const [lang, buy, phrase, soldOut] of langs) {
    it(`${lang}: buy button → InStock; "${phrase}" → OutOfStock; disabled "${soldOut}" button → OutOfStock; disabled "${buy}" alone → not OutOfStock`, () => {
      const url = 'https://shop.example.eu/p/1';
      expect(extractProduct(page(product(`<button type="submit" class="btn">${buy}</button>`), lang), { url }).availability, 'buy').to.equal('InStock');
      expect(extractProduct(page(product(`<p class="stock-status">${phrase}</p>`), lang), { url }).availability, 'phrase').to.equal('OutOfStock');
      expect(extractProduct(page(product(`<button type="submit" class="btn" disabled>${soldOut}</button>`), lang), { url }).availability, 'sold-out button').to.equal('OutOfStock');
      expect(extractProduct(page(product(`<button type="submit" class="btn" disabled>${buy}</button>`), lang), { url }).availability, 'greyed buy').to.not.equal('OutOfStock');
    });
  }
});

describe('issue #10 without structured data: in-stock pages that must not read as out of stock', () => {
  const url = 'https://shop.example.com/p/1';
  it('a sold-out variant swatch', () => {
    const p = extractProduct(page(card('Tee', '<span class="price">$25.00</span>', `<div class="swatches"><div class="swatch"><span>S</span><span class="badge">Sold out</span></div>
      <div class="swatch"><span>M</span></div></div><button type="submit" class="btn add-to-cart">Add to cart</button>`)), { url });
    expect(p.availability).to.equal('InStock');
  });
  it('"notify me" for another size', () => {
    const p = extractProduct(page(card('Tee', '<span class="price">$25.00</span>', `<ul class="size-list"><li>S <a href="#" class="notify">Notify me when available</a></li><li>M</li></ul>
      <button type="submit" class="btn add-to-cart">Add to cart</button>`)), { url });
    expect(p.availability).to.equal('InStock');
  });
  it('a sold-out recommendation', () => {
    const p = extractProduct(page(`${card('Tee', '<span class="price">$25.00</span>', '<button type="submit" class="btn add-to-cart">Add to cart</button>')}
      <section class="recommendations"><h2>You may also like</h2><div class="tile"><a href="/p/2">Hoodie</a><span>$45.00</span><span class="badge">Sold out</span></div></section>`), { url });
    expect(p.availability).to.equal('InStock');
  });
  it('a hidden "sold out — notify me" restock form beside a live Add to cart (the theme\'s other-state template)', () => {
    const p = extractProduct(page(card('Tee', '<span class="price">$25.00</span>', `<form action="/cart/add"><button type="submit" name="add" class="btn">Add to cart</button></form>
      <div class="product-form__notify hidden"><p>This item is sold out</p><button class="btn">Notify me when available</button></div>`)), { url });
    expect(p.availability).to.equal('InStock');
    // The same words shown (not hidden) are the page's message.
    const shown = extractProduct(page(card('Tee', '<span class="price">$25.00</span>', `<form action="/cart/add"><button type="submit" name="add" class="btn">Add to cart</button></form>
      <p>This item is sold out</p><button class="btn">Notify me when available</button>`)), { url });
    expect(shown.availability).to.equal('OutOfStock');
    // A class-hidden status line without a notify form still counts (a saved page keeps script-revealed lines hidden).
    const status = extractProduct(page(card('Frame', '<span class="price">$180.00</span>', `<div class="hide"><p>Online Availability:</p><p class="stock_status">Out of Stock</p></div>
      <p>Sold out online</p><button type="submit" class="btn">Add to Cart</button>`)), { url });
    expect(status.availability).to.equal('OutOfStock');
  });

  it('no buy button and no words: availability is unknown, not out of stock', () => {
    const p = extractProduct(page(card('Tee', '<span class="price">$25.00</span>')), { url });
    expect(p.availability).to.equal(null);
  });
});
