/**
 * Characteristics on real shop pages (issue #10): the rules behind the `additionalProperties` labels of
 * fixtures/real, each on a minimal page of the class and, where the corpus has one, on the real page.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readPageHtml } from '../../src/cli/corpus.js';
import { extractProduct } from '../../src/extraction/index.js';

const page = (body: string, head = ''): string => `<html><head>${head}</head><body>${body}</body></html>`;
const pairs = (html: string, url = 'https://shop.example.com/p/1'): string[] =>
  extractProduct(html, { url }).additionalProperties.map((p) => `${p.name}=${p.value}`);
const real = (name: string): string[] => {
  const expected = JSON.parse(readFileSync(`fixtures/real/${name}.expected.json`, 'utf8')) as { url: string };
  return pairs(readPageHtml(`fixtures/real/${name}.html`), expected.url);
};

describe('characteristics on real pages: spec blocks', () => {
  it('reads a spec grid whose "Specifications" heading is inside the same section as its rows', () => {
    const r = pairs(page(`<h1>Canape plates</h1><section><h2 class="x1">Specifications</h2>
      <div class="a9"><div class="k1">Material</div><div class="v1">Porcelain</div></div>
      <div class="a9"><div class="k1">Shape</div><div class="v1">Round</div></div>
      <div class="a9"><div class="k1">Set Includes</div><div class="v1">6 Piece</div></div></section>`));
    expect(r).to.deep.equal(['Material=Porcelain', 'Shape=Round', 'Set Includes=6 Piece']);
    expect(real('us-overstock-plates')).to.include.members(['Style=Casual, Modern & Contemporary', 'Model Number=23272SET6']);
  });

  it('"Name: value" bullets of a description are not characteristics when the page has a spec table', () => {
    const r = pairs(page(`<h1>Active Pen</h1><div class="price">49,99 €</div>
      <div class="description"><p>Write like on paper.</p><ul><li><strong>Batteriebetrieb</strong>: 1x AAAA</li><li><strong>Gewicht:</strong> 16 g</li></ul></div>
      <h3>Technische Daten</h3><table><tr><td>Typ</td><td>Eingabestift</td></tr><tr><td>Akkutyp</td><td>1x AAAA</td></tr><tr><td>Funktionstasten</td><td>2</td></tr></table>`));
    expect(r).to.deep.equal(['Typ=Eingabestift', 'Akkutyp=1x AAAA', 'Funktionstasten=2']);
    expect(real('de-notebooksbilliger-hp-pen')).not.to.include('Batteriebetrieb=1x AAAA Batterie (im Lieferumfang enthalten)');
    expect(real('us-walmart-booster-seat')).not.to.include('Evenflo Big Kid booster car seat design=Denver');
  });

  it('keeps "Name: value" lines beside the title, under a details heading, or on a page without a spec table', () => {
    const table = '<table><tr><td>Cores</td><td>4</td></tr><tr><td>Clock</td><td>1.2 GHz</td></tr><tr><td>RAM</td><td>2 GB</td></tr></table>';
    const beside = pairs(page(`<div class="col"><h1>Tab 10.1</h1><ul class="list-unstyled"><li>Brand: <a href="/b">Samsung</a></li><li>Model: T10</li></ul></div><div class="tabs">${table}</div>`));
    expect(beside).to.include.members(['Brand=Samsung', 'Model=T10', 'Cores=4']);
    const details = pairs(page(`<h1>Book</h1><div class="x">${table}</div><h2>Product details</h2><ul class="a-list"><li>Publisher : Acme (2016)</li><li>Language : English</li></ul>`));
    expect(details).to.include.members(['Publisher=Acme (2016)', 'Language=English']);
    const alone = pairs(page('<h1>Mug</h1><ul><li>Material: stoneware</li><li>Volume: 350 ml</li></ul>'));
    expect(alone).to.deep.equal(['Material=stoneware', 'Volume=350 ml']);
  });

  it('a list of prose bullets with one "Name: value" line is a description', () => {
    expect(pairs(page(`<h1>Seat</h1><ul><li>Supports children from 30 to 110 lbs</li><li>Removable back</li><li>Design: Denver</li>
      <li>Two cup holders</li></ul>`))).to.deep.equal([]);
  });
});

describe('characteristics on real pages: rows that are not characteristics', () => {
  it('a block whose every value is a link is navigation ("You find this item in")', () => {
    const r = pairs(page(`<h1>Packing cube</h1><h3>Overige kenmerken</h3><dl><dt>Kleur</dt><dd>Black</dd><dt>Materiaal</dt><dd>Nylon</dd><dt>Volume</dt><dd>7 l</dd></dl>
      <h3>Je vindt dit artikel in</h3><dl><dt>Categorieën</dt><dd><a href="/c/1">Packing Cubes</a></dd><dt>Serie</dt><dd><a href="/s/2">Pack-It</a></dd>
      <dt>Merk</dt><dd><a href="/m/3">Eagle Creek</a></dd></dl>`));
    expect(r).to.deep.equal(['Kleur=Black', 'Materiaal=Nylon', 'Volume=7 l']);
    expect(real('nl-bol-packing-cubes').some((p) => p.startsWith('Categorieën='))).to.equal(false);
  });

  it('skips a table\'s header row ("Özellik | Değer"), seller, rank, rebate and shop-feedback rows', () => {
    const r = pairs(page(`<h1>VR Box</h1><table><tr><td>Özellik</td><td>Değer</td></tr><tr><td>Marka</td><td>Everest</td></tr><tr><td>Model</td><td>VR-0021</td></tr></table>
      <table><tr><td>Sold by:</td><td>Hachette Book Group</td></tr><tr><td>Best Sellers Rank</td><td>#41 in Kindle Store</td></tr>
      <tr><td>Conditional Mail In Rebate Offer ends</td><td>AUG 31</td></tr><tr><td>Language</td><td>English</td></tr></table>`));
    expect(r).to.deep.equal(['Marka=Everest', 'Model=VR-0021', 'Language=English']);
  });

  it('"Наличие дисплея" is a feature; "Наличие: в наличии" is stock, not a characteristic', () => {
    const r = pairs(page(`<h1>Стиральная машина</h1><h2>Характеристики</h2><table><tr><td>Наличие дисплея</td><td>Да</td></tr>
      <tr><td>Наличие сушки</td><td>Без сушки</td></tr><tr><td>Наличие:</td><td>В наличии</td></tr></table>`, ''), 'https://shop.example.ru/p/1');
    expect(r).to.deep.equal(['Наличие дисплея=Да', 'Наличие сушки=Без сушки']);
  });

  it('a label beside buttons is a variant picker, not a characteristic', () => {
    const r = pairs(page(`<h1>Steelbook</h1><div class="variations"><div class="item"><span class="label"><h2>format</h2></span>
      <div class="selector value"><button type="button" class="button selected">Blu-ray Disc</button></div></div></div>`));
    expect(r).to.deep.equal([]);
  });

  it('a structured property named like a program field (variationId) is dropped', () => {
    const html = page(`<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Skirt</h1>
      <div itemprop="additionalProperty" itemscope itemtype="https://schema.org/PropertyValue"><meta itemprop="name" content="variationId"><meta itemprop="value" content="701910067"></div>
      <div itemprop="additionalProperty" itemscope itemtype="https://schema.org/PropertyValue"><meta itemprop="name" content="Material"><meta itemprop="value" content="Denim"></div></div>`);
    expect(pairs(html)).to.deep.equal(['Material=Denim']);
    expect(real('de-otto-denim-skirt').some((p) => p.startsWith('variationId='))).to.equal(false);
  });

  it('a marketplace card\'s summary repeated above its full spec list is listed once', () => {
    const list = real('ru-ozon-kix-tablets-2022');
    expect(list.length).to.equal(new Set(list).size);
  });

  it('reads Amazon\'s "Additional Information" table beside "Technical Details", without reviews, rank or shipping rows', () => {
    const r = real('us-amazon-wall-sconce');
    expect(r).to.include.members(['ASIN=B07G2L3JMM', 'Date First Available=July 31, 2018', 'Wattage=7 watts']);
    expect(r.some((p) => /^(?:Customer Reviews|Best Sellers Rank|Shipping Weight)=/.test(p))).to.equal(false);
  });
});

describe('characteristics on real pages: numbers and units', () => {
  const one = (name: string, value: string) => extractProduct(page(`<h1>X</h1><table><tr><td>${name}</td><td>${value}</td></tr></table>`), { url: 'https://s.example.com/p' })
    .additionalProperties[0];
  it('takes the unit from a name suffix or a parenthesis with a preposition', () => {
    expect(one('Altezza-mm', '260')).to.deep.include({ number: 260, unit: 'mm' });
    expect(one('Peso-Kg', '0,34')).to.deep.include({ number: 0.34, unit: 'kg' });
    expect(one('Вес (в кг)', '0,35')).to.deep.include({ number: 0.35, unit: 'kg' });
    expect(one('Срок годности (в днях)', '730')).to.deep.include({ number: 730, unit: 'd' });
    expect(one('Энергетическая ценность (Ккал)', '350')).to.deep.include({ number: 350, unit: 'kcal' });
    expect(one('Максимальная температура хранения (С⁰)', '35')).to.deep.include({ number: 35, unit: '°C' });
    expect(one('Garanti Süresi (Ay)', '24')).to.deep.include({ number: 24, unit: 'mo' });
    expect(one('Set Includes', '6 Piece')).to.deep.include({ number: 6, unit: 'pcs' });
  });
  it('an identifier\'s digits are not a quantity', () => {
    expect(one('SKU', '4447801')).to.not.have.property('number');
    expect(one('Artikel-Nr', '009345')).to.not.have.property('number');
    expect(one('Model', '31911718')).to.not.have.property('number');
  });
});
