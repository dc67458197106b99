import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { afterFailure, isLocked } from './lockout.ts';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { staffSessions, staffUsers } from './schema.ts';
import { verifySecondFactor } from './second-factor.ts';
import { createSession, deleteExpiredSessions, deleteSession, sessionIdOf, type NewSession } from './sessions.ts';
import { describeSignedIn, normalizeUsername, type SignedInUser } from './users.ts';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { status: 'ok'; session: NewSession } & SignedIn
  | { status: 'second_factor_required'; session: NewSession };

type StaffUserRow = typeof staffUsers.$inferSelect;

export interface SignedIn {
  user: SignedInUser;
  municipality: { name: string; ags: string };
}

// One message for an unknown username and a wrong password, so the answer does not reveal who has an account.
const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'The username or the password is wrong.', 401);

const berlinTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });

export function accountLocked(lockedUntil: Date): AppError {
  return new AppError('ACCOUNT_LOCKED',
    `Too many failed sign-ins: this account is locked until ${berlinTime.format(lockedUntil)} (German time). ` +
    'Try again then, or ask an administrator to set a new password.', 423, { lockedUntil: lockedUntil.toISOString() });
}

const accountDisabled = () => new AppError('ACCOUNT_DISABLED', 'This account is disabled. Ask an administrator to enable it again.', 403);

/** Password step of the sign-in. Users with a second factor get a session that only allows the second step. */
export async function signIn(
  ctx: AppContext,
  input: { username: string; password: string; replacesSessionToken?: string | undefined },
  client: ClientInfo,
): Promise<SignInResult> {
  // On the kit, the officer's password is checked by the Rathaus, or offline by the kit's vault.
  if (ctx.passwordSignIn) return ctx.passwordSignIn(input, client);
  const db = ctx.database.db;
  const now = ctx.now();
  // A browser that signs in again leaves no orphaned session behind.
  if (input.replacesSessionToken) await deleteSession(db, sessionIdOf(input.replacesSessionToken));
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, normalizeUsername(input.username)));
  if (!user) {
    await burnPasswordCheck(input.password);
    throw invalidCredentials();
  }
  if (user.lockedUntil && isLocked(user, now)) throw accountLocked(user.lockedUntil);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await failedAttempt(ctx, user.id);
    throw invalidCredentials();
  }
  if (user.disabled) throw accountDisabled();
  if (needsRehash(user.passwordHash)) {
    await db.update(staffUsers).set({ passwordHash: await hashPassword(input.password) }).where(eq(staffUsers.id, user.id));
  }
  await deleteExpiredSessions(ctx);
  if (user.totpSecretEncrypted !== null) {
    const session = await createSession(ctx, db, { userId: user.id, municipalityId: user.municipalityId, pendingSecondFactor: true, ...client });
    return { status: 'second_factor_required', session };
  }
  return { status: 'ok', ...(await completeSignIn(ctx, user, client)) };
}

/** Second step: the code from the authenticator app, for the session the password step created. */
export async function signInSecondFactor(
  ctx: AppContext,
  input: { sessionToken: string | undefined; csrfToken: string | undefined; code: string },
  client: ClientInfo,
): Promise<{ session: NewSession } & SignedIn> {
  // On the kit, the pending login is the Rathaus's: the kit forwards the code there.
  if (ctx.secondFactorSignIn) return ctx.secondFactorSignIn(input, client);
  const db = ctx.database.db;
  const now = ctx.now();
  const notPending = new AppError('SECOND_FACTOR_NOT_PENDING',
    'No sign-in is waiting for a second factor, or it waited too long. Sign in with your username and password again.', 400);
  if (!input.sessionToken) throw notPending;
  const pendingId = sessionIdOf(input.sessionToken);
  const [pending] = await db.select().from(staffSessions)
    .where(and(eq(staffSessions.id, pendingId), eq(staffSessions.pendingSecondFactor, true)));
  if (!pending || pending.expiresAt.getTime() <= now.getTime()) throw notPending;
  if (input.csrfToken !== pending.csrfToken) {
    throw new AppError('CSRF_TOKEN_INVALID', 'The request lacks a valid X-CSRF-Token header. Reload the page and try again.', 403);
  }
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, pending.userId));
  if (!user || user.totpSecretEncrypted === null) {
    await deleteSession(db, pendingId);
    throw notPending;
  }
  if (user.disabled) {
    await deleteSession(db, pendingId);
    throw accountDisabled();
  }
  if (user.lockedUntil && isLocked(user, now)) {
    await deleteSession(db, pendingId);
    throw accountLocked(user.lockedUntil);
  }
  const verdict = await verifySecondFactor(ctx, db, { id: user.id, totpSecretEncrypted: user.totpSecretEncrypted, totpLastStep: user.totpLastStep }, input.code);
  if (!verdict.ok) {
    await failedAttempt(ctx, user.id, pendingId);
    throw verdict.reason === 'reused'
      ? new AppError('SECOND_FACTOR_REUSED', 'This code has already been used. Wait for the next code in your app and enter that one.', 401)
      : new AppError('SECOND_FACTOR_INVALID', 'The code is wrong. Enter the current 6-digit code from your authenticator app.', 401);
  }
  // A new session id after the second factor: the pending one was visible before full sign-in.
  await deleteSession(db, pendingId);
  return completeSignIn(ctx, user, client);
}

async function completeSignIn(ctx: AppContext, user: StaffUserRow, client: ClientInfo): Promise<{ session: NewSession } & SignedIn> {
  const session = await ctx.database.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ failedLogins: 0, lockedUntil: null }).where(eq(staffUsers.id, user.id));
    return createSession(ctx, tx, { userId: user.id, municipalityId: user.municipalityId, pendingSecondFactor: false, ...client });
  });
  ctx.logger.info({ userId: user.id, sessionId: session.sessionId.slice(0, 12) }, 'staff signed in');
  return { session, ...(await describeSignedIn(ctx, user.id)) };
}

/** Counts a failure under a row lock, so parallel guesses cannot slip past the limit; throws when it locks the account. */
async function failedAttempt(ctx: AppContext, userId: string, pendingSessionId?: string): Promise<void> {
  const now = ctx.now();
  const lockedUntil = await ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.select({ failedLogins: staffUsers.failedLogins, lockedUntil: staffUsers.lockedUntil })
      .from(staffUsers).where(eq(staffUsers.id, userId)).for('update');
    if (!row) return null;
    const next = afterFailure(row, now);
    await tx.update(staffUsers).set(next).where(eq(staffUsers.id, userId));
    return next.lockedUntil && isLocked(next, now) ? next.lockedUntil : null;
  });
  ctx.logger.warn({ userId, locked: lockedUntil !== null }, 'staff sign-in failed');
  if (lockedUntil) {
    if (pendingSessionId) await deleteSession(ctx.database.db, pendingSessionId);
    throw accountLocked(lockedUntil);
  }
}

export async function signOut(db: Db, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}
