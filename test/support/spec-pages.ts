/**
 * Product pages with characteristics in the shapes shops use (spec table with group rows, definition list,
 * JSON-LD additionalProperty, hidden tabs filled by script) and one without any, with the characteristics the
 * extractor must return for each, in page order.
 */
import type { ProductProperty } from '../../src/extraction/index.js';

const head = (title: string, extra = '', lang = 'ru'): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>${extra}</head>`;

const header = '<header class="site-header"><a href="/">ТехноМаркет</a><nav><a href="/catalog">Каталог</a><a href="/cart">Корзина</a></nav></header>';
const footer = '<footer class="site-footer"><ul><li>Телефон: 8 800 555-35-35</li><li>Адрес: Москва</li></ul></footer>';

export function specTablePage(): string {
  return `${head('Смартфон Nova X1 8/256 ГБ')}<body>${header}
<main class="product-page">
  <h1 class="product-title">Смартфон Nova X1 8/256 ГБ, графит</h1>
  <div class="product-price"><span class="price">54 990 ₽</span></div>
  <button class="buy">В корзину</button>
  <section class="product-specs">
    <h2>Характеристики</h2>
    <table class="specs-table">
      <tr><th colspan="2">Экран</th></tr>
      <tr><td>Диагональ экрана</td><td>6.1"</td></tr>
      <tr><td>Разрешение экрана</td><td>2532x1170</td></tr>
      <tr><td>Частота обновления</td><td>120 Гц</td></tr>
      <tr><th colspan="2">Память</th></tr>
      <tr><td>Оперативная память</td><td>8 ГБ</td></tr>
      <tr><td>Встроенная память</td><td>256 ГБ</td></tr>
      <tr><th colspan="2">Общие</th></tr>
      <tr><td>Вес</td><td>1,2 кг</td></tr>
      <tr><td>Ёмкость аккумулятора</td><td>4 500 мАч</td></tr>
      <tr><td>Операционная система</td><td>Android 14</td></tr>
    </table>
  </section>
</main>${footer}</body></html>`;
}

export function definitionListPage(): string {
  return `${head('Cordless Drill PowerMax 18V', '', 'en')}<body>
<header><a href="/">ToolShop</a></header>
<div id="product">
  <h1>Cordless Drill PowerMax 18V</h1>
  <p class="price">$129.99</p>
  <div class="product-details">
    <h3>Specifications</h3>
    <dl class="spec-list">
      <dt>Voltage</dt><dd>18 V</dd>
      <dt>Battery capacity</dt><dd>2.0 Ah</dd>
      <dt>Max. torque</dt><dd>60 Nm</dd>
      <dt>Chuck size</dt><dd>13 mm</dd>
      <dt>Weight</dt><dd>1.4 kg</dd>
      <dt>Colour</dt><dd>Yellow</dd>
    </dl>
  </div>
</div>
<footer><p>© ToolShop</p></footer></body></html>`;
}

export function jsonLdAdditionalPropertyPage(): string {
  const product = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Robot Vacuum CleanBot S8',
    sku: 'CB-S8',
    brand: { '@type': 'Brand', name: 'CleanBot' },
    offers: { '@type': 'Offer', price: '399.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    additionalProperty: [
      { '@type': 'PropertyValue', name: 'Suction power', value: '4000', unitText: 'Pa' },
      { '@type': 'PropertyValue', name: 'Battery', value: '5200 mAh' },
      { '@type': 'PropertyValue', name: 'Dust bin', value: '0.4', unitText: 'L' },
      { '@type': 'PropertyValue', name: 'Navigation', value: 'LiDAR' },
    ],
  };
  return `${head('Robot Vacuum CleanBot S8', `<script type="application/ld+json">${JSON.stringify(product)}</script>`, 'en')}<body>
<h1>Robot Vacuum CleanBot S8</h1>
<div class="price">€399.00</div>
<p class="description">A quiet robot vacuum for flats and small houses.</p>
</body></html>`;
}

/**
 * Specs live in a `display:none` tab panel, and a "show all" block is filled by a script 300 ms after load; the
 * visible part of the page only shows a description. A hidden tab of other products must stay ignored.
 */
export function tabbedSpecsPage(): string {
  return `${head('Ноутбук AeroBook 14', `<style>.tab-pane{display:none}.tab-pane.active{display:block}.more{display:none}.more.open{display:block}</style>`)}<body>${header}
<main class="product">
  <h1>Ноутбук AeroBook 14</h1>
  <div class="product-price"><span class="price">89 990 ₽</span></div>
  <ul class="tabs" role="tablist">
    <li><button role="tab" data-target="desc" aria-selected="true">Описание</button></li>
    <li><button role="tab" data-target="specs">Характеристики</button></li>
    <li><button role="tab" data-target="similar">Похожие товары</button></li>
  </ul>
  <div class="tab-pane active" id="desc" role="tabpanel"><p>Лёгкий ноутбук для работы и учёбы.</p></div>
  <div class="tab-pane" id="specs" role="tabpanel">
    <table class="specs">
      <tr><th colspan="2">Экран</th></tr>
      <tr><td>Диагональ</td><td>14"</td></tr>
      <tr><td>Разрешение</td><td>1920x1200</td></tr>
      <tr><th colspan="2">Память</th></tr>
      <tr><td>Оперативная память</td><td>16 ГБ</td></tr>
      <tr><td>SSD</td><td>512 ГБ</td></tr>
    </table>
    <button class="show-all" type="button">Все характеристики</button>
    <div class="more" id="more"></div>
  </div>
  <div class="tab-pane related-products" id="similar" role="tabpanel">
    <table><tr><td>Вес</td><td>2,1 кг</td></tr><tr><td>Диагональ</td><td>16"</td></tr></table>
  </div>
</main>${footer}
<script>
  document.querySelectorAll('[role=tab]').forEach(function (tab) {
    tab.addEventListener('click', function () {
      document.querySelectorAll('.tab-pane').forEach(function (p) { p.classList.toggle('active', p.id === tab.dataset.target); });
    });
  });
  document.querySelector('.show-all').addEventListener('click', function () { document.getElementById('more').classList.add('open'); });
  window.addEventListener('load', function () {
    setTimeout(function () {
      document.getElementById('more').innerHTML =
        '<table class="specs-extra"><tr><th colspan="2">Общие</th></tr><tr><td>Вес</td><td>1,3 кг</td></tr><tr><td>Время работы</td><td>12 ч</td></tr></table>';
    }, 300);
  });
</script></body></html>`;
}

export function noSpecsPage(): string {
  return `${head('Кружка керамическая')}<body>${header}
<main class="product">
  <h1>Кружка керамическая «Утро»</h1>
  <div class="product-price"><span class="price">490 ₽</span></div>
  <p class="description">Большая кружка для чая и кофе. Можно мыть в посудомоечной машине.</p>
  <button class="buy">В корзину</button>
</main>${footer}</body></html>`;
}

const spec = (name: string, value: string, group?: string, number?: number, unit?: string): ProductProperty => ({
  name, value, ...(number !== undefined ? { number } : {}), ...(unit !== undefined ? { unit } : {}), ...(group !== undefined ? { group } : {}),
});

/** Characteristics each page must yield, in page order. `tabbedSpecs` is what a browser shows after revealing. */
export const expected = {
  specTable: [
    spec('Диагональ экрана', '6.1"', 'Экран', 6.1, 'in'),
    spec('Разрешение экрана', '2532x1170', 'Экран'),
    spec('Частота обновления', '120 Гц', 'Экран', 120, 'Hz'),
    spec('Оперативная память', '8 ГБ', 'Память', 8, 'GB'),
    spec('Встроенная память', '256 ГБ', 'Память', 256, 'GB'),
    spec('Вес', '1,2 кг', 'Общие', 1.2, 'kg'),
    spec('Ёмкость аккумулятора', '4 500 мАч', 'Общие', 4500, 'mAh'),
    spec('Операционная система', 'Android 14', 'Общие'),
  ],
  definitionList: [
    spec('Voltage', '18 V', 'Specifications', 18, 'V'),
    spec('Battery capacity', '2.0 Ah', 'Specifications', 2, 'Ah'),
    spec('Max. torque', '60 Nm', 'Specifications', 60, 'Nm'),
    spec('Chuck size', '13 mm', 'Specifications', 13, 'mm'),
    spec('Weight', '1.4 kg', 'Specifications', 1.4, 'kg'),
    spec('Colour', 'Yellow', 'Specifications'),
  ],
  jsonLdAdditionalProperty: [
    spec('Suction power', '4000 Pa', undefined, 4000, 'Pa'),
    spec('Battery', '5200 mAh', undefined, 5200, 'mAh'),
    spec('Dust bin', '0.4 L', undefined, 0.4, 'L'),
    spec('Navigation', 'LiDAR'),
  ],
  tabbedSpecs: [
    spec('Диагональ', '14"', 'Экран', 14, 'in'),
    spec('Разрешение', '1920x1200', 'Экран'),
    spec('Оперативная память', '16 ГБ', 'Память', 16, 'GB'),
    spec('SSD', '512 ГБ', 'Память', 512, 'GB'),
    spec('Вес', '1,3 кг', 'Общие', 1.3, 'kg'),
    spec('Время работы', '12 ч', 'Общие', 12, 'h'),
  ],
  noSpecs: [] as ProductProperty[],
};
