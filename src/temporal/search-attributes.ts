import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes that make the Web UI's workflow list filterable by task type, task and owner. */
export const TaskTypeAttr = defineSearchAttributeKey('TaskType', SearchAttributeType.KEYWORD);
export const TaskIdAttr = defineSearchAttributeKey('TaskId', SearchAttributeType.KEYWORD);
export const OwnerIdAttr = defineSearchAttributeKey('OwnerId', SearchAttributeType.KEYWORD);

/** Name → type, as `temporal server start-dev --search-attribute` and the test server want them. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Record<string, 'Keyword'> = {
  TaskType: 'Keyword',
  TaskId: 'Keyword',
  OwnerId: 'Keyword',
};
