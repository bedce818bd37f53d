import { expect } from 'chai';
import { extractProduct } from '../../src/extraction/index.js';
import { definitionListPage, expected, jsonLdAdditionalPropertyPage, noSpecsPage, specTablePage, tabbedSpecsPage } from '../support/spec-pages.js';

const extract = (html: string) => extractProduct(html, { url: 'https://shop.example/p/1' });

describe('extraction: characteristics fixture pages', () => {
  it('spec table with group rows', () => {
    const p = extract(specTablePage());
    expect(p.additionalProperties).to.deep.equal(expected.specTable);
    expect(p.price).to.equal('54990');
  });

  it('definition list under a "Specifications" heading', () => {
    expect(extract(definitionListPage()).additionalProperties).to.deep.equal(expected.definitionList);
  });

  it('JSON-LD additionalProperty, with the price', () => {
    const p = extract(jsonLdAdditionalPropertyPage());
    expect(p.additionalProperties).to.deep.equal(expected.jsonLdAdditionalProperty);
    expect(p).to.include({ price: '399', currency: 'EUR' });
  });

  it('no characteristics at all', () => {
    const p = extract(noSpecsPage());
    expect(p.additionalProperties).to.deep.equal([]);
    expect(p.price).to.equal('490');
  });

  it('specs in a hidden tab panel are read from the static HTML, a hidden tab of other products is not', () => {
    const p = extract(tabbedSpecsPage());
    // Without a browser the script-filled block is empty, so only the tab panel's own table is there.
    expect(p.additionalProperties).to.deep.equal(expected.tabbedSpecs.slice(0, 4));
  });

  it('specs in a tab panel annotated hidden by the scraper are still read', () => {
    const annotated = tabbedSpecsPage()
      .replace('<td>14"</td>', '<td data-pc-hidden="1">14"</td>')
      .replace('<td>16 ГБ</td>', '<td data-pc-hidden="1">16 ГБ</td>')
      .replace('<td>2,1 кг</td>', '<td data-pc-hidden="1">2,1 кг</td>');
    expect(extract(annotated).additionalProperties).to.deep.equal(expected.tabbedSpecs.slice(0, 4));
  });

  it('a hidden zone outside tab panels stays ignored', () => {
    const html = specTablePage().replace('<td>8 ГБ</td>', '<td data-pc-hidden="1">8 ГБ</td>');
    expect(extract(html).additionalProperties.map((a) => a.name)).to.not.include('Оперативная память');
  });
});
