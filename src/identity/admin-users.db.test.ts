import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { staffUsers } from './schema.ts';
import { sessionCookieName } from './sessions.ts';
import { createTestUser, testPassword, testSessionHeaders } from './testing.ts';
import { createStaffUser } from './users.ts';
import { startTestServer } from '../platform/http/testing.ts';

interface UserBody { user: { id: string; username: string; roles: string[]; disabled: boolean; hasSecondFactor: boolean; lockedUntil: string | null } & Record<string, unknown> }

describe('staff user management', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let admin: { id: string; username: string };
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer());
    admin = await createTestUser(ctx, municipalityId, { roles: ['admin'], username: 'admin-one' });
    adminHeaders = await testSessionHeaders(ctx, admin, municipalityId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = adminHeaders) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('creates a user who can then sign in; the answer holds no secrets', async () => {
    const response = await request('POST', '/api/admin/users', {
      username: 'P.Pohl', displayName: 'Paula Pohl', email: 'paula.pohl@bochum.de', password: 'a long enough passphrase', roles: ['dispatcher', 'field_officer'],
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as UserBody;
    expect(body.user).toMatchObject({ username: 'p.pohl', displayName: 'Paula Pohl', email: 'paula.pohl@bochum.de', roles: ['dispatcher', 'field_officer'], disabled: false, hasSecondFactor: false, lockedUntil: null });
    expect(Object.keys(body.user).sort()).toEqual(['createdAt', 'disabled', 'displayName', 'email', 'hasSecondFactor', 'id', 'lockedUntil', 'roles', 'username']);
    expect((await login('p.pohl', 'a long enough passphrase')).statusCode).toBe(200);
  });

  it.each([
    [{ username: 'admin-one' }, 409, 'USERNAME_TAKEN'],
    [{ username: 'ADMIN-ONE' }, 409, 'USERNAME_TAKEN'],
    [{ password: 'too short' }, 400, 'PASSWORD_POLICY'],
    [{ roles: ['superuser'] }, 400, 'VALIDATION_FAILED'],
    [{ roles: [] }, 400, 'VALIDATION_FAILED'],
    [{ username: 'has space' }, 400, 'USERNAME_INVALID'],
    [{ email: 'not-an-address' }, 400, 'EMAIL_INVALID'],
  ])('refuses %j with %i %s', async (override, status, code) => {
    const response = await request('POST', '/api/admin/users', {
      username: 'new-user', displayName: 'New User', password: 'a long enough passphrase', roles: ['clerk'], ...override,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code } });
  });

  it('lists the users of the own municipality only, without hashes or seeds', async () => {
    const other = await ensureMunicipality(database.db, '05913000', 'Dortmund');
    const stranger = await createStaffUser(ctx, { municipalityId: other.id, username: 'dortmund-clerk', displayName: 'D', password: testPassword, roles: ['clerk'] });
    const response = await request('GET', '/api/admin/users');
    expect(response.statusCode).toBe(200);
    const { users } = response.json() as { users: UserBody['user'][] };
    expect(users.map((u) => u.username)).toContain('admin-one');
    expect(users.map((u) => u.username)).not.toContain('dortmund-clerk');
    expect(JSON.stringify(users)).not.toMatch(/argon2|passwordHash|totpSecret/);
    expect((await request('PATCH', `/api/admin/users/${stranger.id}`, { displayName: 'Hijacked' })).statusCode).toBe(404);
  });

  it('changes name, email and roles', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'] });
    const response = await request('PATCH', `/api/admin/users/${user.id}`, { displayName: 'Quentin Quast', email: null, roles: ['clerk', 'auditor'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { displayName: 'Quentin Quast', email: null, roles: ['clerk', 'auditor'] } });
  });

  it('disabling a user ends their sessions at once; enabling lets them sign in again', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'] });
    const headers = await testSessionHeaders(ctx, user, municipalityId);
    expect((await request('GET', '/api/auth/me', undefined, headers)).statusCode).toBe(200);
    expect((await request('PATCH', `/api/admin/users/${user.id}`, { disabled: true })).json()).toMatchObject({ user: { disabled: true } });
    expect((await request('GET', '/api/auth/me', undefined, headers)).statusCode).toBe(401);
    expect((await login(user.username, testPassword)).statusCode).toBe(403);
    await request('PATCH', `/api/admin/users/${user.id}`, { disabled: false });
    expect((await login(user.username, testPassword)).statusCode).toBe(200);
  });

  it('a role change applies to the open session at once', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['admin'] });
    const headers = await testSessionHeaders(ctx, user, municipalityId);
    expect((await request('GET', '/api/admin/users', undefined, headers)).statusCode).toBe(200);
    await request('PATCH', `/api/admin/users/${user.id}`, { roles: ['clerk'] });
    expect((await request('GET', '/api/admin/users', undefined, headers)).statusCode).toBe(403);
  });

  it('an admin cannot remove their own admin role or disable themselves', async () => {
    const demote = await request('PATCH', `/api/admin/users/${admin.id}`, { roles: ['clerk'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ error: { code: 'CANNOT_REMOVE_OWN_ADMIN' } });
    const disable = await request('PATCH', `/api/admin/users/${admin.id}`, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json()).toMatchObject({ error: { code: 'CANNOT_DISABLE_SELF' } });
    // Other changes to the own account stay possible.
    expect((await request('PATCH', `/api/admin/users/${admin.id}`, { roles: ['admin', 'auditor'] })).statusCode).toBe(200);
    expect((await request('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('sets a new password: lifts the lockout and ends the old sessions', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'] });
    const headers = await testSessionHeaders(ctx, user, municipalityId);
    for (let i = 0; i < 10; i += 1) await login(user.username, 'wrong password!!');
    expect((await login(user.username, testPassword)).statusCode).toBe(423);
    const list = (await request('GET', '/api/admin/users')).json() as { users: UserBody['user'][] };
    expect(list.users.find((u) => u.id === user.id)?.lockedUntil).toEqual(expect.any(String));

    expect((await request('POST', `/api/admin/users/${user.id}/password`, { password: 'short' })).json()).toMatchObject({ error: { code: 'PASSWORD_POLICY' } });
    expect((await request('POST', `/api/admin/users/${user.id}/password`, { password: 'set by the administrator' })).statusCode).toBe(204);
    expect((await request('GET', '/api/auth/me', undefined, headers)).statusCode).toBe(401);
    expect((await login(user.username, testPassword)).statusCode).toBe(401);
    expect((await login(user.username, 'set by the administrator')).statusCode).toBe(200);
  });

  it('removes a second factor, so the user signs in with the password alone', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'] });
    await database.db.update(staffUsers).set({ totpSecretEncrypted: 'v1.x.y.z', totpLastStep: 1 }).where(eq(staffUsers.id, user.id));
    expect((await login(user.username, testPassword)).json()).toMatchObject({ status: 'second_factor_required' });
    const response = await request('DELETE', `/api/admin/users/${user.id}/second-factor`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { hasSecondFactor: false } });
    expect((await login(user.username, testPassword)).json()).toMatchObject({ status: 'ok' });
  });

  it('answers 404 for an unknown user id', async () => {
    const response = await request('DELETE', '/api/admin/users/6f1c1a52-4b8e-4c8f-9a51-0c1d2e3f4a5b/second-factor');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses user management to other roles', async () => {
    const clerk = await createTestUser(ctx, municipalityId, { roles: ['clerk'] });
    const headers = await testSessionHeaders(ctx, clerk, municipalityId);
    const response = await request('GET', '/api/admin/users', undefined, headers);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const cookieOnly = { cookie: `${sessionCookieName}=nonsense` };
    expect((await request('GET', '/api/admin/users', undefined, cookieOnly)).statusCode).toBe(401);
  });
});
