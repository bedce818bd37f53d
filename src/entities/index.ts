export * from './statuses.js';
export * from './user.entity.js';
export * from './task.entity.js';
export * from './task-request.entity.js';
export * from './task-product.entity.js';
export * from './observed-price.entity.js';
export * from './product-characteristic.entity.js';
export * from './api-token.entity.js';
export * from './email-token.entity.js';
export * from './mail-message.entity.js';
export * from './price-observation.entity.js';
export * from './schedule.entity.js';
export * from './alert.entity.js';
export * from './alert-delivery.entity.js';

import { User } from './user.entity.js';
import { Task } from './task.entity.js';
import { TaskRequest } from './task-request.entity.js';
import { TaskProduct } from './task-product.entity.js';
import { ObservedPrice } from './observed-price.entity.js';
import { ProductCharacteristic } from './product-characteristic.entity.js';
import { ApiToken } from './api-token.entity.js';
import { EmailToken } from './email-token.entity.js';
import { MailMessage } from './mail-message.entity.js';
import { PriceObservation } from './price-observation.entity.js';
import { Schedule } from './schedule.entity.js';
import { Alert } from './alert.entity.js';
import { AlertDelivery } from './alert-delivery.entity.js';

/** Every entity the ORM knows; the migration snapshot is built from this list. */
export const allEntities = [User, Task, TaskRequest, TaskProduct, ObservedPrice, ProductCharacteristic, ApiToken, EmailToken, MailMessage, PriceObservation, Schedule, Alert, AlertDelivery];
