import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TaskProduct } from './task-product.entity.js';

/** One characteristic of a product page, in page order. Replaced as a whole when a scrape runs again. */
export const ProductCharacteristic = defineEntity({
  name: 'ProductCharacteristic',
  tableName: 'product_characteristics',
  uniques: [{ properties: ['product', 'position'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(TaskProduct).deleteRule('cascade'),
    /** Order on the page (0-based). */
    position: p.integer(),
    /** Name as shown. */
    name: p.text(),
    /** Comparison key of the name: lower case, punctuation and spacing folded. */
    normalizedName: p.text().index(),
    /** Value as shown. */
    value: p.text(),
    /** The value's quantity when it is one (`6.1"` → 6.1). */
    number: p.decimal('number').columnType('numeric').nullable(),
    /** Canonical unit of `number` (`in`, `GB`, `kg`, ...). */
    unit: p.string().length(32).nullable(),
    /** Group or section heading of the page, when it has one. */
    group: p.text().fieldName('group_name').nullable(),
  },
});
export type IProductCharacteristic = InferEntity<typeof ProductCharacteristic>;
