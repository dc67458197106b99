import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Principal } from './principal.ts';
import { staffUsers } from './schema.ts';
import { seal, SealError, unseal } from './seal.ts';
import { checkTotp, generateTotpSecret, totpUrl } from './totp.ts';
import { toSignedInUser, type SignedInUser } from './users.ts';

const sealPurpose = 'staff-totp-seed';

export function sealTotpSecret(ctx: AppContext, userId: string, secretBase32: string): string {
  return seal(ctx.config.secret, sealPurpose, secretBase32, userId);
}

export function unsealTotpSecret(ctx: AppContext, userId: string, sealed: string): string {
  try {
    return unseal(ctx.config.secret, sealPurpose, sealed, userId);
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    ctx.logger.error({ userId, err: error }, 'TOTP seed cannot be decrypted');
    throw new AppError('SECOND_FACTOR_UNREADABLE',
      'The second factor of this account cannot be read on this server (was BK_SECRET changed?). ' +
      'An administrator can remove the second factor; then sign in with the password and set it up again.', 500);
  }
}

export interface TotpEnrolment {
  /** Base32 seed for typing into an app by hand. */
  secret: string;
  /** otpauth:// URL for a QR code. */
  otpauthUrl: string;
}

/**
 * Starts (or restarts) enrolment: a new seed is kept as pending until a code from it is
 * confirmed, so a half-finished setup never locks the user out.
 */
export async function startTotpEnrolment(ctx: AppContext, principal: Principal): Promise<TotpEnrolment> {
  const [user] = await ctx.database.db.select().from(staffUsers).where(eq(staffUsers.id, principal.userId));
  if (!user) throw notFound(`Staff user ${principal.userId}`);
  if (user.totpSecretEncrypted !== null) {
    throw new AppError('SECOND_FACTOR_ACTIVE',
      'Your account already has a second factor. To set up a new authenticator, ask an administrator to remove the current one first.', 409);
  }
  const secret = generateTotpSecret();
  await ctx.database.db.update(staffUsers)
    .set({ totpPendingSecretEncrypted: sealTotpSecret(ctx, user.id, secret), updatedAt: ctx.now() })
    .where(eq(staffUsers.id, user.id));
  return { secret, otpauthUrl: totpUrl(secret, user.username) };
}

/** Activates the pending seed when the code matches it. */
export async function confirmTotpEnrolment(ctx: AppContext, principal: Principal, code: string): Promise<SignedInUser> {
  const [user] = await ctx.database.db.select().from(staffUsers).where(eq(staffUsers.id, principal.userId));
  if (!user) throw notFound(`Staff user ${principal.userId}`);
  if (user.totpSecretEncrypted !== null) {
    throw new AppError('SECOND_FACTOR_ACTIVE', 'Your account already has an active second factor.', 409);
  }
  if (user.totpPendingSecretEncrypted === null) {
    throw new AppError('SECOND_FACTOR_NOT_STARTED', 'No authenticator setup is in progress. Start the setup first (POST /api/auth/totp/setup).', 409);
  }
  const secret = unsealTotpSecret(ctx, user.id, user.totpPendingSecretEncrypted);
  const check = checkTotp(secret, code, ctx.now(), null);
  if (!check.ok) {
    throw new AppError('SECOND_FACTOR_INVALID',
      'The code does not match. Check that the clock of your phone is right and enter the current 6-digit code from the app.', 400);
  }
  const [row] = await ctx.database.db.update(staffUsers)
    .set({ totpSecretEncrypted: user.totpPendingSecretEncrypted, totpPendingSecretEncrypted: null, totpLastStep: check.step, updatedAt: ctx.now() })
    .where(and(eq(staffUsers.id, user.id), isNull(staffUsers.totpSecretEncrypted)))
    .returning();
  if (!row) throw new AppError('SECOND_FACTOR_ACTIVE', 'Your account already has an active second factor.', 409);
  ctx.logger.info({ userId: user.id }, 'staff second factor enrolled');
  return toSignedInUser(row);
}

export type SecondFactorResult = { ok: true } | { ok: false; reason: 'invalid' | 'reused' };

/**
 * Checks a sign-in code against the user's active seed and records its time step. The
 * conditional update makes a replay lose even when two requests with the same code race.
 */
export async function verifySecondFactor(ctx: AppContext, db: Db, user: { id: string; totpSecretEncrypted: string; totpLastStep: number | null }, code: string): Promise<SecondFactorResult> {
  const secret = unsealTotpSecret(ctx, user.id, user.totpSecretEncrypted);
  const check = checkTotp(secret, code, ctx.now(), user.totpLastStep);
  if (!check.ok) return check;
  const claimed = await db.update(staffUsers)
    .set({ totpLastStep: check.step })
    .where(and(eq(staffUsers.id, user.id), or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, check.step))))
    .returning({ id: staffUsers.id });
  return claimed.length === 1 ? { ok: true } : { ok: false, reason: 'reused' };
}
