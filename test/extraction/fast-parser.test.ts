import { expect } from 'chai';
import { DomHandler, type AnyNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FastParser } from '../../src/extraction/fast-parser.js';
import { decodePage } from '../../src/util/decode-page.js';

const OPTIONS = { xmlMode: false, decodeEntities: true };

function parse(html: string, fast: boolean): AnyNode {
  const handler = new DomHandler(undefined, { withStartIndices: true, withEndIndices: true });
  new (fast ? FastParser : Parser)(handler, OPTIONS).end(html);
  return handler.root;
}

/** Everything a layer can read of the tree, and the source positions htmlparser2 reports for each node. */
function serialise(node: AnyNode, out: string[] = []): string[] {
  const n = node as AnyNode & { name?: string; data?: string; attribs?: Record<string, string>; children?: AnyNode[] };
  out.push(`${n.type}|${n.name ?? ''}|${n.startIndex}-${n.endIndex}|${n.data ?? ''}|${n.attribs ? JSON.stringify(n.attribs) : ''}`);
  if (n.children) {
    out.push('[');
    for (const child of n.children) serialise(child, out);
    out.push(']');
  }
  return out;
}

function expectSameTree(html: string): void {
  const original = serialise(parse(html, false));
  const fast = serialise(parse(html, true));
  expect(fast.length, 'node count').to.equal(original.length);
  const firstDifference = fast.findIndex((line, i) => line !== original[i]);
  expect(firstDifference, `first different node: ${fast[firstDifference]} vs ${original[firstDifference]}`).to.equal(-1);
}

/** Markup where skipping plain characters could go wrong: entities, quotes, unterminated constructs at the end. */
const EDGE_CASES = [
  `<p title="a &amp; b &quot;c&quot; &#x41;&#66; &notit; &unknown; &">x &lt; y &amp z &copy 2024 & done</p>`,
  `<a href='/p?a=1&b=2&amp;c=3' data-x='say "hi"' data-y="it's">l</a><img alt=unquoted&amp;entity src=x.png>`,
  `<div data-json="{&quot;price&quot;:1299,&quot;name&quot;:&quot;A&amp;B&quot;}" class = "x"  id=y>t</div>`,
  `<title>A &amp; B &lt;title&gt;</title><script>if (a < b && c > d) x = "</scr" + "ipt>";</script><style>a>b{c:d}</style>`,
  `<!-- comment with <tags> & entities --><!DOCTYPE html><?xml version="1.0"?><![CDATA[x]]><svg><![CDATA[y & z]]></svg>`,
  `<textarea>a &amp; <b>not bold</b></textarea><noscript><p>n &amp; s</p></noscript><xmp>x</xmp>`,
  `<p>unterminated attribute <a href="never closed`,
  `<p>ends in an entity &amp`,
  `<p>ends in text`,
  `<p a="1"b='2'c=3 d e=>x</p><br/><p/>`,
  `<script>never closed`,
  `<!-- never closed`,
  `<p>${'plain text '.repeat(2000)}&amp;${'more '.repeat(2000)}</p><i title="${'v'.repeat(10_000)}&lt;${'w'.repeat(10_000)}">i</i>`,
  ``,
  `&`,
  `<`,
  `<p title="&`,
  // Names skipped to their end: every character that ends a tag, attribute or closing-tag name, and names cut by the end.
  `<DIV\tCLASS\n=\r"x"\fdata-a/data-b>t</DIV\n><a\fb=c/d>l</a ><x-y:z q/><img src=a/b.png/></p/ ><p=q>`,
  `<section data-very-long-attribute-name-${'n'.repeat(500)}="1" ${'k'.repeat(300)}>s</section-${'m'.repeat(200)}>`,
  `<div`,
  `<div class`,
  `<div class=`,
  `</div`,
  `<a b c d e`,
];

describe('fast parser (htmlparser2 with plain runs skipped, attributes in prototype-less objects)', () => {
  EDGE_CASES.forEach((html, i) => {
    it(`builds the same tree as htmlparser2's own parser: edge case ${i + 1}`, () => expectSameTree(html));
  });

  it('keeps attributes in objects without prototype, read like any other', () => {
    const first = (html: string): Record<string, string> =>
      (parse(html, true) as unknown as { children: Array<{ attribs: Record<string, string> }> }).children[0]!.attribs;
    const attribs = first('<p class="a" constructor="c" data-x="1">t</p>');
    expect(Object.getPrototypeOf(attribs)).to.equal(null);
    expect(Object.keys(attribs)).to.deep.equal(['class', 'constructor', 'data-x']);
    expect('toString' in attribs).to.equal(false);
    expect(Object.prototype.hasOwnProperty.call(attribs, 'data-x')).to.equal(true);
    // htmlparser2's plain object silently drops an attribute named `__proto__`; here it is an attribute like any other.
    expect(Object.keys(first('<p __proto__="x" id="y">t</p>'))).to.deep.equal(['__proto__', 'id']);
  });

  it('builds the same tree as htmlparser2\'s own parser on every saved page', function () {
    this.timeout(120_000);
    const fixtures = resolve(import.meta.dirname, '../../fixtures');
    let pages = 0;
    for (const dir of ['corpus', 'holdout', 'real', 'real-holdout']) {
      const folder = join(fixtures, dir);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.html'))) {
        const html = decodePage(readFileSync(join(folder, file)));
        try {
          expectSameTree(html);
        } catch (err) {
          throw new Error(`${dir}/${file}: ${(err as Error).message}`, { cause: err });
        }
        pages++;
      }
    }
    expect(pages).to.be.greaterThan(200);
  });
});
