import { expect } from 'chai';
import { normalisePropertyKey } from '../../src/extraction/index.js';
import { parsePropertyValue, splitQuantity } from '../../src/extraction/units.js';

type Split = { number?: number; unit?: string };

const QUANTITIES: Array<[string, Split]> = [
  ['6.1"', { number: 6.1, unit: 'in' }],
  ['6,1″', { number: 6.1, unit: 'in' }],
  ['6.1 дюйм', { number: 6.1, unit: 'in' }],
  ['15,6 дюйма', { number: 15.6, unit: 'in' }],
  ['27 Zoll', { number: 27, unit: 'in' }],
  ['6.5 inch', { number: 6.5, unit: 'in' }],
  ['8 ГБ', { number: 8, unit: 'GB' }],
  ['8 Gb', { number: 8, unit: 'GB' }],
  ['8GB', { number: 8, unit: 'GB' }],
  ['128 Go', { number: 128, unit: 'GB' }],
  ['512 МБ', { number: 512, unit: 'MB' }],
  ['512 MB', { number: 512, unit: 'MB' }],
  ['1 ТБ', { number: 1, unit: 'TB' }],
  ['2TB', { number: 2, unit: 'TB' }],
  ['1,2 кг', { number: 1.2, unit: 'kg' }],
  ['14,5 kg', { number: 14.5, unit: 'kg' }],
  ['3.00 LBS', { number: 3, unit: 'lb' }],
  ['180 г', { number: 180, unit: 'g' }],
  ['280 g', { number: 280, unit: 'g' }],
  ['7,9 мм', { number: 7.9, unit: 'mm' }],
  ['37 cm', { number: 37, unit: 'cm' }],
  ['196,5 см', { number: 196.5, unit: 'cm' }],
  ['1,5 м', { number: 1.5, unit: 'm' }],
  ['25 км/ч', { number: 25, unit: 'km/h' }],
  ['550 Вт', { number: 550, unit: 'W' }],
  ['1680 W', { number: 1680, unit: 'W' }],
  ['7,5 кВт', { number: 7.5, unit: 'kW' }],
  ['220 В', { number: 220, unit: 'V' }],
  ['36 V', { number: 36, unit: 'V' }],
  ['5000 мАч', { number: 5000, unit: 'mAh' }],
  ['5200 мА·ч', { number: 5200, unit: 'mAh' }],
  ['5000 мА·год', { number: 5000, unit: 'mAh' }],
  ['4500 mAh', { number: 4500, unit: 'mAh' }],
  ['1,5 А·ч', { number: 1.5, unit: 'Ah' }],
  ['5,0 Ah', { number: 5, unit: 'Ah' }],
  ['500 Wh', { number: 500, unit: 'Wh' }],
  ['144 Гц', { number: 144, unit: 'Hz' }],
  ['75 Hz', { number: 75, unit: 'Hz' }],
  ['3,2 ГГц', { number: 3.2, unit: 'GHz' }],
  ['1.2 GHz', { number: 1.2, unit: 'GHz' }],
  ['2400 МГц', { number: 2400, unit: 'MHz' }],
  ['50 Мп', { number: 50, unit: 'MP' }],
  ['200 MP', { number: 200, unit: 'MP' }],
  ['12 Mpx', { number: 12, unit: 'MP' }],
  ['344 л', { number: 344, unit: 'L' }],
  ['1.7 L', { number: 1.7, unit: 'L' }],
  ['2 Liter', { number: 2, unit: 'L' }],
  ['600 ml', { number: 600, unit: 'mL' }],
  ['250 мл', { number: 250, unit: 'mL' }],
  ['35 cl', { number: 35, unit: 'cl' }],
  ['10 ч', { number: 10, unit: 'h' }],
  ['45 hours', { number: 45, unit: 'h' }],
  ['8 Std.', { number: 8, unit: 'h' }],
  ['40 мин', { number: 40, unit: 'min' }],
  ['1 мс', { number: 1, unit: 'ms' }],
  ['36 мес.', { number: 36, unit: 'mo' }],
  ['12 месяцев', { number: 12, unit: 'mo' }],
  ['24 Monate', { number: 24, unit: 'mo' }],
  ['25 °C', { number: 25, unit: '°C' }],
  ['-18 °С', { number: -18, unit: '°C' }],
  ['+40℃', { number: 40, unit: '°C' }],
  ['95%', { number: 95, unit: '%' }],
  ['4000 Па', { number: 4000, unit: 'Pa' }],
  ['15 bar', { number: 15, unit: 'bar' }],
  ['3,2 бар', { number: 3.2, unit: 'bar' }],
  ['60 Nm', { number: 60, unit: 'Nm' }],
  ['42 дБ', { number: 42, unit: 'dB' }],
  ['3 шт', { number: 3, unit: 'pcs' }],
  ['1 200 мАч', { number: 1200, unit: 'mAh' }],
  ['2 250 кг', { number: 2250, unit: 'kg' }],
  ['1\u00a0500\u00a0Вт', { number: 1500, unit: 'W' }],
  ['1,240.5 W', { number: 1240.5, unit: 'W' }],
  ['1.234,5 g', { number: 1234.5, unit: 'g' }],
  ['1,000,000', { number: 1000000 }],
  ['0,125 кг', { number: 0.125, unit: 'kg' }],
  ['55" (139 см)', { number: 55, unit: 'in' }],
  ['17.25 cm (6.8 inch)', { number: 17.25, unit: 'cm' }],
  ['4', { number: 4 }],
  ['6.72', { number: 6.72 }],
  ['5 tasses', { number: 5, unit: 'tasses' }],
  // Not one quantity, or ambiguous: no number at all.
  ['1920x1080', {}],
  ['2560×1440', {}],
  ['38x29x16 см', {}],
  ['Android 14', {}],
  ['8/256 ГБ', {}],
  ['SSD 512 ГБ', {}],
  ['GeForce RTX 4060', {}],
  ['A+', {}],
  ['1,240W', {}],
  ['1.2.3', {}],
  ['95 W x 7 (8 ohms)', {}],
  ['0.5〜5.5合', {}],
  ['4006825650123', {}],
  ['', {}],
  ['черный', {}],
];

describe('extraction: units', () => {
  for (const [value, expected] of QUANTITIES) {
    it(`splits ${JSON.stringify(value)}`, () => {
      expect(splitQuantity(value)).to.deep.equal(expected);
    });
  }

  it('keeps the value as shown, whitespace normalised only', () => {
    expect(parsePropertyValue(' Вес: ', ' 1,2\u00a0 кг ')).to.deep.equal({ name: 'Вес', value: '1,2 кг', number: 1.2, unit: 'kg' });
    expect(parsePropertyValue('Экран', '6,1″', 'Дисплей ')).to.deep.equal({ name: 'Экран', value: '6,1″', number: 6.1, unit: 'in', group: 'Дисплей' });
  });

  it('drops marks that show nothing (bidi marks, zero-width spaces) from names and values, so a value reads and parses as shown', () => {
    // Amazon's detail tables put a left-to-right mark before every value.
    expect(parsePropertyValue('Item Weight\u200f', '\u200e1.1 pounds')).to.deep.equal({ name: 'Item Weight', value: '1.1 pounds', number: 1.1, unit: 'lb' });
    expect(parsePropertyValue('\ufeffColor', 'Bl\u200back\u2069')).to.deep.equal({ name: 'Color', value: 'Black' });
  });

  it('takes the unit of a bare number from the name', () => {
    expect(parsePropertyValue('Диагональ экрана, дюймы', '6.72')).to.deep.include({ number: 6.72, unit: 'in' });
    expect(parsePropertyValue('Емкость аккумулятора, мАч', '5000')).to.deep.include({ number: 5000, unit: 'mAh' });
    expect(parsePropertyValue('Weight (kg)', '3')).to.deep.include({ number: 3, unit: 'kg' });
    expect(parsePropertyValue('HDMI Inputs', '6')).to.deep.equal({ name: 'HDMI Inputs', value: '6', number: 6 });
  });
});

describe('extraction: normalisePropertyKey', () => {
  const KEYS: Array<[string, string]> = [
    ['Объём памяти', 'объем памяти'],
    ['  ОБЪЕМ   ПАМЯТИ: ', 'объем памяти'],
    ['Объём\u00a0памяти :', 'объем памяти'],
    ['Weight:', 'weight'],
    ['Weight........', 'weight'],
    ['Display-Size', 'display size'],
    ['Gewicht (ohne Akku)', 'gewicht ohne akku'],
    ['Диагональ экрана, дюймы', 'диагональ экрана дюймы'],
    ['Влажность, %', 'влажность %'],
    ['Wi-Fi', 'wi fi'],
    ['Caractéristiques', 'caractéristiques'],
  ];
  for (const [name, key] of KEYS) {
    it(`keys ${JSON.stringify(name)} as ${JSON.stringify(key)}`, () => {
      expect(normalisePropertyKey(name)).to.equal(key);
    });
  }

  it('gives the same key to spellings that differ only in case, ё and punctuation', () => {
    expect(normalisePropertyKey('Ёмкость аккумулятора')).to.equal(normalisePropertyKey('емкость  аккумулятора:'));
  });
});
