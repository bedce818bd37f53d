import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122044353 } from './Migration20261122044353.js';
import { Migration20261122060241_ApiTokens } from './Migration20261122060241_ApiTokens.js';
import { Migration20261122062530_FetchedWith } from './Migration20261122062530_FetchedWith.js';
import { Migration20261129180000_TaskEngine } from './Migration20261129180000_TaskEngine.js';
import { Migration20261129184752_AccountsMailOutbox } from './Migration20261129184752_AccountsMailOutbox.js';
import { Migration20261130090000_RateLimits } from './Migration20261130090000_RateLimits.js';
import { Migration20261130100000_PriceHistory } from './Migration20261130100000_PriceHistory.js';
import { Migration20261130110000_Schedules } from './Migration20261130110000_Schedules.js';
import { Migration20261130120000_ForeignKeyActions } from './Migration20261130120000_ForeignKeyActions.js';
import { Migration20261130130000_Alerts } from './Migration20261130130000_Alerts.js';
import { Migration20261130140000_AvailabilityOnlyPoints } from './Migration20261130140000_AvailabilityOnlyPoints.js';
import { Migration20261130150000_ScheduleRefusedRun } from './Migration20261130150000_ScheduleRefusedRun.js';

/** Every migration, oldest first. `npm run migration:create` writes a new file; add its class here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122044353', class: Migration20261122044353 },
  { name: 'Migration20261122060241_ApiTokens', class: Migration20261122060241_ApiTokens },
  { name: 'Migration20261122062530_FetchedWith', class: Migration20261122062530_FetchedWith },
  { name: 'Migration20261129180000_TaskEngine', class: Migration20261129180000_TaskEngine },
  { name: 'Migration20261129184752_AccountsMailOutbox', class: Migration20261129184752_AccountsMailOutbox },
  { name: 'Migration20261130090000_RateLimits', class: Migration20261130090000_RateLimits },
  { name: 'Migration20261130100000_PriceHistory', class: Migration20261130100000_PriceHistory },
  { name: 'Migration20261130110000_Schedules', class: Migration20261130110000_Schedules },
  { name: 'Migration20261130120000_ForeignKeyActions', class: Migration20261130120000_ForeignKeyActions },
  { name: 'Migration20261130130000_Alerts', class: Migration20261130130000_Alerts },
  { name: 'Migration20261130140000_AvailabilityOnlyPoints', class: Migration20261130140000_AvailabilityOnlyPoints },
  { name: 'Migration20261130150000_ScheduleRefusedRun', class: Migration20261130150000_ScheduleRefusedRun },
];
