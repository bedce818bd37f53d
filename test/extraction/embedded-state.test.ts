import { expect } from 'chai';
import { collectStateBlobs, getPath, unflattenDevalue } from '../../src/extraction/embedded-json.js';
import { embeddedStateLayer } from '../../src/extraction/embedded-state.layer.js';
import { loadHtml } from '../../src/extraction/extract.js';

const URL = 'https://shop.example/product/880123';

describe('extraction: embedded state', () => {
  it('collects __NEXT_DATA__, window assignments, data-state attributes and Nuxt devalue payloads', () => {
    const $ = loadHtml(`<script id="__NEXT_DATA__" type="application/json">{"props":{"a":1}}</script>
      <script>window.__INITIAL_STATE__ = {"product":{"name":"X","price":10}}; window.other = 5;</script>
      <script>var pageData = {"sku":"A-1","price":"1 299 ₽","x":[1,2,3]};</script>
      <div id="state-webPrice-1" data-state='{"price":"1 299 ₽"}'></div>
      <script type="application/json" id="__NUXT_DATA__">[["ShallowReactive",1],{"p":2},{"name":3},"Nuxt product"]</script>`);
    const blobs = collectStateBlobs($);
    const names = blobs.map((b) => b.name);
    expect(names).to.include.members(['#__NEXT_DATA__', 'window.__INITIAL_STATE__', 'window.pageData', 'data-state#state-webPrice-1', '#__NUXT_DATA__']);
    expect(getPath(blobs.find((b) => b.name === '#__NUXT_DATA__')!.data, 'p.name')).to.equal('Nuxt product');
    expect(getPath(blobs.find((b) => b.name === '#__NEXT_DATA__')!.data, 'props.a')).to.equal(1);
  });

  it('getPath supports indexes and wildcards; unflattenDevalue handles shared references', () => {
    expect(getPath({ a: [{ b: 1 }, { b: 2 }] }, 'a[1].b')).to.equal(2);
    expect(getPath({ a: { x: { c: 3 } } }, 'a.*.c')).to.equal(3);
    expect(unflattenDevalue([{ a: 1, b: 1 }, 'same'])).to.deep.equal({ a: 'same', b: 'same' });
  });

  it('anchors on the title and confirms the price visibly, converting minor units', () => {
    const data = { props: { pageProps: { product: { id: '880123', title: 'Sony WH-1000XM5', priceU: 3299000, basePriceU: 3499000, brand: { name: 'Sony' } },
      similar: [{ id: '1', title: 'Other', priceU: 100 }] } } };
    const r = embeddedStateLayer([{ name: '#__NEXT_DATA__', data }], URL, 'Sony WH-1000XM5', new Set(['32990']), 'RUB');
    expect(r?.price).to.deep.include({ amount: '32990', currency: 'RUB' });
    expect(r?.regularPrice, 'regular price not shown on the page').to.equal(undefined);
    expect(r?.brand).to.equal('Sony');
  });

  it('divides cents when only the /100 amount is visible', () => {
    const data = { product: { name: 'Beanie', price: 3200, compare_at_price: 4500 } };
    const r = embeddedStateLayer([{ name: 'window.meta', data }], URL, 'Beanie', new Set(['32', '45']), 'USD');
    expect(r?.price?.amount).to.equal('32');
    expect(r?.regularPrice?.amount).to.equal('45');
  });

  it('refuses products it cannot tie to this page, and prices the page does not show', () => {
    const data = { items: [{ name: 'A', price: 1 }, { name: 'B', price: 2 }, { name: 'C', price: 3 }] };
    expect(embeddedStateLayer([{ name: 'x', data }], URL, 'Title', new Set(), null)).to.equal(null);
    const r = embeddedStateLayer([{ name: 'x', data: { p: { name: 'Title', price: 500 } } }], URL, 'Title', new Set(['450']), 'RUB');
    expect(r?.price).to.equal(undefined);
  });
});
