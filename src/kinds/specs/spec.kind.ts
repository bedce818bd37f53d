import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ProductCharacteristic } from '../../entities/index.js';
import { normalisePropertyKey } from '../../extraction/index.js';
import { revealCharacteristics } from '../../scraping/index.js';
import type { TaskKindDefinition } from '../../tasks/task-kind.js';
import { storableText } from '../../util/storable.js';

/** One characteristic of a product in API views and exports. */
export const characteristicViewSchema = z
  .object({
    name: z.string().meta({ description: 'Name as the page shows it', example: 'Диагональ экрана' }),
    value: z.string().meta({ description: 'Value as the page shows it', example: '6.1"' }),
    number: z.number().optional().meta({ description: 'The quantity, when the value is one', example: 6.1 }),
    unit: z.string().optional().meta({ description: 'Canonical unit of `number`', example: 'in' }),
    group: z.string().optional().meta({ description: 'Group or section of the page', example: 'Экран' }),
  })
  .meta({ id: 'Characteristic' });
export type CharacteristicView = z.infer<typeof characteristicViewSchema>;

const STRUCTURED_SOURCES = ['embedded-state', 'json-ld', 'microdata', 'rdfa'];
/** How long the browser spends opening tabs and "show all" blocks before reading the page. */
const REVEAL_TIMEOUT_MS = 4_000;

/** Characteristics tasks (SpecTask): every name/value pair the product page lists, in page order, with groups. */
export const specKind: TaskKindDefinition<CharacteristicView> = {
  kind: 'spec',
  resource: 'spec-tasks',
  schemaName: 'Spec',
  collects: 'characteristics',
  resultsField: 'characteristics',

  missing(product, url) {
    if (product.additionalProperties.length > 0) return null;
    return { code: 'no-characteristics-found', message: `no characteristics were found on ${url}; is it a product page with a specification?` };
  },

  completeWithoutBrowser(product) {
    const source = product.provenance.additionalProperties;
    return product.additionalProperties.length > 0 && !!source && (source.startsWith('adapter:') || STRUCTURED_SOURCES.includes(source));
  },

  async beforeSnapshot(page, signal) {
    await revealCharacteristics(page, { timeoutMs: REVEAL_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  },

  async writeResults(em, productId, product) {
    await em.nativeDelete(ProductCharacteristic, { product: productId });
    const rows = product.additionalProperties.map((c, position) => ({
      product: productId,
      position,
      name: storableText(c.name).slice(0, 2000),
      normalizedName: storableText(normalisePropertyKey(c.name)).slice(0, 2000),
      value: storableText(c.value).slice(0, 10_000),
      number: c.number !== undefined && Number.isFinite(c.number) && Math.abs(c.number) < 1e15 ? c.number : null,
      unit: c.unit?.slice(0, 32) ?? null,
      group: storableText(c.group)?.slice(0, 2000) ?? null,
    }));
    if (rows.length > 0) await em.insertMany(ProductCharacteristic, rows);
    return rows.length;
  },

  async readResults(em: EntityManager, productIds: number[]) {
    const byProduct = new Map<number, CharacteristicView[]>();
    if (productIds.length === 0) return byProduct;
    const rows = await em.execute<{ product_id: number; name: string; value: string; number: string | null; unit: string | null; group_name: string | null }[]>(
      `select product_id, name, value, number::text as number, unit, group_name from product_characteristics
       where product_id in (${productIds.map(() => '?').join(', ')}) order by product_id, position`,
      productIds,
    );
    for (const c of rows) {
      const list = byProduct.get(c.product_id) ?? [];
      list.push({
        name: c.name,
        value: c.value,
        ...(c.number !== null ? { number: Number(c.number) } : {}),
        ...(c.unit ? { unit: c.unit } : {}),
        ...(c.group_name ? { group: c.group_name } : {}),
      });
      byProduct.set(c.product_id, list);
    }
    return byProduct;
  },

  resultSchema: characteristicViewSchema,
  exportColumns: ['group', 'characteristic', 'value', 'number', 'unit'],
  exportRows(results) {
    if (results.length === 0) return [{ group: '', characteristic: '', value: '', number: '', unit: '' }];
    return results.map((c) => ({ group: c.group ?? '', characteristic: c.name, value: c.value, number: c.number ?? '', unit: c.unit ?? '' }));
  },
};
