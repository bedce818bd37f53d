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

const PHRASES: Array<[RegExp, Availability]> = [
  [/нет в наличии|нет на складе|отсутствует|товар закончился|закончил(?:ся|ись)|out of stock|out-of-stock|currently unavailable|not available|unavailable|nicht (?:auf lager|verfügbar|lieferbar)|ausverkauft|épuisé|rupture de stock|agotado|sin stock|esaurito|niedostępny|brak w magazynie|сообщить о поступлении|notify me when|uvědomit|нет в продаже|недоступен для заказа|немає в наявності|немає на складі|товар закінчився|закінчився|není skladem|nedostupné|在庫切れ|在庫なし|品切れ|niet op voorraad|plus disponible/i, 'OutOfStock'],
  [/распродан|розпродан|sold out|soldout|売り切れ|vyprodáno|uitverkocht/i, 'SoldOut'],
  [/снят с производства|снят с продажи|больше не производится|discontinued|no longer available/i, 'Discontinued'],
  [/предзаказ|pre-?order|vorbestell|précommande|reserva/i, 'PreOrder'],
  [/под заказ|на заказ|backorder|back-order|ships in \d+ ?(?:weeks|months)|поставка через|ожидается поступление/i, 'BackOrder'],
  [/только в магазин|in store only|только в розниц/i, 'InStoreOnly'],
  [/осталось \d+|осталось мало|мало на складе|заканчивается|only \d+ left|few left|limited stock|low stock|nur noch \d+/i, 'LimitedAvailability'],
  [/в наличии|есть на складе|в наявності|є на складі|in stock|instock|auf lager|sofort lieferbar|en stock|disponible|disponibile|dostępny|dostępne|skladem|na skladě|op voorraad|在庫あり|在庫有り|available|в продаже|на складе/i, 'InStock'],
];

/** Reads a short visible stock phrase; long texts are refused to avoid matching prose. */
export function availabilityFromText(text: string): Availability | null {
  if (!text || text.length > 120) return null;
  for (const [re, value] of PHRASES) if (re.test(text)) return value;
  return null;
}

const BUY_BUTTON = /^(?:в корзину|добавить в корзину|купить(?: сейчас| в 1 клик| в один клик)?|оформить|заказать|add to (?:cart|bag|basket)|buy now|buy it now|in den warenkorb|ajouter au panier|añadir al carrito|aggiungi al carrello|do koszyka|koupit)$/i;

/** True for the text of an enabled buy button, the weakest in-stock signal. */
export function isBuyButtonText(text: string): boolean {
  return BUY_BUTTON.test(text.trim());
}
