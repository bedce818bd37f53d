export { taskWorkflow, progressQuery } from './task.workflow.js';
export { reconcilerWorkflow } from './reconciler.workflow.js';
export { scheduledCheckWorkflow } from './scheduled-check.workflow.js';
