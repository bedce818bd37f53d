import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { User, type IUser } from '../entities/index.js';
import { ConflictError, NotFoundError } from '../util/domain-errors.js';
import { publicUserSchema, toPublicUser } from './user.service.js';

/** An account as an admin sees it: the public view plus whether (and since when) it is disabled. */
export const adminUserSchema = publicUserSchema
  .extend({
    disabledAt: z.iso.datetime().nullable().meta({ description: 'When an admin disabled the account; null while it is active.' }),
  })
  .meta({ id: 'AdminUser' });
export type AdminUserView = z.infer<typeof adminUserSchema>;

export const adminUserListSchema = z
  .object({
    items: z.array(adminUserSchema).meta({ description: 'Oldest account first.' }),
    total: z.number().int().min(0).meta({ description: 'Accounts in all.' }),
    limit: z.number().int().min(1),
    offset: z.number().int().min(0),
  })
  .meta({ id: 'AdminUserList' });
export type AdminUserListView = z.infer<typeof adminUserListSchema>;

export class UserNotFoundError extends NotFoundError {}

/** What admins do with accounts: list them, disable one (its sessions end at once, its tokens stop) and enable it again. */
export class AdminService {
  constructor(private readonly em: EntityManager) {}

  async listUsers(page: { limit: number; offset: number }): Promise<AdminUserListView> {
    const [users, total] = await this.em.findAndCount(User, {}, { orderBy: { id: 'asc' }, limit: page.limit, offset: page.offset });
    return { items: users.map(toAdminView), total, limit: page.limit, offset: page.offset };
  }

  /**
   * Disables the account and deletes its sessions. Its API tokens are refused while it stays disabled (sign-in,
   * session deserialisation and bearer auth all check `disabledAt`). An admin cannot disable their own account.
   */
  async disable(actorId: number, userId: number): Promise<AdminUserView> {
    if (actorId === userId) throw new ConflictError('you cannot disable your own account; ask another admin');
    const user = await this.find(userId);
    user.disabledAt ??= new Date();
    await this.em.flush();
    await this.em.getConnection().execute(`delete from "user_sessions" where "sess"->'passport'->>'user' = ?`, [String(userId)]);
    return toAdminView(user);
  }

  /** Enables the account again; it signs in anew (its sessions are gone), its live tokens work again. */
  async enable(userId: number): Promise<AdminUserView> {
    const user = await this.find(userId);
    user.disabledAt = null;
    await this.em.flush();
    return toAdminView(user);
  }

  private async find(userId: number): Promise<IUser> {
    const user = await this.em.findOne(User, userId);
    if (!user) throw new UserNotFoundError(`user ${userId} not found`);
    return user;
  }
}

function toAdminView(user: IUser): AdminUserView {
  return { ...toPublicUser(user), disabledAt: user.disabledAt?.toISOString() ?? null };
}
