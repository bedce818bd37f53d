/**
 * Maps schema.org availability values and visible stock phrases (RU/EN/DE/FR/ES…)
 * to the `Availability` enum. Negative phrases are tested first because
 * "Нет в наличии" contains "в наличии" and "not available" contains "available".
 */
import type { Availability } from './types.js';

const SCHEMA_VALUES: Record<string, Availability> = {
  instock: 'InStock', outofstock: 'OutOfStock', preorder: 'PreOrder', presale: 'PreOrder', backorder: 'BackOrder',
  discontinued: 'Discontinued', limitedavailability: 'LimitedAvailability', soldout: 'SoldOut',
  instoreonly: 'InStoreOnly', onlineonly: 'OnlineOnly', available: 'InStock', unavailable: 'OutOfStock',
  true: 'InStock', false: 'OutOfStock',
};

/** Normalises `https://schema.org/InStock`, `instock`, `in_stock`, `OUT_OF_STOCK`, booleans. */
export function normaliseSchemaAvailability(value: unknown): Availability | null {
  if (typeof value === 'boolean') return value ? 'InStock' : 'OutOfStock';
  if (typeof value !== 'string') return null;
  const key = value.trim().replace(/^https?:\/\/(?:www\.)?schema\.org\//i, '').replace(/^schema:/i, '')
    .replace(/[\s_-]+/g, '').toLowerCase();
  return SCHEMA_VALUES[key] ?? null;
}

/**
 * Visible stock phrases, most specific first. Languages: EN, RU, UK, DE, FR, ES, IT, PT, PL, CS, SK, NL, TR,
 * KO, JA, ZH, SV, DA, NO, FI, HU, RO, EL, VI, TH, ID. A visible "sold out" is reported as `OutOfStock`, the
 * schema.org term for a product a buyer cannot get now (`SoldOut` is kept only when structured data says so).
 */
const PHRASES: Array<[RegExp, Availability]> = [
  [new RegExp([
    'нет в наличии', 'нет на складе', 'отсутствует', 'товар закончился', 'закончил(?:ся|ись)', 'распродан', 'нет в продаже', 'недоступен для заказа',
    'сообщить о поступлении', 'уведомить о поступлении', 'подписаться на поступление', 'раскупили', '(?:товар )?(?:временно |больше )недоступен', 'товар недоступен', 'немає в наявності', 'немає на складі', 'товар закінчився', 'закінчився', 'розпродан',
    'out of stock', 'out-of-stock', 'sold out', 'soldout', 'currently unavailable', 'not available', 'unavailable', 'no stock', 'notify me when',
    'email me when', 'back in stock soon', 'temporarily out',
    'nicht (?:auf lager|verfügbar|lieferbar|vorrätig)', 'nicht in der gewünschten menge zur verfügung', 'steht (?:zur zeit|derzeit|momentan) nicht zur verfügung', 'ausverkauft', 'vergriffen', 'derzeit nicht', 'benachrichtigen, wenn',
    'épuisé', 'epuise', 'rupture de stock', 'plus disponible', 'indisponible', 'm\'avertir',
    'agotado', 'sin stock', 'sin existencias', 'no disponible', 'avísame',
    'esaurito', 'non disponibile', 'non più disponibile', 'avvisami',
    'esgotad[oa]', 'sem estoque', 'fora de estoque', 'indispon[íi]vel', 'avise-me',
    'niedostępny', 'niedostępne', 'brak w magazynie', 'brak towaru', 'wyprzedan[yaeo]', 'produkt niedostępny', 'powiadom mnie',
    'není skladem', 'vyprodáno', 'nedostupné', 'uvědomit', 'nie je na sklade', 'vypredané',
    'uitverkocht', 'niet op voorraad', 'niet leverbaar', 'niet beschikbaar',
    'tükendi', 'stokta yok', 'stok yok', 'gelince haber ver',
    '품절', '일시품절', '재고 ?없음', '재입고 알림',
    '在庫切れ', '在庫なし', '品切れ', '売り切れ', '入荷待ち', '販売終了',
    '缺货', '缺貨', '售罄', '已售完', '无货', '無貨', '暂时无货', '到货通知', '補貨中',
    'gi meg beskjed når', 'giv mig besked når', 'meddela mig när', 'ilmoita kun', 'slutsåld', 'ej i lager', 'ikke på lager', 'udsolgt', 'utsolgt', 'loppu', 'ei varastossa', 'elfogyott', 'nincs raktáron',
    'stoc epuizat', 'indisponibil', 'μη διαθέσιμο', 'εξαντλήθηκε', 'hết hàng', 'สินค้าหมด', 'stok habis',
  ].join('|'), 'i'), 'OutOfStock'],
  [/снят с производства|снят с продажи|больше не производится|discontinued|no longer available|nicht mehr erhältlich|descatalogado|fuori produzione/i, 'Discontinued'],
  [/предзаказ|pre-?order|vorbestell|précommande|pré-?commande|preventa|pre-?venta|prenota|pré-?venda|przedsprzedaż|ön sipariş|예약 ?판매|予約受付|予約商品|预售|預購/i, 'PreOrder'],
  [/под заказ|на заказ|backorder|back-order|ships in \d+ ?(?:weeks|months)|поставка через|ожидается поступление|auf bestellung|sur commande|bajo pedido|su ordinazione|sob encomenda|na zamówienie|na objednávku|op bestelling/i, 'BackOrder'],
  [/только в магазин|in store only|только в розниц|nur im (?:laden|markt)|solo en tienda/i, 'InStoreOnly'],
  [/осталось \d+|осталось мало|мало на складе|заканчивается|only \d+ left|few left|limited stock|low stock|nur noch \d+|plus que \d+|últimas? \d+ unidad|solo \d+ disponibil|ostatni(?:e)? sztuk/i, 'LimitedAvailability'],
  [new RegExp([
    'в наличии', 'есть на складе', 'есть в (?:\\d+ )?магазин', 'в наявності', 'є на складі', 'в продаже', 'на складе',
    'in stock', 'instock', 'available', 'ready to ship', 'ships (?:today|tomorrow|in 24)', 'usually ships within', 'ships within \\d',
    'dispatched within', 'sofort versandfertig', 'versandfertig in',
    'auf lager', 'sofort lieferbar', 'lieferbar', 'verfügbar', 'vorrätig',
    'en stock', 'disponible', 'en existencia', 'disponibile', 'in magazzino', 'em estoque', 'disponível',
    'dostępny', 'dostępne', 'w magazynie', 'skladem', 'na skladě', 'na sklade', 'op voorraad', 'direct leverbaar',
    'stokta(?! yok)', 'stokta var', '재고 ?있음', '구매 ?가능', '在庫あり', '在庫有り', '有货', '有貨', '现货', '現貨',
    'i lager', 'på lager', 'varastossa', 'raktáron', 'în stoc', 'διαθέσιμο', 'còn hàng', 'มีสินค้า', 'tersedia',
  ].join('|'), 'i'), 'InStock'],
];

/** Reads a short visible stock phrase; long texts are refused to avoid matching prose. */
export function availabilityFromText(text: string): Availability | null {
  if (!text || text.length > 120) return null;
  for (const [re, value] of PHRASES) if (re.test(text)) return value;
  return null;
}

const BUY_BUTTON = new RegExp(`^(?:${[
  'в корзину', 'добавить в корзину', 'положить в корзину', 'купить(?: сейчас| в 1 клик| в один клик)?', 'оформить', 'заказать', 'у кошик', 'додати в кошик', 'купити',
  'add to (?:cart|bag|basket|trolley)', 'add to shopping (?:cart|bag)', 'buy now', 'buy it now', 'purchase',
  'in den warenkorb(?: legen)?', 'in den einkaufswagen', 'jetzt kaufen', 'sofort-?kaufen', 'achat immédiat', 'compralo subito', 'cómpralo ya', 'nu kopen', 'ajouter au panier', 'acheter(?: maintenant)?',
  'añadir al carr(?:ito|o)', 'añadir a la (?:cesta|bolsa)', 'agregar al carr(?:ito|o)', 'agregar a la bolsa', 'agregar a mi carrito', 'comprar(?: ahora| agora)?', 'aggiungi al carrello', 'acquista(?: ora)?',
  'adicionar ao carrinho', 'adicionar à sacola', 'do koszyka', 'dodaj do koszyka', 'kup teraz', 'koupit', 'do košíku', 'přidat do košíku', 'vložit do košíku',
  'in winkelwagen', 'in winkelmand', 'toevoegen aan winkelwagen', 'in de winkelwagen', 'sepete ekle', 'hemen al', 'satın al',
  '장바구니(?: 담기)?', '바로 ?구매(?:하기)?', '구매하기', 'カートに入れる', 'カートに追加', '今すぐ購入', '购买', '立即购买', '加入购物车', '加入購物車', '立即購買',
  'lägg i varukorgen', 'köp', 'legg i handlekurven', 'legg i handlevogn(?:en)?', 'kjøp', 'læg i kurven', 'køb', 'læg i kurv', 'lisää ostoskoriin', 'kosárba', 'adaugă în coș', 'στο καλάθι',
  'thêm vào giỏ(?: hàng)?', 'mua ngay', 'เพิ่มลงตะกร้า', 'หยิบใส่ตะกร้า', '\\+ keranjang', 'beli sekarang',
  // The same control once the product is in the visitor's cart ("В корзине", "In cart", "Im Warenkorb"): still buyable.
  'в корзине', 'уже в корзине', 'товар в корзине', 'у кошику', 'in (?:your |the )?(?:cart|basket|bag)', 'added to (?:cart|basket|bag)', 'im warenkorb',
  'dans (?:le|votre) panier', 'en (?:el|tu|la) (?:carrito|cesta)', 'nel carrello', 'no carrinho', 'w koszyku', 'v košíku', 'in winkelwagen', 'in de winkelwagen',
  'sepette', 'sepetinizde', '장바구니에 담김', 'カートに入っています', '已加入购物车', '已在购物车',
].join('|')})[!.]?$`, 'i');

/** Class / id / name of a buy control, whatever its text language (`add-to-cart`, `btn-buy`, Shopify's `name="add"`). */
export const BUY_SIGNATURE = /add-?to-?cart|add_to_cart|addtocart|add-?to-?basket|add_to_basket|addtobasket|add-?to-?bag|buy-?now|buy_now|btn-?buy|buy-?btn|buy-?button|button-?buy|product-form__submit|single_add_to_cart|to-?cart-?btn|cart-?button|btn-?cart|button--addtocart|in-?den-?warenkorb/i;

/** Buttons that ask to be told when the product is back: shown only when it is not available now. */
export const NOTIFY_TEXT = /notify me|email me when|let me know when|сообщить о поступлении|уведомить|узнать о поступлении|подписаться на поступление|сообщить о появлении|benachrichtig|m'avertir|me prévenir|avísame|avisarme|avvisami|avise-me|powiadom|hlídat|informeer mij|haber ver|gi meg beskjed|giv mig besked|meddela mig|재입고 알림|入荷お知らせ|到货通知|貨到通知/i;

/** A form that puts the product in the cart (`action="/cart/add"`, `class="add-to-cart-form"`): its submit button is the buy button. */
export const CART_FORM = /cart|basket|korzin|warenkorb|panier|carrito|carrello|koszyk|kosik|winkelwagen|sepet|checkout|buy/i;

/** True for the text of an enabled buy button, the weakest in-stock signal. */
export function isBuyButtonText(text: string): boolean {
  const t = text.trim().replace(/\s+/g, ' ');
  // "В корзину 42 990 ₽", "Add to cart – $49.99", "Купить за 6 590 ₽": the buy text with the price repeated.
  return BUY_BUTTON.test(t) || (/\d/.test(t) && BUY_BUTTON.test(t.replace(BUTTON_PRICE_TAIL, '')));
}

/** A price repeated at the end of a buy button's text. */
const BUTTON_PRICE_TAIL = /\s*(?:[-–—·•|]\s*)?(?:за|for|für|pour|por|per)?\s*(?:\p{Sc}\s*)?\d[\d\s.,']*(?:\s*(?:₽|руб\.?|р\.|\p{Sc}|zł|kč|kr|[a-z]{3}))?\s*$/iu;
