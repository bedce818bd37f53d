/**
 * sku, gtin and brand on real shop pages (issue #10): each class on the real tuning page where the corpus has
 * one and on a minimal page of the class (label words in many languages, label/value pairs in the DOM, layer
 * agreement with the visible page, recorded in `product.decisions`).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readPageHtml } from '../../src/cli/corpus.js';
import { extractProduct } from '../../src/extraction/index.js';
import { parseLenientJson } from '../../src/extraction/json-parse.js';
import { validGtin } from '../../src/extraction/dom-identifiers.js';
import type { ExtractedProduct } from '../../src/extraction/types.js';

const URL = 'https://shop.example.com/p/1';
const page = (body: string, head = ''): string => `<html><head>${head}</head><body>${body}</body></html>`;
const extract = (html: string, url = URL): ExtractedProduct => extractProduct(html, { url });
const real = (name: string): ExtractedProduct => {
  const expected = JSON.parse(readFileSync(`fixtures/real/${name}.expected.json`, 'utf8')) as { url: string };
  return extractProduct(readPageHtml(`fixtures/real/${name}.html`), { url: expected.url });
};
const ids = (p: ExtractedProduct): [string | null, string | null, string | null] => [p.sku, p.gtin, p.brand];
/** A product block: title, price and buy button, with `extra` beside them. */
const block = (extra: string, title = 'Akku-Bohrschrauber X18'): string =>
  page(`<main><div class="product"><h1>${title}</h1>${extra}<div class="price">129,99 €</div><button>In den Warenkorb</button></div></main>`);

describe('identifiers: brand', () => {
  it('reads the text of a brand link, not its href (Ulabox `<a itemprop="brand" href="/marca/durex/122">`)', () => {
    const p = real('es-ulabox-durex-pack-unit-price');
    expect(p.brand).to.equal('Durex');
    expect(p.provenance.brand).to.equal('microdata');
    const minimal = extract(page(`<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Pack</h1>
      <a itemprop="brand" href="/marca/acme/12">Acme</a><meta itemprop="price" content="9.99"><meta itemprop="priceCurrency" content="EUR"></div>`));
    expect(minimal.brand).to.equal('Acme');
  });

  it('never takes a bare link as the brand (`<link itemprop="brand" href>`)', () => {
    const p = extract(page(`<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Pack</h1>
      <link itemprop="brand" href="/marca/acme/12"><meta itemprop="price" content="9.99"><meta itemprop="priceCurrency" content="EUR"></div>`));
    expect(p.brand ?? '').not.to.match(/\//);
  });

  it('never takes the label as the brand ("Marka:" beside a link, GittiGidiyor)', () => {
    const p = real('tr-gittigidiyor-huawei-mate20-lite');
    expect(p.brand).to.equal('Huawei');
    for (const [label, brand] of [['Marka:', 'Huawei'], ['Marca:', 'Bosch'], ['Hersteller:', 'Makita'], ['Бренд:', 'Ресанта']]) {
      const m = extract(block(`<div class="brandModel"><span class="bold">${label}</span> <span class="product-brand"><a href="/b/1">${brand}</a></span></div>`));
      expect(m.brand, label).to.equal(brand);
    }
  });

  it('drops a separator printed after the brand ("Tefal -", Debenhams)', () => {
    expect(real('uk-debenhams-tefal-pan-set-was-then-now').brand).to.equal('Tefal');
    expect(extract(block('<span class="brand-name">Tefal - </span>')).brand).to.equal('Tefal');
  });

  it('takes the leading part of a split title as the brand when the breadcrumb lists it (Ikebe), keeping the name', () => {
    const p = real('jp-ikebe-usb-cable-outlet');
    expect(p.brand).to.equal('Teenage Engineering');
    expect(p.name).to.equal('USB cable type C to type C【箱損アウトレット】');
    const minimal = extract(page(`<ol class="breadcrumb"><li><a href="/">TOP</a></li><li><a href="/c/1">Roland</a></li></ol>
      <div class="product"><h1><span class="copy">Roland</span> <span class="name">TR-8S Rhythm Performer</span></h1><div class="price">¥98,000</div><button>カートに入れる</button></div>`));
    expect(minimal.brand).to.equal('Roland');
    const noCrumb = extract(page(`<div class="product"><h1><span>New</span> <span>TR-8S Rhythm Performer</span></h1><div class="price">¥98,000</div></div>`));
    expect(noCrumb.brand).to.equal(null);
  });

  it('reads brand (and sku) from JSON-LD that forgot a comma at a line end (Currys)', () => {
    const p = real('uk-currys-braun-shaver-was-save');
    expect([p.sku, p.brand, p.provenance.sku]).to.deep.equal(['10155616', 'BRAUN', 'json-ld']);
    expect(parseLenientJson('{\n "price": "199",\n "itemCondition": "New"\n   "priceCurrency": "GBP"\n}')).to.deep.equal({ price: '199', itemCondition: 'New', priceCurrency: 'GBP' });
  });

  it('an identifier row is never the brand', () => {
    const p = extract(block('<div class="product-brand">Артикул: 06019G8000</div>'));
    expect(p.brand).to.equal(null);
    expect(p.sku).to.equal('06019G8000');
  });
});

describe('identifiers: sku', () => {
  it('prefers the shown article number to a JSON-LD productID shown nowhere (Ikebe "c13" vs 商品番号 750592), recording the decision', () => {
    const p = real('jp-ikebe-usb-cable-outlet');
    expect(p.sku).to.equal('750592');
    expect(p.decisions?.sku).to.match(/^json-ld c13 lost to dom 750592/);
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Cable', productID: 'x7', offers: { '@type': 'Offer', price: '20', priceCurrency: 'EUR' } })}</script>`;
    const shown = extract(block('<div><span>Artikelnummer</span> <span>750592</span></div>', 'Cable') + ld);
    expect(shown.sku).to.equal('750592');
    // The productID is printed on the page: it stays.
    const printed = extract(block('<div><span>Artikelnummer</span> <span>750592</span></div><p>Code x7</p>', 'Cable') + ld);
    expect(printed.sku).to.equal('x7');
  });

  it('keeps a structured sku over a weaker "Product code" the page shows (Currys 10155616 vs 182835)', () => {
    expect(real('uk-currys-braun-shaver-was-save').sku).to.equal('10155616');
  });

  it('takes the article number, not the variant id joined to it (bonprix "97447795_29806865")', () => {
    const p = real('nl-bonprix-sweat-bermuda-sold-out');
    expect(p.sku).to.equal('97447795');
    expect(p.decisions?.sku).to.match(/97447795_29806865 lost to dom 97447795/);
  });

  it('reads the sku of the only Offer when the Product has none (Apple "HJ162ZM/A")', () => {
    expect(real('tr-apple-steelseries-controller').sku).to.equal('HJ162ZM/A');
  });

  it('splits an article number and a barcode printed as one value ("Réf : C1091807 / 3760064180663", Auchan)', () => {
    const p = real('fr-auchan-bourgueil-wine-unit-price');
    expect([p.sku, p.gtin]).to.deep.equal(['C1091807', '3760064180663']);
    expect(ids(extract(block('<div class="ref"><span>Réf : C1091807</span><span>&nbsp;/ 3760064180663</span></div>')))).to.deep.equal(['C1091807', '3760064180663', null]);
  });

  it('reads an element named as the product code inside the title ("(#445833337)", GittiGidiyor)', () => {
    expect(real('tr-gittigidiyor-huawei-mate20-lite').sku).to.equal('445833337');
    expect(extract(block('', 'Phone X <span class="productId">(#445833337)</span>')).sku).to.equal('445833337');
  });

  it('reads "Mã sản phẩm" (Huy Thanh, VN)', () => {
    expect(real('vn-huythanh-moissanite-ring').sku).to.equal('NDINO327MO');
  });

  const labels: Array<[string, string]> = [
    ['Artikelnummer', '100234-01'], ['Item no.', 'AB-1234'], ['Ürün No', '7000123'], ['Código', 'MX-3321'], ['Артикул', '06019G8000'],
    ['商品番号', '750592'], ['品番', 'RX-100M7'], ['Mã sản phẩm', 'NDINO327MO'], ['Bestelnr.', '97447795'], ['ASIN', 'B07G2L3JMM'],
    ['Model', 'VR-0021'], ['Ürün Kodu', 'TK-55'],
  ];
  for (const [label, value] of labels) {
    it(`reads "${label}" next to a value as the sku`, () => {
      expect(extract(block(`<div class="meta"><span>${label}:</span> <span>${value}</span></div>`)).sku).to.equal(value);
      expect(extract(block(`<p>${label}: ${value}</p>`)).sku).to.equal(value);
    });
  }

  it('does not take a model name of several words as the sku ("Model: Mate 20 Lite")', () => {
    expect(extract(block('<p>Model: Mate 20 Lite</p>')).sku).to.equal(null);
  });

  it('prefers an article number to a model number shown beside it', () => {
    expect(extract(block('<p>Model: VR-0021</p><p>Artikelnummer: 555123</p>')).sku).to.equal('555123');
  });
});

describe('identifiers: gtin', () => {
  it('reads a JAN kept hidden until a script shows it, when its check digit is valid (Ikebe)', () => {
    expect(real('jp-ikebe-usb-cable-outlet').gtin).to.equal('2500140008600');
    expect(extract(block('<span style="display:none" class="janCode">JAN：4549980000009</span>')).gtin).to.equal(null);
    expect(validGtin('4549980000000')).to.equal(false);
    expect(validGtin('2500140008600')).to.equal(true);
    expect(extract(block('<span style="display:none" class="janCode">JAN：2500140008600</span>')).gtin).to.equal('2500140008600');
  });

  it('reads JAN / EAN rows of the spec table into gtin', () => {
    const table = (name: string, value: string): string => `<h1>Cable</h1><div class="price">¥2,200</div><button>カートに入れる</button>
      <section><h2>Specifications</h2><table class="spec"><tr><th>Colour</th><td>Black</td></tr><tr><th>Length</th><td>1 m</td></tr>
      <tr><th>${name}</th><td>${value}</td></tr></table></section>`;
    expect(extract(page(table('JANコード', '2500140008600'))).gtin).to.equal('2500140008600');
    expect(extract(page(table('EAN', '4006825650123'))).gtin).to.equal(null);
    expect(extract(page(table('EAN-Nummer', '3760064180663'))).gtin).to.equal('3760064180663');
    expect(extract(page(table('Código EAN', '3760064180663'))).gtin).to.equal('3760064180663');
  });
});

describe('identifiers: Amazon ASIN and brand', () => {
  const amazon = (body: string, head = ''): ExtractedProduct =>
    extract(page(`<div id="dp"><h1 id="title"><span id="productTitle">Speaker</span></h1>${body}
      <div id="corePrice_feature_div"><span class="a-price"><span class="a-offscreen">₹1,299.00</span></span></div></div>`, head), 'https://www.amazon.in/dp/B0ABCDE123');
  it('reads the ASIN from the detail bullets when the page has no #ASIN input', () => {
    const p = amazon('<div id="detailBullets_feature_div"><ul><li><span><span class="a-text-bold">ASIN \u200f : \u200e </span><span>B0ABCDE123</span></span></li></ul></div>');
    expect(p.sku).to.equal('B0ABCDE123');
  });
  it('reads the ASIN from the canonical /dp/ link as a last resort', () => {
    expect(amazon('', '<link rel="canonical" href="https://www.amazon.in/Speaker/dp/B0ABCDE123">').sku).to.equal('B0ABCDE123');
  });
  it('reads the brand from the byline in other languages ("Visita la tienda de Anker", "Besuche den Anker-Store")', () => {
    expect(amazon('<a id="bylineInfo">Visita la tienda de Anker</a>').brand).to.equal('Anker');
    expect(amazon('<a id="bylineInfo">Besuche den Anker-Store</a>').brand).to.equal('Anker');
  });
});

describe('identifiers: code-named elements', () => {
  it('does not read a variant picker named "sku" as the code', () => {
    expect(extract(block('', 'Shirt <div class="sku-selector">Size 42</div>')).sku).to.equal(null);
  });
});

describe('identifiers: Wildberries brand', () => {
  it('reads the brand printed above the title on 2022 cards', () => {
    const p = real('ru-wb-dolce-gusto-2022');
    expect([p.brand, p.provenance.brand]).to.deep.equal(['Nescafe Dolce Gusto', 'adapter:wildberries']);
    const minimal = extract(page(`<div class="product-page__header"><a class="hide-desktop" data-link="text{:product^brandName}" href="/brands/don-cup">DON CUP</a>
      <h1 class="product-page__title">Кофе в зернах 1 кг</h1></div><div class="price-block__final-price">1 630 ₽</div>`), 'https://www.wildberries.ru/catalog/164419278/detail.aspx');
    expect(minimal.brand).to.equal('DON CUP');
  });
});

describe('identifiers: structured sku kept', () => {
  const ld = (sku: string): string => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Shirt', sku, offers: { '@type': 'Offer', price: '20', priceCurrency: 'EUR' } })}</script>`;
  it('keeps a joined sku whose first part is a word, not an article number ("blue_123")', () => {
    expect(extract(block('<p>Colour: blue</p>', 'Shirt') + ld('blue_123')).sku).to.equal('blue_123');
  });
  it('keeps a joined sku the page prints in full', () => {
    expect(extract(block('<p>Ref. 97447795_29806865</p><p>97447795</p>', 'Shirt') + ld('97447795_29806865')).sku).to.equal('97447795_29806865');
  });
});

describe('identifiers: placeholder brands', () => {
  it('reports no brand where the shop writes "Без бренда" / "No brand" (Kaspi)', () => {
    expect(real('ru-kaspi-rashguard-black').brand).to.equal(null);
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Bag', brand: { '@type': 'Brand', name: 'Unbranded' }, offers: { '@type': 'Offer', price: '20', priceCurrency: 'EUR' } })}</script>`;
    expect(extract(block('', 'Bag') + ld).brand).to.equal(null);
  });
});
