/**
 * Identifiers shown only as visible labels ("Артикул: 06019G8000",
 * "EAN 4006825650123", "Hersteller: Gardenix"), for pages whose structured
 * data lacks them. Only the main product zone is read (the smallest container
 * holding both the title and the main price), and zones about other products
 * are skipped, so a related tile's "Артикул" never becomes this product's SKU.
 */
import { EXCLUDED_CONTAINER } from './dom-signals.js';
import { elementText, isElement, isHiddenElement, isSkippedTag, nameSignature, nextElement, withoutModifiers, type AnyNode, type Element } from './dom-text.js';
import { containsNode } from './dom-zones.js';

export interface LabelledIds {
  sku?: string;
  gtin?: string;
  brand?: string;
}

type Field = keyof LabelledIds;

/** Label vocabularies, most specific first within each field. */
const LABELS: Array<[Field, RegExp]> = [
  ['gtin', /^(?:ean(?:-?13|-?8)?(?:[- ]?(?:code|kod|kód|nr\.?|nummer|number))?|ean ?code|(?:código|codice|code) ean|gtin(?:-?1[234]|-?8)?|upc(?: code)?|штрих-?код|штрихкод|jan ?コード|janコード|jan(?: code)?|barcode|código de barras|codice a barre|code-barres|kod kreskowy|čárový kód|streepjescode|barkod(?: no)?|mã vạch|바코드|条形码|條碼)$/i],
  ['sku', new RegExp(`^(?:${[
    'артикул(?: товара)?', 'арт\\.?', 'art\\.?[- ]?nr\\.?', 'artikel-?nr\\.?', 'artikelnummer', 'artikelnr\\.?', 'sku', '商品番号', '品番', '商品コード',
    'item model number', 'référence', 'réf\\.?', 'ref\\.?', 'referencia', 'código(?: de producto| del producto)?', 'codice(?: articolo| prodotto)?',
    'cód(?:igo|\\.)?(?: do produto)?', 'kod produktu', 'kod towaru', 'numer katalogowy', 'kód(?: produktu| zboží)?', 'katalogové číslo',
    'varenr\\.?', 'varenummer', 'vare-?nr\\.?', 'artikelnr', 'art\\. ?nr\\.?', 'tuotenumero', 'tuotekoodi', 'cikkszám', 'termékkód',
    'stok kodu', 'ürün kodu', 'ürün no\\.?', 'ürün numarası', '상품번호', '상품코드', '품번', '货号', '商品编号', '商品編號', '型号', 'item #', 'item no\\.?', 'part (?:no\\.?|number|#)',
    'bestelnr\\.?', 'bestelnummer', 'artikelcode', 'número de artículo', 'n[º°o]\\.? de artículo', 'numero articolo', "numéro d'article", 'asin',
    'mã sản phẩm', 'mã sp', 'mã hàng', 'tuotenro',
  ].join('|')})$`, 'i')],
  // The shop's internal code is the SKU only when no article number is shown.
  ['sku', /^(?:код товара|код товару|код|product code|product id|item(?: no\.?| number| #)?|id)$/i],
  // A model number is the SKU only when nothing better is shown, and only as one token ("Model: VR-0021", not "Model: Mate 20 Lite").
  ['sku', /^(?:model(?:l|o)?(?: no\.?| number| nr\.?| #)?|modèle|model numarası)$/i],
  ['brand', /^(?:бренд|производитель|виробник|торговая марка|brand(?: name)?|marque|merk|marke|hersteller|メーカー|ブランド|manufacturer|fabricant|fabrikant|producent|produttore|fabricante|marca|valmistaja|gyártó|výrobce|značka|producător|üretici|marka|브랜드|제조사|品牌|製造商|tillverkare|märke|produsent|mærke)$/i],
];

const VALID: Record<Field, (v: string) => boolean> = {
  // Letters-only article codes ("EMERMUS") are upper-case and short; other words are not codes.
  sku: (v) => v.length >= 2 && v.length <= 40 && (/\d/.test(v) || /^[A-Z][A-Z-]{3,19}$/.test(v)) && /^[\p{L}\d][\p{L}\d\-_./ ]*$/u.test(v) && v.split(' ').length <= 3,
  gtin: (v) => /^(?:\d{8}|\d{12,14})$/.test(v),
  brand: (v) => v.length >= 2 && v.length <= 40 && /\p{L}/u.test(v) && v.split(' ').length <= 4 && !/[:.!?]$/.test(v),
};

const MODEL_RANK = LABELS.length - 2;
/** The rank of the article-number labels ("Artikelnummer", "SKU", "Артикул", "Réf."): the most specific SKU labels. */
const ARTICLE_RANK = 1;

/** GTIN check digit (EAN-8, UPC-A, EAN-13, GTIN-14). */
export function validGtin(v: string): boolean {
  if (!/^(?:\d{8}|\d{12,14})$/.test(v)) return false;
  let sum = 0;
  for (let i = v.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(v[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(v[v.length - 1]);
}

/** Field a label names, with its rank (lower = more specific). */
function labelField(text: string): [Field, number] | null {
  const label = text.replace(/\s*[:：#№]\s*$/, '').trim();
  for (let i = 0; i < LABELS.length; i++) if (LABELS[i]![1].test(label)) return [LABELS[i]![0], i];
  return null;
}

function clean(field: Field, value: string): string {
  const v = value.trim().replace(/^[:：#№]\s*/, '').replace(/^\[(.+)\]$/, '$1');
  if (field === 'gtin') return v.replace(/[\s-]/g, '');
  // "Tefal -", "Huawei |": a separator the layout printed after the brand.
  if (field === 'brand') return v.replace(/\s*[-–—|/,:]+$/, '').trim();
  return v;
}

/** An element named as the product's code (`productId`, `product-code`, `sku`, `article-number`), whose text is only that code. */
export const CODE_NAMED = /(?:^|[^a-z])(?:sku|product-?(?:id|code|number|no)|productnumber__number|article-?(?:no|nr|number|code)|item-?(?:no|number|code)|part-?number|artikel-?(?:nr|nummer)|ordernumber)(?:$|[^a-z])/;

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

/**
 * Reads labelled identifiers near the product title. Each field takes the
 * first valid value in document order ("Label: value" in one element, or a
 * label element followed by its value element: dt/dd, th/td, span pairs).
 */
export function findLabelledIds(
  title: Element | null, price: Element | null, tabPanels: () => Element[] = () => [], pageElements: () => readonly Element[] = () => [],
): LabelledIds {
  const out: LabelledIds = {};
  if (!title) return out;
  const zone = productZone(title, price);
  const ranks: Partial<Record<Field, number>> = {};
  let hiddenGtin: string | undefined;
  const take = ([field, rank]: [Field, number], raw: string): void => {
    let v = clean(field, raw);
    // "Réf : C1091807 / 3760064180663": the article number and the barcode printed as one value.
    const pair = field === 'sku' ? /^(\S+)\s*\/\s*(\d{8}|\d{12,14})$/.exec(v) : null;
    if (pair) {
      v = pair[1]!;
      if (validGtin(pair[2]!)) take(['gtin', LABELS.length], pair[2]!);
    }
    if (field === 'sku' && rank === MODEL_RANK && /\s/.test(v)) return;
    // A label is never a value ("Marka:" followed by a link the visitor skips).
    if (labelField(v)) return;
    if ((ranks[field] === undefined || rank < ranks[field]!) && VALID[field](v)) { out[field] = v; ranks[field] = rank; }
  };
  let sink = take;
  const visit = (el: Element): void => {
    if (isSkippedTag(el) || el.name === 'a' || el === title) return;
    if (isHiddenElement(el)) {
      // "JAN：2500140008600" kept hidden until a script shows it: a barcode with a valid check digit is still the product's.
      if (!hiddenGtin) {
        const text = elementText(el, false, 80);
        const m = /^(.{2,20}?)\s*[:：]\s*(\d[\d -]{6,16}\d)$/u.exec(text) ?? /^(ean(?:-?13)?|gtin|upc|jan)\s+(\d{8,14})$/i.exec(text);
        const field = m ? labelField(m[1]!) : null;
        const v = m ? clean('gtin', m[2]!) : '';
        if (field?.[0] === 'gtin' && validGtin(v)) hiddenGtin = v;
      }
      return;
    }
    if (el !== zone && EXCLUDED_CONTAINER.test(withoutModifiers(nameSignature(el)))) return;
    const text = elementText(el, true, 160);
    if (text.length > 0 && text.length <= 120) judgeText(el, text);
    for (const c of el.children) if (isElement(c)) visit(c);
  };
  /** "Label: value" inside the element, or the element as the label of the element after it. */
  const judgeText = (el: Element, text: string): void => {
    // "Varenr.: [24512506] | Producent: Leander | EAN: 5707770601929": one line, several labelled values.
    if (!el.children.some((c) => isElement(c) && elementText(c, true, 160) === text)) {
      for (const segment of text.split(/\s+[|•·]\s+|\s*;\s+/)) {
        const inline = /^(.{2,30}?)\s*[:：#№]\s*(.{2,60})$/u.exec(segment) ?? /^(ean(?:-?13)?|gtin|upc|jan|sku)\s+(\d{8,14})$/i.exec(segment) ??
          /^(арт\.|art\.)\s*(\S*\d\S*)$/i.exec(segment);
        const field = inline ? labelField(inline[1]!) : null;
        if (field && inline) sink(field, inline[2]!);
      }
    }
    const own = labelField(text);
    if (own) {
      const next = nextElement(el);
      if (next) {
        const value = elementText(next, true, 100);
        if (value.length <= 60) sink(own, value);
      }
    }
  };
  visit(zone);
  if (!out.gtin && hiddenGtin) out.gtin = hiddenGtin;
  if (!out.sku) {
    // No labelled number: an element named as the product's code in the title block ("<span class="productId">(#445833337)</span>" in the h1).
    const near = title.parent && isElement(title.parent) && title.parent.name !== 'body' ? title.parent : title;
    for (const el of descendantsOf(near)) {
      if (!CODE_NAMED.test(nameSignature(el)) || isHiddenElement(el) || EXCLUDED_CONTAINER.test(withoutModifiers(nameSignature(el)))) continue;
      const text = elementText(el, true, 60).replace(/^\(\s*(.*?)\s*\)$/, '$1').replace(/^[#№]\s*/, '');
      // One token only: a `sku-selector` picker reads "Size 42", never a code.
      if (text.length <= 40 && /^\S+$/.test(text) && VALID.sku(text) && /\d/.test(text) && !labelField(text)) {
        out.sku = text;
        break;
      }
    }
  }
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
  // Still none: an article number labelled as such anywhere on the page outside zones about other products
  // ("Artikelnummer: 2251315" in a description accordion below the buy box), only when the page shows exactly one.
  // Only elements whose own text holds an article-label word are read (reading every element's text for this cost
  // about 8 % of a page's extraction).
  if (!out.sku) {
    const found = new Set<string>();
    sink = ([field, rank], raw) => {
      const v = clean(field, raw);
      if (field === 'sku' && rank === ARTICLE_RANK && VALID.sku(v) && !labelField(v)) found.add(v);
    };
    for (const el of pageElements()) {
      if (!ownTextHasArticleWord(el) || inOtherZoneOrHidden(el)) continue;
      const text = elementText(el, true, 160);
      if (text.length > 0 && text.length <= 120) judgeText(el, text);
      if (found.size > 1) break;
    }
    if (found.size === 1) out.sku = [...found][0]!;
  }
  return out;
}

/** Unanchored article-label words: a cheap test of an element's own text before it is read. */
const ARTICLE_WORD = new RegExp(LABELS[ARTICLE_RANK]![1].source.replace(/^\^/, '').replace(/\$$/, ''), 'i');

function ownTextHasArticleWord(el: Element): boolean {
  let own = '';
  for (const c of el.children) if (c.type === 'text') own += (c as unknown as { data: string }).data;
  return own.length > 1 && own.length <= 160 && ARTICLE_WORD.test(own);
}

function inOtherZoneOrHidden(el: Element): boolean {
  for (let cur: AnyNode | null = el; cur && isElement(cur); cur = cur.parent) {
    if (isSkippedTag(cur) || isHiddenElement(cur) || EXCLUDED_CONTAINER.test(withoutModifiers(nameSignature(cur)))) return true;
  }
  return false;
}

/**
 * A brand text read beside the title, without the label printed before it ("Marka: Huawei", "Marca:") and the
 * separator after it ("Tefal -"); null when only a label or an identifier row is left.
 */
export function cleanBrandText(text: string): string | null {
  let v = text.replace(/\s+/g, ' ').trim();
  const labelled = /^(.{2,30}?)\s*[:：]\s*(.*)$/u.exec(v);
  if (labelled && labelField(labelled[1]!)) {
    if (labelField(labelled[1]!)![0] !== 'brand') return null;
    v = labelled[2]!;
  }
  v = clean('brand', v);
  if (!v || labelField(v)) return null;
  return VALID.brand(v) ? v : null;
}

/**
 * A title printed as a short leading element and the name ("<h1><span>Teenage Engineering</span><span>USB cable…</span></h1>"):
 * the leading part is the brand when the breadcrumb lists it too (the brand's own category).
 */
export function brandLeadingTitle(title: Element | null, breadcrumbTexts: () => string[]): string | undefined {
  if (!title) return undefined;
  const parts = title.children.filter((c): c is Element => isElement(c) && elementText(c, true, 100).length > 0);
  if (parts.length < 2) return undefined;
  const lead = cleanBrandText(elementText(parts[0]!, true, 100));
  if (!lead || lead.length > 40 || elementText(parts[1]!, true, 300).length < lead.length) return undefined;
  const key = lead.toLowerCase();
  return breadcrumbTexts().some((t) => t.replace(/\s+/g, ' ').trim().toLowerCase() === key) ? lead : undefined;
}

/** A barcode row of the product's spec table ("EAN | 4006825650123", "JANコード | 4549980000000"), for pages that show it only there. */
export function gtinFromRows(rows: ReadonlyArray<{ name: string; value: string }>): string | undefined {
  for (const row of rows) {
    if (labelField(row.name)?.[0] !== 'gtin') continue;
    const v = clean('gtin', row.value);
    if (validGtin(v)) return v;
  }
  return undefined;
}

/** Elements below `root` in document order, at most `limit` of them (the title block is small; a page-wide wrapper is cut short). */
function descendantsOf(root: Element, limit = 400): Element[] {
  const out: Element[] = [];
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (out.length >= limit) return;
      if (!isElement(c) || isSkippedTag(c)) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

function* ancestorsOf(el: Element): Generator<Element> {
  for (let cur: AnyNode | null = el; cur && isElement(cur); cur = cur.parent) yield cur;
}
