export { createOfferTaskActivities, type OfferTaskActivities } from './offer-task.activities.js';
export { createScrapeActivities, type ScrapeActivities, type ScrapeOfferInput, type ScrapeOfferSummary } from './scrape.activities.js';
export { createReconcileActivities, type ReconcileActivities } from './reconcile.activities.js';
