export { createTaskActivities } from './task.activities.js';
export { createScrapeActivities } from './scrape.activities.js';
export { createReconcileActivities } from './reconcile.activities.js';
export { createScheduleActivities } from './schedule.activities.js';
export { createAlertActivities } from './alert.activities.js';
