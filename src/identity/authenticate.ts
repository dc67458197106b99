import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { Authenticator } from '../platform/http/types.ts';
import type { Principal } from './principal.ts';
import { staffSessions, staffUsers } from './schema.ts';
import { deleteSession, sessionCookieName, sessionIdOf, sessionVerdict, shouldTouch } from './sessions.ts';
import { rolesOf } from './users.ts';

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const token = request.cookies[sessionCookieName];
  return token && token.length <= 100 ? token : undefined;
}

/**
 * Resolves the staff member behind the session cookie. Every request re-reads the session and
 * the user, so disabling an account or changing roles takes effect at once on all instances.
 */
export function createAuthenticator(ctx: AppContext): Authenticator {
  return async (request) => {
    const token = sessionTokenOf(request);
    if (!token) return null;
    const db = ctx.database.db;
    const sessionId = sessionIdOf(token);
    const [row] = await db.select({ session: staffSessions, user: staffUsers })
      .from(staffSessions)
      .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
      .where(eq(staffSessions.id, sessionId));
    if (!row || row.session.pendingSecondFactor) return null;
    const now = ctx.now();
    if (row.user.disabled || sessionVerdict(row.session, now, ctx.config.sessionIdleMinutes) !== 'active') {
      await deleteSession(db, sessionId);
      return null;
    }
    if (shouldTouch(row.session.lastSeenAt, now)) {
      await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, sessionId));
    }
    const principal: Principal = {
      userId: row.user.id,
      municipalityId: row.user.municipalityId,
      username: row.user.username,
      displayName: row.user.displayName,
      roles: rolesOf(row.user),
      sessionId,
      csrfToken: row.session.csrfToken,
    };
    // On the kit, the persons of its tour packages are the officer's visits (AppContext.visitSubjectsOf).
    if (ctx.visitSubjectsOf) principal.visitSubjects = await ctx.visitSubjectsOf(principal);
    return principal;
  };
}
