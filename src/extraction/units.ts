/**
 * Normalises characteristic names and splits values such as `1.5 кг`, `220 В`
 * or `15,6"` into a number and a unit, keeping the raw text as the value so
 * nothing the page said is lost when the split is wrong or impossible.
 */
import type { ProductProperty } from './types.js';

/** Trims, collapses whitespace and drops trailing colons or dotted leaders. */
export function normalisePropertyName(name: string): string {
  return name.replace(/[\s\u00a0]+/g, ' ').replace(/[\s.:…·-]+$/u, '').replace(/^[\s•·*-]+/u, '').trim();
}

export function normalisePropertyValue(value: string): string {
  return value.replace(/[\s\u00a0\u2009\u202f]+/g, ' ').trim();
}

const VALUE_PATTERN = /^(-?\d{1,3}(?:[ ]\d{3})+(?:[.,]\d+)?|-?\d+(?:[.,]\d+)?)\s*([\p{L}"″”'°%²³µ·/.]{1,12}(?:\s?[\p{L}²³·/.]{1,8})?)?$/u;

/** Splits a value into number + unit when it is a single measured quantity. */
export function splitQuantity(value: string): { number?: number; unit?: string } {
  const m = VALUE_PATTERN.exec(value);
  if (!m) return {};
  const number = Number(m[1]!.replace(/ /g, '').replace(',', '.'));
  if (!Number.isFinite(number)) return {};
  let unit = m[2]?.trim();
  if (unit && unit.length > 1) unit = unit.replace(/\.$/, '');
  if (unit === '″' || unit === '”' || unit === "''") unit = '"';
  return unit ? { number, unit } : { number };
}

/** Builds a ProductProperty from raw name/value text. */
export function parsePropertyValue(rawName: string, rawValue: string, group?: string): ProductProperty {
  const name = normalisePropertyName(rawName);
  const value = normalisePropertyValue(rawValue);
  const prop: ProductProperty = { name, value, ...splitQuantity(value) };
  if (group) prop.group = normalisePropertyName(group);
  return prop;
}
