import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

/** What a mailed link does. */
export const EmailTokenPurpose = { ConfirmEmail: 'confirm-email', ResetPassword: 'reset-password' } as const;
export type EmailTokenPurpose = (typeof EmailTokenPurpose)[keyof typeof EmailTokenPurpose];

/**
 * A single-use secret sent by email (confirmation, password reset). Only its SHA-256 hash is stored (the secret is
 * random, so a slow hash adds nothing); it expires and is spent on first use.
 */
export const EmailToken = defineEntity({
  name: 'EmailToken',
  tableName: 'email_tokens',
  indexes: [{ properties: ['user', 'purpose'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    purpose: p.enum(Object.values(EmailTokenPurpose)),
    tokenHash: p.string().length(64).unique().hidden(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IEmailToken = InferEntity<typeof EmailToken>;
