/**
 * Identifiers shown only as visible labels ("Артикул: 06019G8000",
 * "EAN 4006825650123", "Hersteller: Gardenix"), for pages whose structured
 * data lacks them. Only the main product zone is read (the smallest container
 * holding both the title and the main price), and zones about other products
 * are skipped, so a related tile's "Артикул" never becomes this product's SKU.
 */
import { EXCLUDED_CONTAINER } from './dom-signals.js';
import { elementText, isElement, isHiddenElement, isSkippedTag, nameSignature, withoutModifiers, type AnyNode, type Element } from './dom-text.js';
import { containsNode } from './dom-zones.js';

export interface LabelledIds {
  sku?: string;
  gtin?: string;
  brand?: string;
}

type Field = keyof LabelledIds;

/** Label vocabularies, most specific first within each field. */
const LABELS: Array<[Field, RegExp]> = [
  ['gtin', /^(?:ean(?:-?13|-?8)?(?:[- ]?(?:code|kod|kód|nr\.?|nummer|number))?|ean ?code|gtin(?:-?1[234]|-?8)?|upc|штрих-?код|штрихкод|jan ?コード|janコード|jan|barcode|código de barras|codice a barre|kod kreskowy|čárový kód|streepjescode|barkod|바코드|条形码|條碼)$/i],
  ['sku', new RegExp(`^(?:${[
    'артикул(?: товара)?', 'арт\\.?', 'art\\.?[- ]?nr\\.?', 'artikel-?nr\\.?', 'artikelnummer', 'artikelnr\\.?', 'sku', '商品番号', '品番', '商品コード',
    'item model number', 'référence', 'réf\\.?', 'ref\\.?', 'referencia', 'código(?: de producto| del producto)?', 'codice(?: articolo| prodotto)?',
    'cód(?:igo|\\.)?(?: do produto)?', 'kod produktu', 'kod towaru', 'numer katalogowy', 'kód(?: produktu| zboží)?', 'katalogové číslo',
    'bestelnr\\.?', 'bestelnummer', 'varenr\\.?', 'varenummer', 'vare-?nr\\.?', 'artikelnr', 'art\\. ?nr\\.?', 'tuotenumero', 'tuotekoodi', 'cikkszám', 'termékkód',
    'stok kodu', 'ürün kodu', '상품번호', '상품코드', '품번', '货号', '商品编号', '商品編號', '型号', 'item #', 'item no\\.?', 'part (?:no\\.?|number|#)',
  ].join('|')})$`, 'i')],
  // The shop's internal code is the SKU only when no article number is shown.
  ['sku', /^(?:код товара|код товару|код|product code|product id|item(?: no\.?| number| #)?|id)$/i],
  ['brand', /^(?:бренд|производитель|виробник|торговая марка|brand(?: name)?|marque|merk|marke|hersteller|メーカー|ブランド|manufacturer|fabricant|fabrikant|producent|produttore|fabricante|marca|valmistaja|gyártó|výrobce|značka|producător|üretici|marka|브랜드|제조사|品牌|製造商|tillverkare|märke|produsent|mærke)$/i],
];

const VALID: Record<Field, (v: string) => boolean> = {
  // Letters-only article codes ("EMERMUS") are upper-case and short; other words are not codes.
  sku: (v) => v.length >= 2 && v.length <= 40 && (/\d/.test(v) || /^[A-Z][A-Z-]{3,19}$/.test(v)) && /^[\p{L}\d][\p{L}\d\-_./ ]*$/u.test(v) && v.split(' ').length <= 3,
  gtin: (v) => /^(?:\d{8}|\d{12,14})$/.test(v),
  brand: (v) => v.length >= 2 && v.length <= 40 && /\p{L}/u.test(v) && v.split(' ').length <= 4 && !/[:.!?]$/.test(v),
};

/** Field a label names, with its rank (lower = more specific). */
function labelField(text: string): [Field, number] | null {
  const label = text.replace(/\s*[:：#№]\s*$/, '').trim();
  for (let i = 0; i < LABELS.length; i++) if (LABELS[i]![1].test(label)) return [LABELS[i]![0], i];
  return null;
}

function clean(field: Field, value: string): string {
  const v = value.trim().replace(/^[:：#№]\s*/, '').replace(/^\[(.+)\]$/, '$1');
  return field === 'gtin' ? v.replace(/[\s-]/g, '') : v;
}

/** The smallest ancestor holding both title and price, or a few levels above the title. */
function productZone(title: Element, price: Element | null): Element {
  if (price) {
    for (let cur: AnyNode | null = title.parent; cur && isElement(cur); cur = cur.parent) {
      if (cur.name === 'body' || cur.name === 'html') break;
      if (containsNode(cur, price)) return cur;
    }
  }
  let zone = title;
  for (let i = 0; i < 3 && zone.parent && isElement(zone.parent) && zone.parent.name !== 'body'; i++) zone = zone.parent;
  return zone;
}

function nextElement(el: Element): Element | null {
  for (let s = el.next; s; s = s.next) if (isElement(s)) return s;
  return null;
}

/**
 * Reads labelled identifiers near the product title. Each field takes the
 * first valid value in document order ("Label: value" in one element, or a
 * label element followed by its value element: dt/dd, th/td, span pairs).
 */
export function findLabelledIds(title: Element | null, price: Element | null, tabPanels: () => Element[] = () => []): LabelledIds {
  const out: LabelledIds = {};
  if (!title) return out;
  const zone = productZone(title, price);
  const ranks: Partial<Record<Field, number>> = {};
  const take = ([field, rank]: [Field, number], raw: string): void => {
    let v = clean(field, raw);
    // "C1091807 / 3760064180663": the article number with its barcode after a slash.
    const pair = field === 'sku' ? /^(\S+)\s*\/\s*(\d{8}|\d{12,14})$/.exec(v) : null;
    if (pair) {
      v = pair[1]!;
      if (!out.gtin) out.gtin = pair[2]!;
    }
    if ((ranks[field] === undefined || rank < ranks[field]!) && VALID[field](v)) { out[field] = v; ranks[field] = rank; }
  };
  const visit = (el: Element): void => {
    if (isSkippedTag(el) || isHiddenElement(el) || el.name === 'a' || el === title) return;
    if (el !== zone && EXCLUDED_CONTAINER.test(withoutModifiers(nameSignature(el)))) return;
    const text = elementText(el, true, 160);
    if (text.length === 0 || text.length > 120) {
      for (const c of el.children) if (isElement(c)) visit(c);
      return;
    }
    // "Varenr.: [24512506] | Producent: Leander | EAN: 5707770601929": one line, several labelled values.
    if (!el.children.some((c) => isElement(c) && elementText(c, true, 160) === text)) {
      for (const segment of text.split(/\s+[|•·]\s+|\s*;\s+/)) {
        const inline = /^(.{2,30}?)\s*[:：#№]\s*(.{2,60})$/u.exec(segment) ?? /^(ean(?:-?13)?|gtin|upc|jan|sku)\s+(\d{8,14})$/i.exec(segment) ??
          /^(арт\.|art\.)\s*(\S*\d\S*)$/i.exec(segment);
        const field = inline ? labelField(inline[1]!) : null;
        if (field && inline) take(field, inline[2]!);
      }
    }
    const own = labelField(text);
    if (own) {
      const next = nextElement(el);
      if (next) {
        const value = elementText(next, true, 100);
        if (value.length <= 60) take(own, value);
      }
    }
    for (const c of el.children) if (isElement(c)) visit(c);
  };
  visit(zone);
  // The product's own tab panels (description, details) below the buy box: "SKU # 60104427" printed under the
  // description. Only when the title block showed no article number; panels in other-product zones are skipped.
  if (!out.sku) {
    const before = { ...out };
    for (const panel of tabPanels()) {
      if (containsNode(panel, title) || [...ancestorsOf(panel)].some((a) => EXCLUDED_CONTAINER.test(withoutModifiers(nameSignature(a))))) continue;
      visit(panel);
    }
    if (before.brand !== out.brand) {
      if (before.brand === undefined) delete out.brand;
      else out.brand = before.brand;
    }
  }
  return out;
}

function* ancestorsOf(el: Element): Generator<Element> {
  for (let cur: AnyNode | null = el; cur && isElement(cur); cur = cur.parent) yield cur;
}
