import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { computeCorpusAccuracy } from '../../src/cli/accuracy.js';
import { actualValue, loadCorpus, readPageHtml, REAL_CORPUS_DIRS, SCALAR_FIELDS, type ScoredField } from '../../src/cli/corpus.js';
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

/**
 * Real saved pages (`fixtures/real*`, see fixtures/real/README.md). They are
 * not expected to be all right; the floors below keep what is right today.
 * Floors: F1 measured on every page of each directory (the world-wide and the
 * RU pages) after the extraction work of issue #10 (commit "Characteristics:
 * invisible marks ..."), minus 0.05 (about one page), rounded down. The first
 * floors (before that work) were: real price 0.78, availability 0.74,
 * OutOfStock 0.23, sku 0.71; real-holdout price 0.65, sku 0.61. Raise them when
 * extraction improves; never lower them to let a change pass.
 */
const REAL_FLOORS: Record<string, Partial<Record<ScoredField | 'TOTAL', number>>> = {
  // measured: price 1.000, regularPrice 0.963, currency 1.000, availability 0.979, OutOfStock 0.933, name 0.960, sku 0.986, brand 0.979, cardPrice 1.000, TOTAL 0.984 (51 pages)
  // measured after the characteristics / world / RU work (branch acc, 88 pages): price 1.000, regularPrice 1.000, currency 1.000,
  // availability 0.970, OutOfStock 0.909, name 0.966, sku 0.942, brand 0.990, cardPrice 1.000, TOTAL 0.980; raised where
  // measured − 0.05 exceeds the old floor (regularPrice, brand), the others kept (never lowered).
  // measured after the identifiers work (88 pages): sku 1.000, gtin 1.000, brand 1.000, TOTAL 0.989, the rest as above; raised likewise.
  // measured after the buy-box quantity and spacer-tile rules (88 pages): availability 0.988, OutOfStock 0.957, TOTAL 0.992; raised likewise.
  // measured after the title rules (section headers, code/subtitle parts, collection label): name 1.000, TOTAL 0.998; raised likewise.
  real: { price: 0.95, regularPrice: 0.95, currency: 0.95, availability: 0.93, OutOfStock: 0.9, name: 0.95, sku: 0.95, gtin: 0.95, brand: 0.95, cardPrice: 0.95, TOTAL: 0.94 },
  // measured: price 0.772, regularPrice 0.842, currency 0.947, availability 0.906, OutOfStock 0.833, name 0.921, sku 0.895, brand 0.929, cardPrice 0.800, TOTAL 0.887 (32 pages)
  // measured at the end of the next session (49 pages, never tuned on): price 0.841, regularPrice 0.872, currency 0.966, availability
  // 0.943, OutOfStock 0.857, name 0.907, sku 0.906, gtin 1.000 (one page), brand 0.982, cardPrice 0.923, TOTAL 0.918; raised to
  // measured − 0.05 where that exceeds the old floor (name kept: 0.857 would lower it). A regression guard, not a target.
  // measured after the marketplace card-price work (same 49 pages): availability 0.955, TOTAL 0.920, the rest unchanged; raised likewise.
  // measured with 3 new blind pages (52): price 0.830, regularPrice 0.829, currency 0.968, availability 0.957, OutOfStock 0.857,
  // name 0.913, sku 0.870, brand 0.982, cardPrice 0.923, TOTAL 0.908; floors kept (measured − 0.05 exceeds none of them).
  // Two more blind pages added later (54, never tuned on) brought regularPrice to 0.818 (the 52 earlier pages still
  // score 0.829): its floor moves to 0.81 with the page set, not with a code change; the other floors hold.
  'real-holdout': { price: 0.79, regularPrice: 0.81, currency: 0.91, availability: 0.9, OutOfStock: 0.8, name: 0.87, sku: 0.85, brand: 0.93, cardPrice: 0.87, TOTAL: 0.87 },
};
/** Characteristics (name, value) F1 on the tuning corpus: measured 0.998 over 32 labelled pages (branch acc), minus 0.05. */
const REAL_CHARACTERISTICS_FLOORS: Record<string, number> = { real: 0.94, 'real-holdout': 0.83 }; // holdout measured 0.884
const OWN_PAGE = (name: string): boolean => !name.startsWith('ru-');
const MAX_PAGE_BYTES = 3 * 1024 * 1024;
const MAX_CORPUS_BYTES = 40 * 1024 * 1024;

describe('extraction: real corpora', () => {
  for (const dir of REAL_CORPUS_DIRS) {
    const corpus = basename(dir);
    const realPages = loadCorpus(dir);

    it(`${corpus}: loads, every page has its html, url, source and a name or a price`, () => {
      expect(realPages.length).to.be.at.least(10);
      for (const page of realPages) {
        const e = page.expected;
        expect(statSync(page.htmlPath).size, `${page.name} size`).to.be.within(1, MAX_PAGE_BYTES);
        expect(() => new URL(e.url), `${page.name} url`).not.to.throw();
        expect('name' in e || 'price' in e, `${page.name} has name or price`).to.equal(true);
        const source = e['source'] as Record<string, unknown> | undefined;
        for (const key of ['repo', 'path', 'commit', 'licence']) expect(source?.[key], `${page.name} source.${key}`).to.be.a('string').and.not.empty;
      }
    });

    it(`${corpus}: this corpus's own pages stay under ${MAX_CORPUS_BYTES / 1024 / 1024} MB together`, () => {
      const bytes = realPages.filter((p) => OWN_PAGE(p.name)).reduce((sum, p) => sum + statSync(p.htmlPath).size, 0);
      expect(bytes).to.be.at.most(MAX_CORPUS_BYTES);
    });

    it(`${corpus}: pages that are not UTF-8 are read in the charset their markup declares`, () => {
      const notUtf8 = realPages.filter((page) => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(page.htmlPath));
          return false;
        } catch {
          return true;
        }
      });
      for (const page of notUtf8) expect(readPageHtml(page.htmlPath), page.name).not.to.include('\uFFFD');
    });

    it(`${corpus}: accuracy does not fall below the recorded floor`, () => {
      const report = computeCorpusAccuracy(dir);
      const rows = new Map([...report.prices.fields, report.prices.total].map((r) => [r.field, r.f1]));
      for (const [field, floor] of Object.entries(REAL_FLOORS[corpus] ?? {})) {
        expect(rows.get(field as ScoredField), `${corpus} ${field} F1`).to.be.at.least(floor);
      }
      const charFloor = REAL_CHARACTERISTICS_FLOORS[corpus];
      if (charFloor !== undefined) expect(report.characteristics.pairs.f1, `${corpus} characteristics F1`).to.be.at.least(charFloor);
    });
  }
});
