import { ConflictError } from '../util/domain-errors.js';
import argon2 from 'argon2';
import { z } from 'zod';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { User, UserRole, type IUser } from '../entities/index.js';

/** OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An account as anyone may see it: the API's view of a user (the password hash never leaves the server). */
export const publicUserSchema = z
  .object({
    id: z.number().int().min(1).meta({ example: 7 }),
    username: z.string().meta({ example: 'anna.k' }),
    // Not `format: email`: the address is whatever registration's zod check accepted, which is looser than RFC 5321.
    email: z.string().meta({ description: 'As accepted at registration, in lower case.', example: 'anna@example.com' }),
    firstName: z.string().meta({ description: 'Empty when not given.', example: 'Anna' }),
    lastName: z.string().meta({ description: 'Empty when not given.', example: '' }),
    role: z.enum(['user', 'admin']).meta({ description: '`admin` sees every object and manages accounts; never settable through the API.' }),
    isAdmin: z.boolean().meta({ description: 'Whether `role` is `admin` (kept for scripts written before roles).' }),
    emailConfirmed: z.boolean().meta({ description: 'Whether the owner confirmed the email address.' }),
    createdAt: z.iso.datetime().meta({ description: 'When the account was registered.', example: '2026-11-29T10:15:00.000Z' }),
  })
  .meta({ id: 'PublicUser' });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Registration with a username or email someone already has. */
export class UsernameTakenError extends ConflictError {
  constructor() {
    super('that username or email is already registered; sign in or pick another');
  }
}

// --- password hashing for the email-account flows (reset, change) ---
/** Hashes a new password the same way registration does (argon2id, OWASP parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}
// --- end ---

let dummyHash: Promise<string> | null = null;
/** A hash to verify against for unknown users, so "no such user" and "wrong password" take the same time. */
function getDummyHash(): Promise<string> {
  dummyHash ??= argon2.hash('dummy password for timing equalisation', HASH_OPTIONS);
  return dummyHash;
}

export class UserService {
  constructor(private readonly em: EntityManager) {}

  async register(input: { username: string; email: string; password: string; firstName?: string; lastName?: string }): Promise<PublicUser> {
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    const user = this.em.create(User, {
      username: input.username,
      email: input.email.toLowerCase(),
      passwordHash,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      role: UserRole.User,
      createdAt: new Date(),
    });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new UsernameTakenError();
      throw err;
    }
    return toPublicUser(user);
  }

  /** Returns the user when the password matches; null otherwise, after the same amount of work either way. */
  async verifyCredentials(username: string, password: string): Promise<PublicUser | null> {
    const user = await this.em.findOne(User, { username }, { populate: ['passwordHash'] });
    const hash = user?.passwordHash ?? (await getDummyHash());
    const ok = await argon2.verify(hash, password).catch(() => false);
    return user && ok ? toPublicUser(user) : null;
  }

  async findById(id: number): Promise<PublicUser | null> {
    const user = await this.em.findOne(User, id);
    return user ? toPublicUser(user) : null;
  }

  // --- disabled accounts (admin-throttle) ---
  /** Whether an admin disabled the account (an unknown id counts as disabled). */
  async isDisabled(id: number): Promise<boolean> {
    const user = await this.em.findOne(User, id, { fields: ['id', 'disabledAt'] });
    return !user || !!user.disabledAt;
  }

  /** The user a session may act as: null for an unknown or disabled account, which signs the session out. */
  async findActiveById(id: number): Promise<PublicUser | null> {
    const user = await this.em.findOne(User, { id, disabledAt: null });
    return user ? toPublicUser(user) : null;
  }
  // --- end disabled accounts ---
}

export function toPublicUser(user: IUser): PublicUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    isAdmin: user.role === UserRole.Admin,
    emailConfirmed: user.emailConfirmedAt !== null && user.emailConfirmedAt !== undefined,
    createdAt: user.createdAt.toISOString(),
  };
}
