export * from './statuses.js';
export * from './user.entity.js';
export * from './offer-task.entity.js';
export * from './offer-task-request.entity.js';
export * from './product-offer.entity.js';
export * from './offer.entity.js';
export * from './site-stat.entity.js';
export * from './api-token.entity.js';

import { User } from './user.entity.js';
import { OfferTask } from './offer-task.entity.js';
import { OfferTaskRequest } from './offer-task-request.entity.js';
import { ProductOffer } from './product-offer.entity.js';
import { Offer } from './offer.entity.js';
import { SiteStat } from './site-stat.entity.js';
import { ApiToken } from './api-token.entity.js';

/** Every entity the ORM knows; the migration snapshot is built from this list. */
export const allEntities = [User, OfferTask, OfferTaskRequest, ProductOffer, Offer, SiteStat, ApiToken];
