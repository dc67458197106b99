import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { buildServer } from '../platform/http/server.ts';
import type { App } from '../platform/http/types.ts';
import { testContext } from '../platform/testing.ts';
import { staffSessions, staffUsers } from './schema.ts';
import { sessionCookieName, sessionIdOf } from './sessions.ts';
import { createTestUser, testPassword } from './testing.ts';
import { totpCode } from './totp.ts';
import { startTestServer } from '../platform/http/testing.ts';

const start = new Date('2026-11-05T09:00:00.000Z');
const minutes = (n: number) => n * 60_000;

interface LoginBody {
  status: 'ok' | 'second_factor_required';
  csrfToken: string;
  user?: { username: string; roles: string[]; permissions: string[]; hasSecondFactor: boolean } & Record<string, unknown>;
}

function sessionCookie(response: { cookies: { name: string; value: string }[] }): string {
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  if (!cookie) throw new Error('no session cookie set');
  return cookie.value;
}

describe('staff sign-in over HTTP', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: start }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });
  beforeEach(() => ctx.setNow(start));

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const me = (token: string) => app.inject({ url: '/api/auth/me', cookies: { [sessionCookieName]: token } });

  async function signedIn(username: string): Promise<{ token: string; csrfToken: string }> {
    const response = await login(username, testPassword);
    expect(response.statusCode).toBe(200);
    return { token: sessionCookie(response), csrfToken: (response.json() as LoginBody).csrfToken };
  }

  it('signs in with the right password and sets a hardened session cookie', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'Anna.Schmidt' });
    const response = await login('  ANNA.schmidt ', testPassword);
    expect(response.statusCode).toBe(200);
    const body = response.json() as LoginBody;
    expect(body.status).toBe('ok');
    expect(body.user).toMatchObject({ id: user.id, username: 'anna.schmidt', roles: ['clerk'], hasSecondFactor: false });
    expect(body).toMatchObject({ municipality: { name: 'Bochum', ags: '05911000' } });
    expect(body.user?.permissions).toEqual(expect.arrayContaining(['register.read', 'register.write']));
    expect(body.user?.permissions).not.toContain('users.manage');
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash|totp/i);

    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^bk_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');

    const token = sessionCookie(response);
    const [stored] = await database.db.select().from(staffSessions).where(eq(staffSessions.id, sessionIdOf(token)));
    expect(stored?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.id).not.toContain(token);

    const who = await me(token);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ user: { username: 'anna.schmidt' }, municipality: { name: 'Bochum', ags: '05911000' }, csrfToken: body.csrfToken });
  });

  it('answers /api/auth/me with 401 without a session or with a forged cookie', async () => {
    expect((await app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await me('forged-token')).statusCode).toBe(401);
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'bernd' });
    const wrong = await login('bernd', 'wrong password 123');
    const unknown = await login('nobody-here', 'wrong password 123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('locks the account for 15 minutes after 10 consecutive failures, even for the right password', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'carla' });
    for (let i = 1; i <= 9; i += 1) {
      expect((await login('carla', `wrong password ${i}`)).statusCode).toBe(401);
    }
    const tenth = await login('carla', 'wrong password 10');
    expect(tenth.statusCode).toBe(423);
    const lockedUntil = new Date(start.getTime() + minutes(15)).toISOString();
    expect(tenth.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', details: { lockedUntil } } });
    expect((tenth.json() as { error: { message: string } }).error.message).toContain('10:15');

    ctx.setNow(new Date(start.getTime() + minutes(14)));
    expect((await login('carla', testPassword)).statusCode).toBe(423);
    ctx.setNow(new Date(start.getTime() + minutes(15)));
    expect((await login('carla', testPassword)).statusCode).toBe(200);
  });

  it('resets the failure count after a successful sign-in', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'dora' });
    for (let i = 0; i < 9; i += 1) await login('dora', 'wrong password!!');
    expect((await login('dora', testPassword)).statusCode).toBe(200);
    for (let i = 0; i < 9; i += 1) expect((await login('dora', 'wrong password!!')).statusCode).toBe(401);
  });

  it('refuses a disabled user and ends their open sessions', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['dispatcher'], username: 'emil' });
    const { token } = await signedIn('emil');
    await database.db.update(staffUsers).set({ disabled: true }).where(eq(staffUsers.id, user.id));
    expect((await me(token)).statusCode).toBe(401);
    const response = await login('emil', testPassword);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
    expect((await login('emil', 'wrong password!!')).json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('ends a session after the idle timeout, and keeps it alive while it is used', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'frida' });
    const { token } = await signedIn('frida');
    for (let m = 20; m <= 120; m += 20) {
      ctx.setNow(new Date(start.getTime() + minutes(m)));
      expect((await me(token)).statusCode).toBe(200);
    }
    ctx.setNow(new Date(start.getTime() + minutes(120 + 30)));
    expect((await me(token)).statusCode).toBe(401);
    const [row] = await database.db.select().from(staffSessions).where(eq(staffSessions.id, sessionIdOf(token)));
    expect(row).toBeUndefined();
  });

  it('writes last_seen_at at most once a minute', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'gerd' });
    const { token } = await signedIn('gerd');
    const lastSeen = async () => (await database.db.select().from(staffSessions).where(eq(staffSessions.id, sessionIdOf(token))))[0]?.lastSeenAt;
    ctx.setNow(new Date(start.getTime() + 30_000));
    await me(token);
    expect(await lastSeen()).toEqual(start);
    ctx.setNow(new Date(start.getTime() + 61_000));
    await me(token);
    expect(await lastSeen()).toEqual(new Date(start.getTime() + 61_000));
  });

  it('ends a session at its absolute expiry even when it is in use', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'hanna' });
    const { token } = await signedIn('hanna');
    let m = 0;
    for (; m < ctx.config.sessionTtlMinutes; m += 25) {
      ctx.setNow(new Date(start.getTime() + minutes(m)));
      expect((await me(token)).statusCode).toBe(200);
    }
    ctx.setNow(new Date(start.getTime() + minutes(ctx.config.sessionTtlMinutes)));
    expect((await me(token)).statusCode).toBe(401);
  });

  it('signs out: the session is gone and the cookie cleared', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'ida' });
    const { token, csrfToken } = await signedIn('ida');
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { [sessionCookieName]: token }, headers: { 'x-csrf-token': csrfToken } });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^bk_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('refuses a state-changing request without the CSRF header', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'jan' });
    const { token, csrfToken } = await signedIn('jan');
    const withoutHeader = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { [sessionCookieName]: token } });
    expect(withoutHeader.statusCode).toBe(403);
    expect(withoutHeader.json()).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
    const wrongHeader = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { [sessionCookieName]: token }, headers: { 'x-csrf-token': `${csrfToken}x` } });
    expect(wrongHeader.statusCode).toBe(403);
    expect((await me(token)).statusCode).toBe(200);
  });

  it('changes the own password with the current one and ends the other sessions', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'karl' });
    const first = await signedIn('karl');
    const second = await signedIn('karl');
    const change = (currentPassword: string, newPassword: string) => app.inject({
      method: 'POST', url: '/api/auth/password', cookies: { [sessionCookieName]: first.token }, headers: { 'x-csrf-token': first.csrfToken },
      payload: { currentPassword, newPassword },
    });
    expect((await change('not the password', 'a brand new passphrase')).json()).toMatchObject({ error: { code: 'CURRENT_PASSWORD_WRONG' } });
    const short = await change(testPassword, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { code: 'PASSWORD_POLICY', message: expect.stringContaining('at least 12 characters') } });
    expect((await change(testPassword, 'a brand new passphrase')).statusCode).toBe(204);
    expect((await me(first.token)).statusCode).toBe(200);
    expect((await me(second.token)).statusCode).toBe(401);
    expect((await login('karl', testPassword)).statusCode).toBe(401);
    expect((await login('karl', 'a brand new passphrase')).statusCode).toBe(200);
  });

  it('removes expired sessions when someone signs in', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'lars' });
    const { token } = await signedIn('lars');
    ctx.setNow(new Date(start.getTime() + minutes(31)));
    await signedIn('lars');
    const [row] = await database.db.select().from(staffSessions).where(eq(staffSessions.id, sessionIdOf(token)));
    expect(row).toBeUndefined();
  });

  it('marks the cookie Secure when configured (production behind TLS)', async () => {
    const secureApp = await buildServer(testContext(database, { config: { cookieSecure: true } }), { webRoot: '/nonexistent' });
    try {
      const response = await secureApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'anna.schmidt', password: testPassword } });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await secureApp.close();
    }
  });

  it('rate-limits sign-in attempts per IP address', async () => {
    const strictCtx = testContext(database, { now: start, config: { loginRateLimitPerMinute: 3 } });
    const strictApp = await buildServer(strictCtx, { webRoot: '/nonexistent' });
    try {
      const attempt = (ip: string) => strictApp.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: 'x', password: 'y' } });
      for (let i = 0; i < 3; i += 1) expect((await attempt('192.0.2.1')).statusCode).toBe(401);
      const limited = await attempt('192.0.2.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect((await attempt('192.0.2.2')).statusCode).toBe(401);
    } finally {
      await strictApp.close();
    }
  });
});

describe('sign-in with a TOTP second factor', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: start }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  async function password(username: string) {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: testPassword } });
    expect(response.statusCode).toBe(200);
    return { token: sessionCookie(response), body: response.json() as LoginBody };
  }
  const post = (url: string, token: string, csrfToken: string | undefined, payload: object = {}) => app.inject({
    method: 'POST', url, cookies: { [sessionCookieName]: token }, headers: csrfToken ? { 'x-csrf-token': csrfToken } : {}, payload,
  });

  /** Signs in with the password and enrols an authenticator; returns the seed. */
  async function enrol(username: string): Promise<string> {
    ctx.setNow(start);
    const { token, body } = await password(username);
    const setup = await post('/api/auth/totp/setup', token, body.csrfToken);
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/.*${username}\\?.*secret=${secret}`));
    expect((await post('/api/auth/totp/confirm', token, body.csrfToken, { code: '000000' })).json())
      .toMatchObject({ error: { code: 'SECOND_FACTOR_INVALID' } });
    const confirm = await post('/api/auth/totp/confirm', token, body.csrfToken, { code: totpCode(secret, start) });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({ user: { hasSecondFactor: true } });
    return secret;
  }

  it('enrols, then requires the code at sign-in; the pending session is not a principal', async () => {
    const user = await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'lena' });
    const secret = await enrol('lena');
    const [row] = await database.db.select().from(staffUsers).where(eq(staffUsers.id, user.id));
    expect(row?.totpSecretEncrypted).toMatch(/^v1\./);
    expect(row?.totpSecretEncrypted).not.toContain(secret);
    expect(row?.totpPendingSecretEncrypted).toBeNull();

    ctx.setNow(at(120));
    const { token, body } = await password('lena');
    expect(body).toEqual({ status: 'second_factor_required', csrfToken: expect.any(String) });
    expect((await app.inject({ url: '/api/auth/me', cookies: { [sessionCookieName]: token } })).statusCode).toBe(401);

    expect((await post('/api/auth/second-factor', token, undefined, { code: totpCode(secret, at(120)) })).statusCode).toBe(403);
    const wrong = await post('/api/auth/second-factor', token, body.csrfToken, { code: '123456' === totpCode(secret, at(120)) ? '654321' : '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_INVALID' } });

    const ok = await post('/api/auth/second-factor', token, body.csrfToken, { code: totpCode(secret, at(120)) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', user: { username: 'lena', hasSecondFactor: true } });
    const fullToken = sessionCookie(ok);
    expect(fullToken).not.toBe(token);
    expect((await app.inject({ url: '/api/auth/me', cookies: { [sessionCookieName]: fullToken } })).statusCode).toBe(200);
    expect((await post('/api/auth/second-factor', token, body.csrfToken, { code: totpCode(secret, at(150)) })).json())
      .toMatchObject({ error: { code: 'SECOND_FACTOR_NOT_PENDING' } });
  });

  it('accepts a code one step off, refuses two steps off and refuses a replayed code', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'mira' });
    const secret = await enrol('mira');

    ctx.setNow(at(300));
    let pending = await password('mira');
    expect((await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(240)) })).statusCode).toBe(401);
    const early = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(270)) });
    expect(early.statusCode).toBe(200);

    // The same code again (an eavesdropper within the 90-second window) is refused.
    pending = await password('mira');
    const replay = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(270)) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_REUSED' } });
    // The current step is newer than the last accepted one and works.
    const current = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(300)) });
    expect(current.statusCode).toBe(200);
  });

  it('counts wrong codes towards the lockout', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'nils' });
    const secret = await enrol('nils');
    ctx.setNow(at(600));
    const pending = await password('nils');
    const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, at(600 + d * 30))));
    const wrongCodes = ['111111', '222222', '333333', '444444', '555555', '666666', '777777', '888888', '999999', '000000', '121212']
      .filter((c) => !valid.has(c));
    for (let i = 0; i < 9; i += 1) {
      expect((await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: wrongCodes[i] ?? '' })).statusCode).toBe(401);
    }
    const locking = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: wrongCodes[9] ?? '' });
    expect(locking.statusCode).toBe(423);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nils', password: testPassword } })).statusCode).toBe(423);
  });

  it('refuses a second enrolment while one is active', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'paul' });
    const secret = await enrol('paul');
    ctx.setNow(at(1200));
    const pending = await password('paul');
    const full = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(1200)) });
    const csrfToken = (full.json() as LoginBody).csrfToken;
    const again = await post('/api/auth/totp/setup', sessionCookie(full), csrfToken);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_ACTIVE' } });
  });

  it('explains a seed that cannot be decrypted (server secret changed)', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'rita' });
    await enrol('rita');
    const otherSecretApp = await buildServer(testContext(database, { now: at(1500), config: { secret: 'another-secret-another-secret-another-secret' } }), { webRoot: '/nonexistent' });
    try {
      const login = await otherSecretApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rita', password: testPassword } });
      const body = login.json() as LoginBody;
      const response = await otherSecretApp.inject({
        method: 'POST', url: '/api/auth/second-factor', cookies: { [sessionCookieName]: sessionCookie(login) }, headers: { 'x-csrf-token': body.csrfToken }, payload: { code: '123456' },
      });
      expect(response.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_UNREADABLE', message: expect.stringContaining('BK_SECRET') } });
    } finally {
      await otherSecretApp.close();
    }
  });

  it('lets a pending sign-in expire after five minutes', async () => {
    await createTestUser(ctx, municipalityId, { roles: ['clerk'], username: 'olga' });
    const secret = await enrol('olga');
    ctx.setNow(at(900));
    const pending = await password('olga');
    ctx.setNow(at(900 + 301));
    const late = await post('/api/auth/second-factor', pending.token, pending.body.csrfToken, { code: totpCode(secret, at(900 + 301)) });
    expect(late.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_NOT_PENDING' } });
  });
});
