import { expect } from 'chai';
import { extractCharacteristics } from '../../src/extraction/characteristics.js';
import { loadHtml } from '../../src/extraction/extract.js';
import { normalisePropertyName, splitQuantity } from '../../src/extraction/units.js';

const props = (html: string) => extractCharacteristics(loadHtml(`<html><body>${html}</body></html>`)).map((p) => ({ ...p }));

describe('extraction: characteristics', () => {
  it('reads two-column tables with group rows and captions', () => {
    const r = props(`<h2>Характеристики</h2><table><tr><th colspan="2">Экран</th></tr><tr><td>Диагональ:</td><td>15,6"</td></tr>
      <tr><td>Частота</td><td>144 Гц</td></tr></table><table><caption>Питание</caption><tr><th>Напряжение</th><td>220 В</td></tr></table>`);
    expect(r).to.deep.equal([
      { name: 'Диагональ', value: '15,6"', number: 15.6, unit: 'in', group: 'Экран' },
      { name: 'Частота', value: '144 Гц', number: 144, unit: 'Hz', group: 'Экран' },
      { name: 'Напряжение', value: '220 В', number: 220, unit: 'V', group: 'Питание' },
    ]);
  });

  it('reads definition lists, name/value pairs and "Name: value" list items', () => {
    const r = props(`<h3>Общие</h3><dl><dt>Вес</dt><dd>1.5 кг</dd><dt>Цвет</dt><dd>черный</dd></dl>
      <ul><li><span class="spec-name">Материал</span><span class="spec-value">сталь</span></li></ul>
      <ul><li>Объем: 16 л</li><li>Brand: <a href="/b/acme">Acme</a></li><li><a href="/menu">Menu: link</a></li></ul>`);
    expect(r.map((p) => `${p.name}=${p.value}`)).to.deep.equal(['Вес=1.5 кг', 'Цвет=черный', 'Материал=сталь', 'Объем=16 л', 'Brand=Acme']);
    expect(r[0]).to.deep.include({ number: 1.5, unit: 'kg', group: 'Общие' });
  });

  it('skips forms, related zones, prices, availability and stock rows', () => {
    const r = props(`<table><tr><td>Size</td><td><select><option>M</option></select></td></tr></table>
      <div class="related"><table><tr><td>Weight</td><td>2 kg</td></tr></table></div>
      <ul><li>Price: $10</li><li>Availability: In stock</li><li>Ex Tax: $9</li></ul>`);
    expect(r).to.deep.equal([]);
  });

  it('normalises names and splits quantities', () => {
    expect(normalisePropertyName('  Вес   нетто :  ')).to.equal('Вес нетто');
    expect(normalisePropertyName('Weight........')).to.equal('Weight');
    expect(splitQuantity('1 500 мАч')).to.deep.equal({ number: 1500, unit: 'mAh' });
    expect(splitQuantity('0,45 л')).to.deep.equal({ number: 0.45, unit: 'L' });
    expect(splitQuantity('4')).to.deep.equal({ number: 4 });
    expect(splitQuantity('1920x1080')).to.deep.equal({});
    expect(splitQuantity('A+')).to.deep.equal({});
  });
});
