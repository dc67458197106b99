import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lte, ne, or } from 'drizzle-orm';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { staffSessions } from './schema.ts';

export const sessionCookieName = 'bk_session';
/** How long a password-only session may wait for its second factor. */
export const pendingSecondFactorMinutes = 5;
/** last_seen_at is written at most this often, so reads do not turn into writes. */
export const touchIntervalMs = 60_000;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export type SessionVerdict = 'active' | 'expired' | 'idle';

/** Absolute expiry first (fixed at creation), then the idle timeout measured from the last request. */
export function sessionVerdict(session: SessionTimes, now: Date, idleMinutes: number): SessionVerdict {
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMinutes * 60_000) return 'idle';
  return 'active';
}

export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= touchIntervalMs;
}

/** The stored id of a session: the cookie token itself never reaches the database. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  /** Goes into the cookie; only its hash is stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  ctx: AppContext,
  db: Db,
  input: { userId: string; municipalityId: string; pendingSecondFactor: boolean; ip?: string | null; userAgent?: string | null },
): Promise<NewSession> {
  const now = ctx.now();
  const minutes = input.pendingSecondFactor
    ? Math.min(pendingSecondFactorMinutes, ctx.config.sessionTtlMinutes)
    : ctx.config.sessionTtlMinutes;
  const token = newToken();
  const session: NewSession = { token, sessionId: sessionIdOf(token), csrfToken: newToken(), expiresAt: new Date(now.getTime() + minutes * 60_000) };
  await db.insert(staffSessions).values({
    id: session.sessionId,
    municipalityId: input.municipalityId,
    userId: input.userId,
    csrfToken: session.csrfToken,
    pendingSecondFactor: input.pendingSecondFactor,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: session.expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  return session;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.id, sessionId));
}

/** Ends every session of a user, except optionally the one making the change. */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  await db.delete(staffSessions).where(exceptSessionId
    ? and(eq(staffSessions.userId, userId), ne(staffSessions.id, exceptSessionId))
    : eq(staffSessions.userId, userId));
}

/** Removes sessions past their absolute expiry or idle timeout; cheap enough to run on every sign-in. */
export async function deleteExpiredSessions(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  const idleBefore = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  const removed = await ctx.database.db.delete(staffSessions)
    .where(or(lte(staffSessions.expiresAt, now), lte(staffSessions.lastSeenAt, idleBefore)))
    .returning({ id: staffSessions.id });
  return removed.length;
}
