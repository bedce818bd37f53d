/**
 * Marketplace product cards (Ozon, Wildberries, Yandex Market, Megamarket, Lamoda …) and shops with club / member
 * prices: the price anyone pays is `price`, the card / wallet / Pay / club / member price is `prices[kind=card]`,
 * whatever the order, the font sizes and where the label sits. Snippets modelled on the hashed-class markup of those
 * cards (prices split into spans with thin spaces, `₽` in a span of its own).
 */
import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';
import { RELATED_HEADING } from '../../src/extraction/dom-signals.js';
import { availabilityFromText, isBuyButtonText, NOTIFY_TEXT } from '../../src/extraction/availability.js';

const page = (body: string, head = ''): string => `<html><head>${head}</head><body>${body}</body></html>`;
const card = (p: ReturnType<typeof extractProduct>): string | undefined => p.prices.find((x) => x.kind === 'card')?.amount;
const T = '\u2009';

describe('marketplace cards: the card price is never the price anyone pays', () => {
  it('a card price printed first and larger, labelled on the line below it, yields to the ordinary price beside it', () => {
    const p = extractProduct(page(`<h1 class="tsHeadline550Medium">Наушники Liberty 4 NC</h1>
      <div class="l4m_27"><div class="ml2_27"><button type="button"><div class="l3m_27"><div class="ml4_27"><span data-pc-font-size="28">6${T}329${T}₽</span></div>
        <div class="ml6_27"><span>c Ozon Картой</span></div></div></button></div>
      <div class="l1m_27"><div><span data-pc-font-size="20">6${T}590${T}₽</span><span data-pc-font-size="14">8${T}990${T}₽</span></div><span>без Ozon Карты</span></div></div>
      <button type="button">Добавить в корзину</button>`), { url: 'https://shop.example.ru/p/1' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['6590', '8990', '6329']);
  });

  it('a Pay price printed first and larger with its badge after it yields to the price "без карты Пэй" below', () => {
    const p = extractProduct(page(`<h1>Смартфон Apple iPhone 15 128 ГБ</h1><div class="_2xmHs"><div class="_3NaXx">
      <span class="ds-text_color_price-term" data-pc-font-size="30">62${T}990</span><span>&nbsp;₽</span> <span class="ds-badge"><span>Пэй</span></span></div>
      <div class="_2vB7b"><span class="ds-text_color_text-secondary" data-pc-font-size="14">64${T}990&nbsp;₽ без карты Пэй</span> <span data-pc-font-size="14"><s>79${T}990&nbsp;₽</s></span></div>
      <button type="button">В корзину</button></div>`), { url: 'https://shop.example.ru/p/15' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['64990', '79990', '62990']);
  });

  it('a wallet label on the line after the price row names the row\'s first price', () => {
    const p = extractProduct(page(`<h1 class="productTitle--J2W7I">Часы Redmi Watch 5</h1>
      <div class="priceBlock--HqQAs"><div class="priceWrap--G4Z4C"><span class="p--x7"><span>2&nbsp;790</span><span>&nbsp;₽</span></span>
        <ins class="final--iToZR">2&nbsp;876&nbsp;₽</ins><del>5&nbsp;999&nbsp;₽</del></div>
      <div class="row--Tk2"><span>c WB Кошельком</span></div></div><button type="button">Добавить в корзину</button>`), { url: 'https://shop.example.ru/p/2' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['2876', '5999', '2790']);
  });

  it('a card label after one price group and before the next price is the next price\'s label, not the first\'s', () => {
    const p = extractProduct(page(`<h1>Шампунь Elseve 400 мл</h1><div class="box"><div class="a"><span data-pc-font-size="16">549 ₽</span></div><div class="l">С картой клуба</div>
      <div class="b"><span data-pc-font-size="30">459 ₽</span></div></div><button type="button">В корзину</button>`), { url: 'https://shop.example.ru/p/3' });
    expect([p.price, card(p)]).to.deep.equal(['549', '459']);
  });

  it('a Pay logo image beside the price is its label ("Яндекс Пэй")', () => {
    const p = extractProduct(page(`<h1>Щетка Oral-B iO 3</h1><div class="_2xmHs">
      <div class="_1Lk9v"><span class="ds-valueLine"><span data-pc-font-size="30">5${T}390</span><span>&nbsp;₽</span></span><img src="/pay.svg" alt="Яндекс Пэй"></div>
      <div class="_1Lk9v"><span class="ds-valueLine"><span data-pc-font-size="16">5${T}690</span><span>&nbsp;₽</span></span><s>7${T}990&nbsp;₽</s></div>
      <button type="button">В корзину</button></div>`), { url: 'https://shop.example.ru/p/4' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['5690', '7990', '5390']);
  });

  it('member / club price words: «Цена для участников», Mitgliederpreis, cena klubowa, cena pro členy', () => {
    const lamoda = extractProduct(page(`<h1>Кроссовки Samba OG</h1><div class="_prices"><div><span data-pc-font-size="24">11${T}199&nbsp;₽</span></div>
      <div><span>Цена для участников Lamoda Club</span><span data-pc-font-size="16">10${T}639&nbsp;₽</span></div></div><button>Добавить в корзину</button>`), { url: 'https://shop.example.ru/p/5' });
    expect([lamoda.price, card(lamoda)]).to.deep.equal(['11199', '10639']);
    const de = extractProduct(page(`<h1>Wanderjacke MT500</h1><div class="pricebox"><div><span>Mitgliederpreis</span><span data-pc-font-size="28">79,99&nbsp;€</span></div>
      <div><span data-pc-font-size="18">89,99&nbsp;€</span><span>Nichtmitgliederpreis</span></div></div><button>In den Warenkorb</button>`), { url: 'https://shop.example.de/p/6' });
    expect([de.price, card(de)]).to.deep.equal(['89.99', '79.99']);
    const pl = extractProduct(page(`<h1>Krem Nivea 50 ml</h1><div class="prices"><div><span>Cena klubowa</span> <span data-pc-font-size="30">54,99&nbsp;zł</span></div>
      <div><span>Cena regularna</span> <span data-pc-font-size="18">69,99&nbsp;zł</span></div></div><button>Dodaj do koszyka</button>`), { url: 'https://shop.example.pl/p/7' });
    expect([pl.price, card(pl)]).to.deep.equal(['69.99', '54.99']);
    const cz = extractProduct(page(`<h1>Vysavač Rowenta X-Force</h1><div class="p-price"><div><strong data-pc-font-size="28">7 490 Kč</strong></div>
      <div><span data-pc-font-size="18">6 990 Kč</span> <span>Cena pro členy klubu</span></div></div><button>Do košíku</button>`), { url: 'https://shop.example.cz/p/8' });
    expect([cz.price, card(cz)]).to.deep.equal(['7490', '6990']);
  });

  it('loyalty-card words after the amount: z Kartą …, s klubovou kartou, mit PAYBACK Karte, Nectar Price', () => {
    const cases: Array<[string, string, string, string, string]> = [
      ['https://shop.example.pl/p', '49,99 zł', '39,99 zł', 'z Kartą Rossmann', '39.99'],
      ['https://shop.example.cz/p', '249 Kč', '219 Kč', 's klubovou kartou', '219'],
      ['https://shop.example.de/p', '4,99 €', '3,99 €', 'mit PAYBACK Karte', '3.99'],
      ['https://shop.example.co.uk/p', '£4.99', '£3.99', 'Nectar Price', '3.99'],
    ];
    for (const [url, ordinary, cardAmount, label, want] of cases) {
      const p = extractProduct(page(`<h1>Cream 50 ml</h1><div class="p"><div><span>${ordinary}</span></div><div><span>${cardAmount}</span> <span>${label}</span></div></div>
        <button>Add to basket</button>`), { url });
      expect(card(p), label).to.equal(want);
    }
  });

  it('when structured data gives the card price, the ordinary price the page shows beside it wins, and the decision says why', () => {
    const ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Монитор Huawei","offers":{"@type":"Offer","price":11490,"priceCurrency":"RUB"}}</script>';
    const p = extractProduct(page(`<h1>Монитор Huawei</h1><div class="css-prc"><div><span data-pc-font-size="30">11${T}490</span><span>₽</span><span>с картой клуба</span></div>
      <div><span data-pc-font-size="18">11${T}990</span><span>₽</span><span><s>13${T}990 ₽</s></span></div></div><button>В корзину</button>`, ld), { url: 'https://shop.example.ru/p/9' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['11990', '13990', '11490']);
    expect(p.decisions?.price).to.match(/json-ld 11490 lost to dom 11990: .*card price/);
  });
});

describe('marketplace cards: card labels in other places', () => {
  const url = 'https://shop.example.ru/p/20';
  it('"Без Ozon Карты" before the ordinary price denies the card, it does not cross the price out', () => {
    const p = extractProduct(page(`<h1>Пылесос Dreame</h1><div class="pb"><div><span>С Ozon Картой</span> <span>24${T}490${T}₽</span></div>
      <div><span>Без Ozon Карты</span> <span>25${T}990${T}₽</span></div></div><button>В корзину</button>`), { url });
    expect([p.price, card(p)]).to.deep.equal(['25990', '24490']);
  });

  it('"Вместо 34 990 ₽" is the price before discount', () => {
    const p = extractProduct(page(`<h1>Пылесос Dreame</h1><div class="pb"><div><span>24 490 ₽</span><span>с картой Пэй</span></div>
      <div><span>25 990 ₽</span><span>Вместо 34 990 ₽</span></div></div><button>В корзину</button>`), { url });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['25990', '34990', '24490']);
  });

  it('a card price named only by its aria-label or tooltip', () => {
    const aria = extractProduct(page(`<h1>Пылесос Dreame</h1><div class="pb"><div aria-label="Цена с картой Яндекс Пэй"><span>24 490 ₽</span></div>
      <div><span>25 990 ₽</span></div></div><button>В корзину</button>`), { url });
    expect([aria.price, card(aria)]).to.deep.equal(['25990', '24490']);
    const tip = extractProduct(page(`<h1>Пылесос Dreame</h1><div class="pb"><span title="Цена с WB Кошельком">24 490 ₽</span> <ins>25 990 ₽</ins> <del>31 000 ₽</del></div>
      <button>В корзину</button>`), { url });
    expect([tip.price, tip.regularPrice, card(tip)]).to.deep.equal(['25990', '31000', '24490']);
  });

  it('a structured price that the page shows crossed out beside a lower price and a card price loses, and the decision says why', () => {
    const ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"X","offers":{"@type":"Offer","price":"8990","priceCurrency":"RUB"}}</script>';
    const p = extractProduct(page(`<h1>Кофемашина</h1><div class="pb"><div><span>6 329 ₽</span> <span>с Ozon Картой</span></div>
      <div><span>6 590 ₽</span> <s>8 990 ₽</s></div></div><button>В корзину</button>`, ld), { url });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['6590', '8990', '6329']);
    expect(p.decisions?.price).to.equal('json-ld 8990 lost to dom 6590: the structured amount is shown crossed out beside it');
  });

  it('an adapter that reads the Pay price as the price (and no card price) yields to the ordinary price "без Пэй" beside it', () => {
    const p = extractProduct(page(`<h1 data-auto="productCardTitle">Пылесос Dreame</h1><div data-auto="price-block">
      <div><span data-auto="snippet-price-current"><span>24${T}390</span><span>&nbsp;₽</span></span><span>с Яндекс Пэй</span></div>
      <div><span>25${T}190&nbsp;₽</span><span> без Пэй</span></div><button>В корзину</button></div>`), { url: 'https://market.yandex.ru/product--x/123' });
    expect([p.price, p.regularPrice, card(p)]).to.deep.equal(['25190', null, '24390']);
    expect(p.decisions?.price).to.equal("adapter:yandex-market 24390 lost to dom 25190: the adapter's amount is the card price the page labels beside the ordinary one");
  });

  it('«со СберПрайм» is a member price; a cashback «при оплате картой» is no price at all', () => {
    const prime = extractProduct(page('<h1>Пылесос</h1><div class="pb"><div>32 990 ₽</div><div>31 990 ₽ со СберПрайм</div></div><button>Купить</button>'), { url });
    expect([prime.price, card(prime)]).to.deep.equal(['32990', '31990']);
    const cashback = extractProduct(page('<h1>Пылесос</h1><div class="pb"><div>32 990 ₽</div><div>Кешбэк 3 299 ₽ при оплате картой</div></div><button>Купить</button>'), { url });
    expect([cashback.price, card(cashback)]).to.deep.equal(['32990', undefined]);
  });
});

describe('marketplace cards: reference prices, split prices, zones', () => {
  it('an Omnibus "lowest price in the last 30 days" line is never the price', () => {
    const p = extractProduct(page(`<h1 class="page-title">Krem Nivea 50 ml</h1><div class="product-prices">
      <div class="product-prices__regular"><span class="product-prices__regular-label">Cena regularna</span> <span class="product-prices__regular-value">69,99&nbsp;zł</span></div>
      <div class="product-prices__omnibus">Najniższa cena z 30 dni przed obniżką: 64,99 zł</div></div>
      <form action="/checkout/cart/add/"><button type="submit">Dodaj do koszyka</button></form>`), { url: 'https://shop.example.pl/p/10' });
    expect(p.price).to.equal('69.99');
  });

  it('two price lines in separate blocks stay two prices though a thin space joins their text', () => {
    const p = extractProduct(page(`<h1>Чайник Kitfort KT-6190</h1><div class="pb-price"><div class="pb-price__current">2\u202f199</div>
      <div class="pb-price__prev"><span>2\u202f799</span> <span>₽</span></div></div><button>Купить</button>`), { url: 'https://shop.example.ru/p/11' });
    expect([p.price, p.regularPrice]).to.deep.equal(['2199', '2799']);
  });

  it('a discount badge of its own ("−50%") beside a higher price marks it as the price before discount', () => {
    const p = extractProduct(page(`<h1>Наушники QCY T13</h1><div class="SnowPrice"><div class="main" data-pc-font-size="32">1${T}011,05&nbsp;₽</div>
      <div class="second"><span data-pc-font-size="14">2${T}022,10&nbsp;₽</span><span>−50%</span></div></div><button>В корзину</button>`), { url: 'https://shop.example.ru/p/12' });
    expect([p.price, p.regularPrice]).to.deep.equal(['1011.05', '2022.10']);
  });

  it('class-less page regions with ids are not repeated listing tiles (a card row with a link is still the product\'s)', () => {
    const p = extractProduct(page(`<div id="centerCol"><div id="title_feature_div"><h1 id="title">Air Fryer Max XL</h1></div><div id="byline_feature_div"><a href="/stores/x">Visit the Store</a></div>
      <div id="price_row"><div><span class="a-price"><span class="a-offscreen">$119.99</span><span aria-hidden="true">$119.99</span></span></div>
      <div><span>Prime Member Price</span></div><div><span class="a-price"><span class="a-offscreen">$99.99</span><span aria-hidden="true">$99.99</span></span></div>
      <div><a href="/prime">Join Prime</a></div></div></div>`), { url: 'https://shop.example.com/p/13' });
    expect([p.price, card(p)]).to.deep.equal(['119.99', '99.99']);
  });

  it('an adapter price selector that now matches only an accessory tile is not read', () => {
    const p = extractProduct(page(`<h1 class="title-new">Чайник Kitfort KT-6190</h1><div class="pb-price"><div class="pb-price__current">2 199 ₽</div></div>
      <button class="buy-btn">Купить</button>
      <div class="product-accessories"><div class="catalog-product"><a href="/product/f/">Фильтр</a><div class="product-buy__price">299 ₽</div></div></div>`),
    { url: 'https://www.dns-shop.ru/product/a1/kitfort-kt-6190/' });
    expect(p.price).to.equal('2199');
    expect(p.provenance.price).to.equal('dom');
  });

  it('the title wins over a structured name that leaves out the variant the title shows', () => {
    const ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Кофемашина Philips EP2231/40","offers":{"@type":"Offer","price":"32990","priceCurrency":"RUB"}}</script>';
    const p = extractProduct(page('<h1>Кофемашина Philips EP2231/40, черный</h1><div><span>32 990 ₽</span></div>', ld), { url: 'https://shop.example.ru/p/14' });
    expect(p.name).to.equal('Кофемашина Philips EP2231/40, черный');
    expect(p.decisions?.name).to.match(/title shows the variant/);
  });
});

describe('marketplace cards: sold-out wording', () => {
  it('reads «Раскупили» and «Подписаться на поступление» as out of stock', () => {
    expect(availabilityFromText('Раскупили')).to.equal('OutOfStock');
    expect(NOTIFY_TEXT.test('Подписаться на поступление')).to.equal(true);
    const p = extractProduct(page('<h1>Капсулы Cappuccino</h1><div class="b"><span>629 ₽</span><p class="s">Раскупили</p></div>'), { url: 'https://shop.example.ru/p/16' });
    expect(p.availability).to.equal('OutOfStock');
  });

  it('reads «Товар временно недоступен» / «больше недоступен» as out of stock', () => {
    expect(availabilityFromText('Товар временно недоступен')).to.equal('OutOfStock');
    expect(availabilityFromText('Этот товар больше недоступен')).to.equal('OutOfStock');
    const p = extractProduct(page('<h1>Пылесос</h1><div class="pb"><div>32 990 ₽</div><div>Товар временно недоступен</div></div>'), { url: 'https://shop.example.ru/p/21' });
    expect(p.availability).to.equal('OutOfStock');
  });

  it('a buy button repeating the price ("В корзину 42 990 ₽", "Купить за 6 590 ₽") is a buy button', () => {
    const p = extractProduct(page(`<h1>Фен Dyson HD07</h1><div class="b"><span>42${T}990${T}₽</span><button><span>В корзину</span><span>42 990 ₽</span></button></div>`),
      { url: 'https://shop.example.ru/p/17' });
    expect([p.price, p.availability]).to.deep.equal(['42990', 'InStock']);
    expect(isBuyButtonText('Купить за 6 590 ₽')).to.equal(true);
    expect(isBuyButtonText('Add to cart – $49.99')).to.equal(true);
  });

  it('a buy button showing that the product is already in the cart ("В корзине", "In cart", "Im Warenkorb") means it can be bought', () => {
    const p = extractProduct(page(`<h1>Фен</h1><div class="pb"><span>4 290 ₽</span><button class="btn">В корзине</button></div>`), { url: 'https://shop.example.ru/p/23' });
    expect(p.availability).to.equal('InStock');
    for (const text of ['In cart', 'Added to cart', 'Im Warenkorb', 'Dans le panier', 'En el carrito', 'Nel carrello', 'No carrinho', 'W koszyku', 'V košíku', 'Sepette']) {
      expect(isBuyButtonText(text), text).to.equal(true);
    }
    // A header basket summary is not a buy button.
    expect(isBuyButtonText('В корзине 3 товара')).to.equal(false);
  });

  it('reads the buy control of a card that marks up no button: a clickable div, a button with a delivery line', () => {
    const url = 'https://shop.example.ru/p/22';
    const div = extractProduct(page('<h1>Фен</h1><div class="pb"><span>4 290 ₽</span><div class="a1b2"><div class="c3d4">В корзину</div></div></div>'), { url });
    expect(div.availability).to.equal('InStock');
    const twoLines = extractProduct(page('<h1>Фен</h1><div class="pb"><span>4 290 ₽</span><button><span>Добавить в корзину</span><span>Доставим завтра</span></button></div>'), { url });
    expect(twoLines.availability).to.equal('InStock');
    const shops = extractProduct(page('<h1>Фен</h1><div class="pb"><span>4 290 ₽</span><span>Есть в 25 магазинах</span></div>'), { url });
    expect(shops.availability).to.equal('InStock');
  });

  it('a sold-out card beside two recommendation cards with their own cart buttons: no price, out of stock', () => {
    const tile = (i: number): string => `<div class="t${i}"><a href="/product/other-${i}/"><span>${i + 3}${T}990${T}₽</span><span>Фен ${i}</span></a><button>В корзину</button></div>`;
    const p = extractProduct(page(`<h1>Фен Dyson HD07</h1><div class="b"><span>Товар закончился</span></div>
      <div class="x1"><div class="x2">Выбор покупателей</div><div class="x3">${tile(0)}${tile(1)}</div></div>`), { url: 'https://shop.example.ru/p/18' });
    expect([p.price, p.availability]).to.deep.equal([null, 'OutOfStock']);
    const far = extractProduct(page(`<div class="top"><h1>Фен Dyson HD07</h1><div class="x3">${tile(0)}${tile(1)}</div></div>
      <div class="bottom"><div class="w"><div class="v"><p>Товар закончился</p></div></div></div>`), { url: 'https://shop.example.ru/p/18' });
    expect(far.availability).to.equal('OutOfStock');
    for (const heading of ['Популярные товары', 'Вам могут понравиться', 'Рекомендации для вас', 'Вы недавно смотрели', 'Может заинтересовать']) {
      expect(RELATED_HEADING.test(heading), heading).to.equal(true);
    }
  });

  it('a block whose first line reads «Часто покупают вместе» is about other products, its cart button too', () => {
    const p = extractProduct(page(`<h1>Фен Dyson HD07</h1><div class="b"><p>Товар закончился</p></div>
      <div class="x1"><div class="x2">Часто покупают вместе</div><div><span>1 290 ₽</span><span>Насадка</span></div><button>Добавить в корзину</button></div>`),
    { url: 'https://shop.example.ru/p/19' });
    expect([p.price, p.availability]).to.deep.equal([null, 'OutOfStock']);
  });

  it('a «Похожий товар» offer inside the sold-out card\'s buy block is another product: no price, out of stock', () => {
    const p = extractProduct(page(`<h1>Фен</h1><div class="b"><p>Товар закончился</p><div class="sim"><span>Похожий товар</span><a href="/p/9/">Фен Philips</a>
      <span>3 990 ₽</span><button>В корзину</button></div></div>`), { url: 'https://shop.example.ru/p/0/' });
    expect([p.price, p.availability]).to.deep.equal([null, 'OutOfStock']);
  });

  it('a sold-out card whose only prices are in a recommendation list gives no price', () => {
    const p = extractProduct(page(`<h1 class="productTitle--J2W7I">Капсулы Cappuccino, 16 шт</h1>
      <aside class="productAside--d8Ee"><div class="block--Pp2"><p>Раскупили</p><button type="button">Подписаться на поступление</button></div></aside>
      <section class="block--u7"><div class="head--k2"><h2>Вам могут понравиться</h2></div><div class="list--s4">
        <article class="card--qa1"><a href="/catalog/1/detail.aspx"><ins>629&nbsp;₽</ins></a><button type="button">В корзину</button></article>
        <article class="card--qa1"><a href="/catalog/2/detail.aspx"><ins>584&nbsp;₽</ins></a><button type="button">В корзину</button></article>
        <article class="card--qa1"><a href="/catalog/3/detail.aspx"><ins>712&nbsp;₽</ins></a><button type="button">В корзину</button></article></div></section>`),
    { url: 'https://shop.example.ru/catalog/145236987/detail.aspx' });
    expect([p.price, p.availability]).to.deep.equal([null, 'OutOfStock']);
  });
});
