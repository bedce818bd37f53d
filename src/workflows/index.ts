export { offerTaskWorkflow, offerTaskProgressQuery, type OfferTaskWorkflowInput, type OfferTaskProgress } from './offer-task.workflow.js';
