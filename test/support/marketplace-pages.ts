/** Product pages shaped like real shops' markup, for the end-to-end tests. */

export const jsonLdPage = `<!doctype html><html><head><title>Кофемолка Bork C700</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Кофемолка Bork C700","sku":"C700",
"offers":{"@type":"Offer","price":"1299.00","priceCurrency":"RUB","availability":"https://schema.org/InStock"}}</script>
</head><body><h1>Кофемолка Bork C700</h1><div class="price">1 299 ₽</div></body></html>`;

/** The price exists only after client-side JavaScript fetched it and wrote it into the DOM. */
export const jsRenderedPage = `<!doctype html><html><head><title>Widget</title></head><body>
<h1>Widget</h1><div id="price-slot" class="price-box"></div>
<script>
  setTimeout(function () {
    fetch('/api/price.json').then(function (r) { return r.json(); }).then(function (data) {
      var el = document.createElement('div');
      el.className = 'price';
      el.textContent = data.text;
      document.getElementById('price-slot').appendChild(el);
    });
  }, 300);
</script></body></html>`;

export const priceJson = JSON.stringify({ text: '2 490 ₽' });

/** Only visible prices: old and new price of the main product, next to a related product with its own price. */
export const domOnlyPage = `<!doctype html><html><head><title>Phone X — купить</title></head><body>
<header><a href="/">Shop</a></header>
<main>
  <h1>Phone X</h1>
  <div class="product">
    <span class="price-old"><s>5 999 ₽</s></span>
    <span class="price-current">4 499 ₽</span>
    <button>В корзину</button>
  </div>
  <section class="related">
    <h2>Похожие товары</h2>
    <div class="card"><a href="/other">Other phone</a><span class="price">999 ₽</span></div>
  </section>
</main></body></html>`;

export const flakyPage = `<!doctype html><html><head><title>Flaky</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Flaky Kettle",
"offers":{"@type":"Offer","price":"3490","priceCurrency":"RUB","availability":"https://schema.org/InStock"}}</script>
</head><body><h1>Flaky Kettle</h1><p class="price">3 490 ₽</p></body></html>`;

/** The smallest product page a shop serves: a JSON-LD Product with one Offer and a title. */
export function productPage(name: string, price: string, currency: string): string {
  const data = JSON.stringify({ '@type': 'Product', name, offers: { price, priceCurrency: currency } });
  return `<html><head><script type="application/ld+json">${data}</script></head><body><h1>${name}</h1></body></html>`;
}
