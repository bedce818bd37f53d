import { hashSecret } from '../util/secret-hash.js';
import { ConflictError, NotFoundError } from '../util/domain-errors.js';
import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ApiToken, type IApiToken, type IUser } from '../entities/index.js';
import { toPublicUser, type PublicUser } from './user.service.js';

/** Tokens look like `pct_<43 url-safe chars>` (256 random bits); the prefix makes leaked tokens easy to grep for. */
const TOKEN_PATTERN = /^pct_[A-Za-z0-9_-]{43}$/;
/** Most live tokens one user may hold. */
export const MAX_TOKENS_PER_USER = 50;

/** A token as its owner sees it later: never the secret itself. */
export const apiTokenViewSchema = z
  .object({
    id: z.number().int().min(1).meta({ example: 3 }),
    name: z.string().meta({ example: 'nightly price script' }),
    prefix: z.string().meta({ description: 'The first characters of the token, to tell tokens apart.', example: 'pct_Xq3vR9aB' }),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: 'Last request made with it (updated at most once a minute).' }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

/** The answer to creating a token: the only time the secret is shown. */
export const createdApiTokenSchema = apiTokenViewSchema
  .extend({
    token: z
      .string()
      .regex(TOKEN_PATTERN)
      .meta({ description: 'The secret: send it as `Authorization: Bearer <token>`. Shown only in this response; store it now.', example: `pct_${'A'.repeat(43)}` }),
  })
  .meta({ id: 'CreatedApiToken' });
export type CreatedApiTokenView = z.infer<typeof createdApiTokenSchema>;

export class TokenNotFoundError extends NotFoundError {}
export class TooManyTokensError extends ConflictError {}

/** API tokens for scripts: created (shown once), listed, revoked, and resolved to their user on each request. */
export class ApiTokenService {
  constructor(private readonly em: EntityManager) {}

  async create(ownerId: number, name: string): Promise<{ token: string; view: ApiTokenView }> {
    const live = await this.em.count(ApiToken, { owner: ownerId, revokedAt: null });
    if (live >= MAX_TOKENS_PER_USER) throw new TooManyTokensError(`at most ${MAX_TOKENS_PER_USER} live tokens; revoke one first`);
    const token = `pct_${crypto.randomBytes(32).toString('base64url')}`;
    const entity = this.em.create(ApiToken, {
      owner: ownerId,
      name,
      prefix: token.slice(0, 12),
      secretHash: hashSecret(token),
      createdAt: new Date(),
    });
    await this.em.flush();
    return { token, view: toView(entity) };
  }

  async list(ownerId: number): Promise<ApiTokenView[]> {
    return (await this.em.find(ApiToken, { owner: ownerId }, { orderBy: { id: 'desc' } })).map(toView);
  }

  async revoke(ownerId: number, id: number): Promise<ApiTokenView> {
    const token = await this.em.findOne(ApiToken, { id, owner: ownerId });
    if (!token) throw new TokenNotFoundError(`API token ${id} not found`);
    token.revokedAt ??= new Date();
    await this.em.flush();
    return toView(token);
  }

  /** The user a presented token belongs to, or null for an unknown, malformed or revoked token or a disabled account. */
  async authenticate(presented: string): Promise<PublicUser | null> {
    if (!TOKEN_PATTERN.test(presented)) return null;
    const token = await this.em.findOne(ApiToken, { secretHash: hashSecret(presented), revokedAt: null }, { populate: ['owner'] });
    if (!token || (token.owner as IUser).disabledAt) return null;
    // At most one write a minute per token, so busy scripts do not turn every read into a write.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
      await this.em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: new Date() });
    }
    return toPublicUser(token.owner as IUser);
  }
}


function toView(t: IApiToken): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
