import { priceKind } from '../kinds/prices/index.js';
import { specKind } from '../kinds/specs/index.js';
import type { TaskKindDefinition } from './task-kind.js';

/** Every task kind the service runs, by the name used in workflow ids and the `TaskType` search attribute. */
export const TASK_KIND_DEFINITIONS = {
  offer: priceKind,
  spec: specKind,
} satisfies Record<string, TaskKindDefinition<unknown>>;

export type KnownTaskKind = keyof typeof TASK_KIND_DEFINITIONS;

export function kindDefinition(kind: string): TaskKindDefinition<unknown> {
  const def = (TASK_KIND_DEFINITIONS as Record<string, TaskKindDefinition<unknown>>)[kind];
  if (!def) throw new Error(`unknown task kind ${kind}`);
  return def;
}

export const ALL_KIND_DEFINITIONS: readonly TaskKindDefinition<unknown>[] = Object.values(TASK_KIND_DEFINITIONS);
