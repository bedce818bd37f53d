import { expect } from 'chai';
import { load, type CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADAPTERS } from '../../src/extraction/adapters/registry.js';
import { treeDistance } from '../../src/extraction/dom-zones.js';
import { pageIndex, parsePage } from '../../src/extraction/page-index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const pages = ['corpus', 'holdout'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.html')).map((f) => ({ name: `${dir}/${f}`, html: readFileSync(join(FIXTURES, dir, f), 'utf8') })));

/** How cheerio parses a page for the extractor when no index is involved. */
const cheerioLoad = (html: string): CheerioAPI => load(html, { xml: { xmlMode: false, decodeEntities: true } });

/** Hand-made markup the corpus may lack: duplicate ids, unclosed and void elements, foreign content, deep nesting. */
const EDGE_CASES = [
  `<div id="a"><p class="x">1</p></div><div id="a"><span class="x">2<b class="x">3</b></span></div><p class="x">4</p>`,
  `<ul><li>one<li>two<ul><li>three</ul></ul><table><tr><td>a<td>b</table><p>unclosed <b>bold <i>both</p>tail`,
  `<input id="ASIN" value="B0"><img src=x><br><svg><path d="M0"/><text class="x">svg text</text></svg><div id="ASIN"><input id="q"></div>`,
  `${'<div class="deep">'.repeat(400)}<span class="price">9</span>${'</div>'.repeat(400)}`,
  `<body><script>var s = "<div class='x'>not a tag</div>";</script><template><p class="x">t</p></template><p class="x">after</p>`,
  `<div itemscope itemscope ITEMSCOPE><p typeof="Product" data-state='{}'>x</p></div></div class="x" itemscope><span>y</span><b itemscope>z</b>`,
  `<div itemscope><p itemprop="name" role="heading">n</p><span role="button">b</span><a href="#">a</a><div itemprop="offers" itemscope><b itemprop="price">1</b></div></div><p role="button" itemprop>x</p>`,
  `<p class="a\u00a0x">nbsp</p><p class="a\tx">tab</p><p class=" x ">spaces</p><p class="X">case</p><p class="xx">longer</p>`,
  `<div class="Product-Title"><h2 class="prodTITLE itemName">a</h2><p class="x-BRAND-y" data-auto="theBrand">b</p><p data-auto="brand">c</p><span class="pro d title">d</span></div>`,
];

const SELECTORS = [
  'h1', 'body', 'script', 'meta', 'table', 'dl', 'li', 'li, div, p, tr', 'table, dl', 'html',
  '[itemscope]', '[typeof]', '[data-state]', '[itemprop="name"]', '[itemprop="brand"], [class*="brand" i], [data-auto*="brand"]',
  '[class*="product-title"], [class*="product__title"], [class*="product-name"]',
  '#a .x', '#a', 'input#ASIN', '#ASIN input', 'div#a > .x', '#a + div', '#a ~ p', '.x', 'td:first-child', 'td:last-child',
  '.price:not(.old)', 'p.x', 'span .x', 'td, .x', 'DIV > P', 'svg text', '.x:not(b)', 'b.x, span.x', '[class~="x"]', 'body *',
  'button, input[type="submit"], input[type="button"], a, [role="button"]', '[itemprop="price"], [typeof~="Product"]', 'p[itemprop]',
  '[ itemprop = "name" ]', '[role!="button"]', '[itemprop][role]', 'div [itemscope] > [itemprop="offers"]',
  '[class*="X" i]', '[class*="x"]', '[class*="a x"]', '[data-auto*="Brand"]', '[data-auto*="Brand" i]', 'p:not([class*="x"])',
  '[class*="prod"][class*="title"], [class*="item"][class*="name"]', 'div [class*="brand" I]', "[class*='title' i] + p",
  ...ADAPTERS.flatMap((a) => [
    ...[a.name, a.price, a.regularPrice, a.cardPrice, a.availability, a.sku, a.brand].flatMap((rules) =>
      (rules ?? []).flatMap((r) => ('css' in r ? [r.css] : []))),
    ...(a.outOfStock ?? []),
    ...(a.characteristics ?? []).map((c) => c.row),
  ]),
];

describe('extraction: page index', () => {
  const documents = [...pages, ...EDGE_CASES.map((html, i) => ({ name: `edge case ${i}`, html }))];

  it('parsePage builds the same tree as cheerio load, and lists every element in document order', () => {
    for (const { name, html } of documents) {
      const indexed = parsePage(html);
      const plain = cheerioLoad(html);
      expect(indexed.html(), name).to.equal(plain.html());
      const all = indexed('*').toArray();
      expect(pageIndex(indexed).elements, name).to.have.ordered.members(all);
    }
  });

  it('answers each selector exactly as cheerio does (same elements, document order)', () => {
    for (const { name, html } of documents) {
      const $ = parsePage(html);
      const index = pageIndex($);
      for (const selector of new Set(SELECTORS)) {
        expect(index.select(selector), `${name}: ${selector}`).to.have.ordered.members($(selector).toArray());
      }
    }
  });

  it('finds descendants as cheerio find does, also on a page it did not parse', () => {
    for (const { name, html } of documents) {
      for (const $ of [parsePage(html), cheerioLoad(html)]) {
        const index = pageIndex($);
        for (const el of index.select('table, dl, div') as Element[]) {
          expect(index.descendants(el), name).to.have.ordered.members($(el).find('*').toArray());
          for (const selector of ['tr', 'dt, dd', 'table, dl', 'select, input, textarea, button', '.x', 'td:first-child', 'td:last-child',
            '[class*="title"]', 'p:not(.x)', 'div .x', 'div > p', ':scope > div']) {
            expect(index.find(el, selector), `${name}: ${selector}`).to.have.ordered.members($(el).find(selector).toArray());
          }
        }
      }
    }
  });

  it('computes a remembered value once per page', () => {
    const $ = parsePage('<p>x</p>');
    let calls = 0;
    const compute = (): number => ++calls;
    expect(pageIndex($).remember('k', compute)).to.equal(1);
    expect(pageIndex($).remember('k', compute)).to.equal(1);
    expect(pageIndex(parsePage('<p>x</p>')).remember('k', compute)).to.equal(2);
  });
});

describe('extraction: tree distance', () => {
  it('counts the edges through the lowest common ancestor, and is infinite across documents', () => {
    const $ = parsePage('<div id="r"><section id="s"><p id="a"><b id="b">x</b></p><p id="c"></p></section><i id="d"></i></div>');
    const el = (id: string): Element => $(`#${id}`)[0] as Element;
    expect(treeDistance(el('a'), el('a'))).to.equal(0);
    expect(treeDistance(el('a'), el('b'))).to.equal(1);
    expect(treeDistance(el('b'), el('a'))).to.equal(1);
    expect(treeDistance(el('a'), el('c'))).to.equal(2);
    expect(treeDistance(el('b'), el('c'))).to.equal(3);
    expect(treeDistance(el('b'), el('d'))).to.equal(4);
    expect(treeDistance(el('r'), el('b'))).to.equal(3);
    expect(treeDistance(el('b'), parsePage('<b>y</b>')('b')[0] as Element)).to.equal(Number.POSITIVE_INFINITY);
  });
});
