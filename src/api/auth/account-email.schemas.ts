import { z } from 'zod';

/** Tokens from emailed links: 32 random bytes, base64url; anything else cannot be one. */
const emailTokenSchema = z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]{16,128}$/, 'the token from the emailed link').meta({ example: 'q3Yc0v1m2hZ6tX0b9Jx5b7nK4m2LrS8e1Ww3aP0dQfE' });
// Same bounds as registration: long passphrases welcome, huge ones refused before hashing.
const newPasswordSchema = z.string().min(8).max(1024);

export const confirmEmailSchema = z.strictObject({ token: emailTokenSchema }).meta({ id: 'ConfirmEmailRequest' });
export const passwordResetRequestSchema = z.strictObject({ email: z.email().max(254) }).meta({ id: 'PasswordResetRequest' });
export const passwordResetConfirmSchema = z.strictObject({ token: emailTokenSchema, password: newPasswordSchema }).meta({ id: 'PasswordResetConfirm' });
export const passwordChangeSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema })
  .meta({ id: 'PasswordChangeRequest' });

/** The 202 of the mail-sending endpoints: the message is queued, not yet sent. */
export const mailAcceptedSchema = z
  .object({
    status: z.literal('accepted'),
    detail: z.string().meta({ example: 'if an account has this address, a reset link was sent to it' }),
  })
  .meta({ id: 'MailAccepted' });
export type MailAccepted = z.infer<typeof mailAcceptedSchema>;

export const passwordChangedSchema = z
  .object({
    status: z.literal('changed'),
    detail: z.string().meta({ example: 'password changed; every other session was signed out' }),
  })
  .meta({ id: 'PasswordChanged' });
