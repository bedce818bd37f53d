import { expect } from 'chai';
import { offerTaskCsv } from '../../src/services/offer-task-export.js';
import type { ProductOfferView } from '../../src/services/offer-task.service.js';

const product = (over: Partial<ProductOfferView>): ProductOfferView => ({
  id: 1,
  url: 'https://shop.example/p/1',
  domain: 'shop.example',
  region: null,
  status: 'succeeded',
  attempts: 1,
  offers: [],
  ...over,
});

describe('CSV export of a task', () => {
  it('when products have prices of several kinds, then each kind has its column and rows keep the order', async () => {
    const csv = await offerTaskCsv([
      product({ name: 'Kettle, 1.7 l "steel"', offers: [{ kind: 'current', amount: '1990', currency: 'RUB' }, { kind: 'regular', amount: '2490', currency: 'RUB' }] }),
      product({ id: 2, url: 'https://shop.example/p/2', status: 'failed', errorCode: 'http-404', error: 'gone' }),
    ]);
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[1]).to.equal('1,https://shop.example/p/1,shop.example,,succeeded,"Kettle, 1.7 l ""steel""",,1990,2490,,RUB,,,');
    expect(lines[2]).to.equal('2,https://shop.example/p/2,shop.example,,failed,,,,,,,,http-404,gone');
  });

  it('when scraped text starts like a spreadsheet formula, then it is neutralised with a quote', async () => {
    const csv = await offerTaskCsv([product({ name: '=HYPERLINK("http://evil.example","click")' }), product({ name: '@SUM(1)' }), product({ name: '-2+3' })]);
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[1]).to.include(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(lines[2]).to.include(`'@SUM(1)`);
    expect(lines[3]).to.include(`'-2+3`);
  });
});
