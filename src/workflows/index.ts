export { offerTaskWorkflow, offerTaskProgressQuery, type OfferTaskWorkflowInput, type OfferTaskProgress } from './offer-task.workflow.js';
export { reconcilerWorkflow, RECONCILER_WORKFLOW_ID, type ReconcilerInput } from './reconciler.workflow.js';
