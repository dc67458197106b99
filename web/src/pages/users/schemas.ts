import { z } from 'zod';
import { roles } from '../../api/auth.ts';

/** Same bound as src/identity/passwords.ts, checked here only to spare a round trip. */
export const passwordMinLength = 12;

export const newPasswordSchema = z.string()
  .refine((value) => [...value].length >= passwordMinLength, 'validation.passwordTooShort')
  .refine((value) => value.trim().length > 0, 'validation.passwordBlank');

const emailSchema = z.string().trim().max(254)
  .refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'validation.email');

const roleList = z.array(z.enum(roles)).min(1, 'users.errors.rolesRequired');

export const createUserSchema = z.object({
  // The server stores usernames in lower case and allows 2–64 of a–z, 0–9, ".", "_", "-".
  username: z.string().trim().min(1, 'validation.required')
    .refine((value) => /^[a-z0-9][a-z0-9._-]{1,63}$/.test(value.toLowerCase()), 'users.errors.username'),
  displayName: z.string().trim().min(1, 'validation.required').max(200),
  email: emailSchema,
  roles: roleList,
  password: newPasswordSchema,
});
export type CreateUserForm = z.infer<typeof createUserSchema>;

export const editUserSchema = z.object({
  displayName: z.string().trim().min(1, 'validation.required').max(200),
  email: emailSchema,
  roles: roleList,
  disabled: z.boolean(),
});
export type EditUserForm = z.infer<typeof editUserSchema>;

export const resetPasswordSchema = z.object({ password: newPasswordSchema });
export type ResetPasswordForm = z.infer<typeof resetPasswordSchema>;

/** An empty email field means "no email", which the API wants as null. */
export const emailOrNull = (email: string): string | null => (email.trim() === '' ? null : email.trim());
