import { expect } from 'chai';
import { parsePrice } from '../../src/extraction/index.js';
import { parsePriceDetailed } from '../../src/extraction/price-parser.js';
import { canonicalAmount, canonicalFromMachine } from '../../src/extraction/number-format.js';
import { PRICE_STRINGS } from './price-strings.js';

describe('extraction: parsePrice table', () => {
  it(`has a few hundred rows (${PRICE_STRINGS.length})`, () => {
    expect(PRICE_STRINGS.length).to.be.greaterThan(300);
  });
  for (const [text, hint, amount, currency, raw] of PRICE_STRINGS) {
    it(`${JSON.stringify(text)}${hint ? ` (hint ${hint})` : ''} → ${amount ?? 'null'} ${currency ?? ''}`, () => {
      const parsed = parsePrice(text, hint);
      expect(parsed.amount, 'amount').to.equal(amount);
      expect(parsed.currency, 'currency').to.equal(currency);
      if (raw !== undefined) expect(parsed.currencyRaw, 'currencyRaw').to.equal(raw);
    });
  }
});

describe('extraction: price parser details', () => {
  it('flags instalments, "from" prices, ranges and unit prices', () => {
    expect(parsePriceDetailed('от 500 ₽/мес').isInstalment).to.equal(true);
    expect(parsePriceDetailed('4 × 1 125 ₽').isInstalment).to.equal(true);
    expect(parsePriceDetailed('or 4 payments of $24.00').isInstalment).to.equal(true);
    expect(parsePriceDetailed('$6.67/mo').isInstalment).to.equal(true);
    expect(parsePriceDetailed('от 1 990 ₽').isFrom).to.equal(true);
    expect(parsePriceDetailed('9 870 – 12 400 ₽').isFrom).to.equal(true);
    expect(parsePriceDetailed('179,80 ₽/кг').isUnitPrice).to.equal(true);
    expect(parsePriceDetailed('1 299 ₽').isFrom).to.equal(false);
  });

  it('uses the hint only when the text has no currency', () => {
    expect(parsePrice('1 299 €', 'RUB')).to.deep.equal({ amount: '1299', currency: 'EUR', currencyRaw: '€' });
    expect(parsePrice('1 299', 'rub')).to.deep.equal({ amount: '1299', currency: 'RUB', currencyRaw: null });
    expect(parsePrice('1 299', 'not-a-currency')).to.deep.equal({ amount: '1299', currency: null, currencyRaw: null });
  });

  it('does not read currency markers inside words', () => {
    expect(parsePrice('Бренд 1299').currency).to.equal(null);
    expect(parsePrice('try 10 days').currency).to.equal(null);
    expect(parsePrice('Brand 25').currency).to.equal(null);
  });

  it('canonicalises amounts so equal values are equal strings', () => {
    expect(canonicalAmount('001299', '00')).to.equal('1299');
    expect(canonicalAmount('1690', '5')).to.equal('1690.50');
    expect(canonicalAmount('19', '990')).to.equal('19.99');
    expect(canonicalAmount('0', '125')).to.equal('0.125');
    expect(canonicalFromMachine(1299)).to.equal('1299');
    expect(canonicalFromMachine('1299.00')).to.equal('1299');
    expect(canonicalFromMachine(1690.5)).to.equal('1690.50');
    expect(canonicalFromMachine('16 499,00')).to.equal('16499');
    expect(canonicalFromMachine(-5)).to.equal(null);
    expect(canonicalFromMachine('n/a')).to.equal(null);
  });

  it('reads the French way of writing cents after the euro sign ("779€99", "1 299 €99") as one amount', () => {
    expect(parsePrice('779€99', 'EUR')).to.deep.equal({ amount: '779.99', currency: 'EUR', currencyRaw: '€' });
    expect(parsePrice('1 299 €99').amount).to.equal('1299.99');
    expect(parsePrice('12€50').amount).to.equal('12.50');
    expect(parsePrice('5€ 10 articles').amount).to.equal('5');
    expect(parsePrice('€99').amount).to.equal('99');
    // Two prices side by side ("49,99 €49,99€" on Amazon.de) stay two: the first one is read, as it was.
    expect(parsePrice('49,99 €49,99€').amount).to.equal('49.99');
  });
});
