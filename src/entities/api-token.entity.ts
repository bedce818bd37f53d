import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A revocable credential for scripts. Only a SHA-256 hash of the secret is stored (the secret is random, so a
 * slow hash adds nothing); the plaintext is shown once, at creation.
 */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: {
    id: p.integer().primary().autoincrement(),
    owner: () => p.manyToOne(User).index().deleteRule('cascade'),
    name: p.string().length(100),
    /** First characters of the token, to tell tokens apart in lists. */
    prefix: p.string().length(16),
    secretHash: p.string().length(64).unique().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type IApiToken = InferEntity<typeof ApiToken>;
