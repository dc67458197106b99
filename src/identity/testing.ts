import type { AppContext } from '../platform/context.ts';
import type { Role } from './policies.ts';
import { createSession, sessionCookieName } from './sessions.ts';
import { createStaffUser } from './users.ts';

export const testPassword = 'correct horse battery staple';

let counter = 0;

/** A staff user with the given roles (password: testPassword), for tests of any area. */
export async function createTestUser(
  ctx: AppContext,
  municipalityId: string,
  options: { roles: Role[]; username?: string; displayName?: string },
): Promise<{ id: string; username: string }> {
  counter += 1;
  const username = options.username ?? `${options.roles.join('-').replaceAll('_', '-')}-${counter}`;
  const { id } = await createStaffUser(ctx, {
    municipalityId, username, displayName: options.displayName ?? `Test ${username}`, password: testPassword, roles: options.roles,
  });
  return { id, username };
}

/**
 * A signed-in session without going through the password check, as request headers for
 * `app.inject` (cookie + X-CSRF-Token).
 */
export async function testSessionHeaders(ctx: AppContext, user: { id: string }, municipalityId: string): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const session = await createSession(ctx, ctx.database.db, { userId: user.id, municipalityId, pendingSecondFactor: false });
  return { cookie: `${sessionCookieName}=${session.token}`, 'x-csrf-token': session.csrfToken };
}
