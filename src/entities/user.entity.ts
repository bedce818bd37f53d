import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person (or a script acting for one) who owns tasks. The password hash is hidden and loaded only on login. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(150).unique(),
    email: p.string().length(254).unique(),
    passwordHash: p.text().hidden().lazy(),
    firstName: p.string().length(150).default(''),
    lastName: p.string().length(150).default(''),
    isAdmin: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
