import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** What an account may do: `user` acts on its own objects, `admin` sees every object and manages accounts. */
export const UserRole = { User: 'user', Admin: 'admin' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/**
 * A person (or a script acting for one) who owns tasks. The password hash is hidden and loaded only on login.
 * Usernames and emails are unique case-insensitively (expression indexes on lower()).
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  indexes: [
    { name: 'users_username_lower_unique', expression: 'create unique index "users_username_lower_unique" on "users" (lower("username"))' },
    { name: 'users_email_lower_unique', expression: 'create unique index "users_email_lower_unique" on "users" (lower("email"))' },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(150).unique(),
    email: p.string().length(254).unique(),
    passwordHash: p.text().hidden().lazy(),
    firstName: p.string().length(150).default(''),
    lastName: p.string().length(150).default(''),
    role: p.enum(Object.values(UserRole)).default(UserRole.User),
    /** When the owner proved the email address is theirs; null until then. */
    emailConfirmedAt: p.datetime().nullable(),
    /** When an admin disabled the account; its sessions and tokens stop working at once. */
    disabledAt: p.datetime().nullable(),
    /** Sessions signed in before this instant are no longer valid (password changed or reset). */
    sessionsValidAfter: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
