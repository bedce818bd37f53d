import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../tasks/contract.js';

/** Custom search attributes that make the Web UI's workflow list filterable by task type, task and owner. */
export const TaskTypeAttr = defineSearchAttributeKey(SEARCH_ATTRIBUTES.taskType, SearchAttributeType.KEYWORD);
export const TaskIdAttr = defineSearchAttributeKey(SEARCH_ATTRIBUTES.taskId, SearchAttributeType.KEYWORD);
export const OwnerIdAttr = defineSearchAttributeKey(SEARCH_ATTRIBUTES.ownerId, SearchAttributeType.KEYWORD);

/** Name → type, as `temporal server start-dev --search-attribute` and the test server want them. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Record<string, 'Keyword'> = Object.fromEntries(
  Object.values(SEARCH_ATTRIBUTES).map((name) => [name, 'Keyword' as const]),
);
