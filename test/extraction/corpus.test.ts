import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { actualValue, loadCorpus, SCALAR_FIELDS } from '../../src/cli/corpus.js';
import { canonicalFromMachine } from '../../src/extraction/number-format.js';
import { extractProduct } from '../../src/extraction/index.js';

const PRICE_FIELDS = new Set(['price', 'regularPrice', 'cardPrice']);
const pages = loadCorpus();

describe('extraction: corpus pages', () => {
  it('has at least 40 pages, each with html and expectations', () => {
    expect(pages.length).to.be.at.least(40);
  });
  for (const page of pages) {
    it(page.name, () => {
      const product = extractProduct(readFileSync(page.htmlPath, 'utf8'), { url: page.expected.url });
      for (const field of SCALAR_FIELDS) {
        if (!(field in page.expected)) continue;
        const want = page.expected[field];
        const got = actualValue(product, field);
        if (PRICE_FIELDS.has(field) && want !== null) expect(got, field).to.equal(canonicalFromMachine(want));
        else expect(got, field).to.equal(want);
      }
      const props = page.expected['additionalProperties'] as Array<{ name: string; value: string; number?: number; unit?: string }> | undefined;
      for (const p of props ?? []) {
        expect(product.additionalProperties.map((a) => `${a.name}=${a.value}`), 'additionalProperties').to.include(`${p.name}=${p.value}`);
        const got = product.additionalProperties.find((a) => a.name === p.name && a.value === p.value);
        expect({ number: got?.number, unit: got?.unit }, `${p.name} number/unit`).to.deep.equal({ number: p.number, unit: p.unit });
      }
      if (product.price !== null) {
        expect(product.prices[0]).to.deep.include({ kind: 'current', amount: product.price });
        expect(product.provenance.price).to.be.a('string');
      }
    });
  }
});
