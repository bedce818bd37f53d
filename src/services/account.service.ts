import { hashSecret } from '../util/secret-hash.js';
import crypto from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EmailToken, EmailTokenPurpose, User, type IUser } from '../entities/index.js';
import { enqueueMail } from '../mail/outbox.js';
import { MailTemplate } from '../mail/templates.js';
import { DomainError, TooManyRequestsError } from '../util/domain-errors.js';
import { hashPassword, toPublicUser, UserService, type PublicUser } from './user.service.js';

export interface AccountOptions {
  confirmTokenTtlSecs: number;
  resetTokenTtlSecs: number;
}

/** At most this many mails of one purpose per account in `MAIL_WINDOW_MS` (registration's confirmation counts). */
export const MAILS_PER_WINDOW = 3;
export const MAIL_WINDOW_MS = 15 * 60_000;

/** A confirmation or reset token that is unknown, spent, expired, or of the other purpose: one answer for all. */
export class InvalidEmailTokenError extends DomainError {
  constructor() {
    super(400, 'Invalid or expired token', 'the link is invalid, was already used, or has expired; ask for a new one');
  }
}

export class WrongPasswordError extends DomainError {
  constructor() {
    super(403, 'Forbidden', 'the current password is wrong');
  }
}

export class AlreadyConfirmedError extends DomainError {
  constructor() {
    super(409, 'Conflict', 'the email address is already confirmed');
  }
}

/** A random token for a link, and the SHA-256 hash that is stored (the secret is random, so a slow hash adds nothing). */
export function newEmailToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashEmailToken(token) };
}

export function hashEmailToken(token: string): string {
  return hashSecret(token);
}

/**
 * Email confirmation, password reset and password change. Every mail is put into the outbox in the transaction
 * that causes it; nothing here waits for SMTP.
 */
export class AccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly options: AccountOptions,
  ) {}

  /** Creates the account and, in the same transaction, its confirmation mail. */
  async register(input: { username: string; email: string; password: string; firstName?: string; lastName?: string }): Promise<PublicUser> {
    return this.em.transactional(async (em) => {
      const created = await new UserService(em).register(input);
      const user = await em.findOneOrFail(User, created.id);
      await this.issueToken(em, user, EmailTokenPurpose.ConfirmEmail);
      return created;
    });
  }

  /** Spends a confirmation token; the welcome mail goes out once per account. */
  async confirmEmail(token: string): Promise<PublicUser> {
    return this.em.transactional(async (em) => {
      const user = await this.spendToken(em, token, EmailTokenPurpose.ConfirmEmail);
      if (!user.emailConfirmedAt) {
        user.emailConfirmedAt = new Date();
        await enqueueMail(em, { to: user.email, template: MailTemplate.Welcome, payload: names(user), dedupeKey: `welcome:${user.id}` });
      }
      await em.flush();
      return toPublicUser(user);
    });
  }

  /** Sends a new confirmation link; refused when confirmed already or when too many were sent lately. */
  async resendConfirmation(userId: number): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (user.emailConfirmedAt) throw new AlreadyConfirmedError();
      const wait = await this.secsUntilNextMail(em, user, EmailTokenPurpose.ConfirmEmail);
      if (wait > 0) {
        throw new TooManyRequestsError(`${MAILS_PER_WINDOW} confirmation mails were sent in the last ${MAIL_WINDOW_MS / 60_000} minutes; try again in ${wait} s`, {
          retryAfterSecs: wait,
        });
      }
      await this.issueToken(em, user, EmailTokenPurpose.ConfirmEmail);
    });
  }

  /**
   * Starts a reset for whoever owns `email`. Returns nothing either way: the caller answers the same whether or not
   * the account exists, and for an unknown address the same token work is done and thrown away.
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { email: email.toLowerCase() }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user || user.disabledAt || (await this.secsUntilNextMail(em, user, EmailTokenPurpose.ResetPassword)) > 0) {
        newEmailToken();
        return;
      }
      await this.issueToken(em, user, EmailTokenPurpose.ResetPassword);
    });
  }

  /** Spends a reset token, sets the password, and ends every session of the account. */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.em.transactional(async (em) => {
      const user = await this.spendToken(em, token, EmailTokenPurpose.ResetPassword);
      // Other reset links of the account die with this one.
      await em.nativeUpdate(EmailToken, { user: user.id, purpose: EmailTokenPurpose.ResetPassword, usedAt: null }, { usedAt: new Date() });
      await this.setPassword(em, user, passwordHash, null);
      // The owner proved the address is theirs.
      user.emailConfirmedAt ??= new Date();
      await enqueueMail(em, { to: user.email, template: MailTemplate.PasswordChanged, payload: { ...names(user), how: 'reset' } });
      await em.flush();
    });
  }

  /**
   * Changes the password after checking the current one, and ends every session but `keepSessionId` (which the
   * caller regenerates). Returns the cut-off instant: sessions signed in before it are no longer valid.
   */
  async changePassword(userId: number, currentPassword: string, newPassword: string, keepSessionId: string): Promise<Date> {
    const user = await this.em.findOneOrFail(User, userId);
    if (!(await new UserService(this.em).verifyCredentials(user.username, currentPassword))) throw new WrongPasswordError();
    const passwordHash = await hashPassword(newPassword);
    return this.em.transactional(async (em) => {
      const fresh = await em.findOneOrFail(User, userId);
      const cutoff = await this.setPassword(em, fresh, passwordHash, keepSessionId);
      await enqueueMail(em, { to: fresh.email, template: MailTemplate.PasswordChanged, payload: { ...names(fresh), how: 'changed' } });
      await em.flush();
      return cutoff;
    });
  }

  private async setPassword(em: EntityManager, user: IUser, passwordHash: string, keepSessionId: string | null): Promise<Date> {
    const cutoff = new Date();
    user.passwordHash = passwordHash;
    user.sessionsValidAfter = cutoff;
    await em.flush();
    await endSessions(em, user.id, keepSessionId);
    return cutoff;
  }

  private async issueToken(em: EntityManager, user: IUser, purpose: EmailTokenPurpose): Promise<void> {
    const { token, hash } = newEmailToken();
    const ttlSecs = purpose === EmailTokenPurpose.ConfirmEmail ? this.options.confirmTokenTtlSecs : this.options.resetTokenTtlSecs;
    const expiresAt = new Date(Date.now() + ttlSecs * 1000);
    em.create(EmailToken, { user, purpose, tokenHash: hash, expiresAt, createdAt: new Date() });
    await em.flush();
    const template = purpose === EmailTokenPurpose.ConfirmEmail ? MailTemplate.ConfirmEmail : MailTemplate.ResetPassword;
    await enqueueMail(em, { to: user.email, template, payload: { ...names(user), token, expiresAt: expiresAt.toISOString() } });
  }

  /** Marks the token used in one statement (two concurrent uses cannot both win) and returns its account. */
  private async spendToken(em: EntityManager, token: string, purpose: EmailTokenPurpose): Promise<IUser> {
    const rows = await em.getConnection().execute<{ user_id: number }[]>(
      `update "email_tokens" set "used_at" = now() where "token_hash" = ? and "purpose" = ? and "used_at" is null and "expires_at" > now() returning "user_id"`,
      [hashEmailToken(token), purpose],
      'all',
      em.getTransactionContext(),
    );
    const userId = rows[0]?.user_id;
    if (userId === undefined) throw new InvalidEmailTokenError();
    const user = await em.findOne(User, userId);
    if (!user || user.disabledAt) throw new InvalidEmailTokenError();
    return user;
  }

  private async secsUntilNextMail(em: EntityManager, user: IUser, purpose: EmailTokenPurpose): Promise<number> {
    const since = new Date(Date.now() - MAIL_WINDOW_MS);
    const recent = await em.find(EmailToken, { user: user.id, purpose, createdAt: { $gt: since } }, { orderBy: { createdAt: 'desc' }, limit: MAILS_PER_WINDOW });
    if (recent.length < MAILS_PER_WINDOW) return 0;
    const oldest = recent[recent.length - 1]!.createdAt.getTime();
    return Math.max(1, Math.ceil((oldest + MAIL_WINDOW_MS - Date.now()) / 1000));
  }
}

/** Deletes the stored sessions of a user (all of them, or all but one). */
export async function endSessions(em: EntityManager, userId: number, keepSessionId: string | null): Promise<void> {
  await em
    .getConnection()
    .execute(
      `delete from "user_sessions" where ("sess"->'passport'->>'user') = ? and "sid" is distinct from ?`,
      [String(userId), keepSessionId],
      'run',
      em.getTransactionContext(),
    );
}

function names(user: IUser): { firstName: string; username: string } {
  return { firstName: user.firstName, username: user.username };
}
