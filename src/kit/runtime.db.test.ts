// The kit notebook against a real Rathaus on loopback, both with their own databases: pairing
// with approval, the officer's online login (escrow), the tour package, services through the
// kit's own HTTP routes while the network is cut, offline login, the sync after reconnection,
// and the wipe after revocation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { verifyAuditChain } from '../audit/verify-chain.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { serviceCases } from '../cases/schema.ts';
import type { Principal } from '../identity/principal.ts';
import { totpCode } from '../identity/totp.ts';
import { createTestUser, testPassword, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import { buildServer } from '../platform/http/server.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { AppContext } from '../platform/context.ts';
import { testContext } from '../platform/testing.ts';
import { kits, tourStops, tours } from '../planning/schema.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons } from '../register/schema.ts';
import { createVisitRequest } from '../requests/create-request.ts';
import { visitRequests } from '../requests/schema.ts';
import { kitLocalRoutes } from './local-routes.ts';
import { KitRuntime, pairKit, readKitIdentity } from './runtime.ts';
import { kitKeys, kitPairings } from './schema.ts';

const tourDay = '2026-12-08';
const at = (time: string) => new Date(`${tourDay}T${time}:00+01:00`);

describe('buergerkoffer kit against its Rathaus', () => {
  let rathaus: { database: Database; ctx: ReturnType<typeof testContext>; app: App; municipalityId: string };
  let rathausUrl: string;
  let vaultDb: Database;
  let kitDb: Database;
  let capturedCaseId = '';
  let kitCtx: ReturnType<typeof testContext>;
  let kitApp: App;
  let runtime: KitRuntime;
  let officer: { id: string; username: string };
  let personId: string;
  let network = true;
  const dir = mkdtempSync(join(tmpdir(), 'bk-kit-'));
  // The notebook's link: a cut makes every request fail like a dead network does.
  const kitFetch: typeof fetch = (input, init) => (network ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')));

  beforeAll(async () => {
    rathaus = await startTestServer({ now: new Date('2026-12-07T15:00:00Z') });
    await rathaus.app.listen({ host: '127.0.0.1', port: 0 });
    const address = rathaus.app.server.address();
    rathausUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { municipalityId } = rathaus;
    await writePersonRecords(rathaus.ctx, { kind: 'system', name: 'test', municipalityId }, municipalityId, [aPersonRecord({ ref: 'erna', familyName: 'Kowalski', givenNames: ['Erna'], blocks: [{ kind: 'bedingter_sperrvermerk', reason: 'Pflegeheim', validFrom: '2026-08-01' }] })]);
    personId = (await rathaus.database.db.select().from(persons))[0]!.id;
    officer = await createTestUser(rathaus.ctx, municipalityId, { roles: ['field_officer'], displayName: 'Anna Außendienst' });
    const [kit] = await rathaus.database.db.insert(kits).values({ municipalityId, name: 'Koffer 1' }).returning();
    const dispatcher = { userId: randomUUID(), username: 'd', displayName: 'D', roles: ['dispatcher'], municipalityId } as unknown as Principal;
    const { id: requestId } = await createVisitRequest(rathaus.database.db, dispatcher, {
      municipalityId, channel: 'phone', status: 'open', subject: { familyName: 'Kowalski', givenNames: 'Erna' },
      requester: { name: 'Petra', relation: 'relative', phone: '1', preferredContact: 'phone' }, services: ['meldebescheinigung'], availability: [], urgency: 'normal',
      location: { kind: 'home', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', latitude: 51.48, longitude: 7.22 },
    }, rathaus.ctx.now());
    await rathaus.database.db.update(visitRequests).set({ personId, status: 'confirmed' }).where(eq(visitRequests.id, requestId));
    const [tour] = await rathaus.database.db.insert(tours).values({ municipalityId, date: tourDay, kitId: kit!.id, status: 'confirmed', departAt: at('08:00'), returnAt: at('12:00') }).returning();
    await rathaus.database.db.insert(tourStops).values({ municipalityId, tourId: tour!.id, sequence: 1, requestIds: [requestId], place: 'Am Stadtpark 3', latitude: 51.48, longitude: 7.22, arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:30') });

    vaultDb = await createTestDatabase();
    kitDb = await createTestDatabase();
  }, 90_000);
  afterAll(async () => {
    await kitApp?.close();
    await rathaus?.app.close();
    await rathaus?.database.close();
    await kitDb?.close();
    await vaultDb?.close();
  });

  const kitRequest = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    kitApp.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('pairs, and after the admin\'s approval the officer logs in online and the tour package arrives', async () => {
    const identity = await pairKit(dir, rathausUrl, 'Koffer 1', kitFetch);
    expect(readKitIdentity(dir)?.pairingId).toBe(identity.pairingId);
    const admin = await createTestUser(rathaus.ctx, rathaus.municipalityId, { roles: ['admin'] });
    const approved = await rathaus.app.inject({ method: 'POST', url: `/api/kit-pairings/${identity.pairingId}/decision`, payload: { decision: 'approve' }, headers: await testSessionHeaders(rathaus.ctx, admin, rathaus.municipalityId) });
    expect(approved.statusCode).toBe(200);

    const base: AppContext = { ...testContext(kitDb, { now: at('07:30') }) };
    runtime = new KitRuntime(base, identity, { dir, fetch: kitFetch, vault: vaultDb });
    expect(await runtime.refreshPairing()).toBe('active');
    kitApp = await buildServer({ ...base, ...runtime.ports() },
      { webRoot: '/nonexistent', extraRoutes: [kitLocalRoutes(runtime)] });

    const wrong = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: 'falsch' });
    expect(wrong.statusCode).toBe(401);
    const login = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const headers = { cookie, 'x-csrf-token': csrf };
    const loaded = await kitRequest('POST', '/api/kit-local/packages', { date: tourDay }, headers);
    expect(loaded.json()).toMatchObject({ loaded: [{ persons: 1 }] });
    const status = await kitRequest('GET', '/api/kit-local/status', undefined, headers);
    expect(status.json()).toMatchObject({ pairing: 'active', unlocked: true, online: true, numbersLeft: { case: 6, receipt: 6 } });
  });

  it('logs in an officer with a second factor: online with the code forwarded to the Rathaus, offline with the password', async () => {
    const zweifaktor = await createTestUser(rathaus.ctx, rathaus.municipalityId, { roles: ['field_officer'], displayName: 'Tarek Zweifaktor' });
    // Enrolled at the Rathaus as in the identity tests: setup, then a code from the new seed.
    const atRathaus = await testSessionHeaders(rathaus.ctx, zweifaktor, rathaus.municipalityId);
    const setup = await rathaus.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: atRathaus });
    const { secret } = setup.json<{ secret: string }>();
    const confirmed = await rathaus.app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: atRathaus, payload: { code: totpCode(secret, rathaus.ctx.now()) } });
    expect(confirmed.json()).toMatchObject({ user: { hasSecondFactor: true } });
    const kitClock = runtime.ctx as ReturnType<typeof testContext>;
    const later = (seconds: number) => rathaus.ctx.setNow(new Date(rathaus.ctx.now().getTime() + seconds * 1000));
    const passwordStep = async () => {
      const response = await kitRequest('POST', '/api/auth/login', { username: zweifaktor.username, password: testPassword });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ status: 'second_factor_required', csrfToken: expect.any(String) });
      return { cookie: String(response.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
    };
    const secondFactor = (pending: Record<string, string>, code: string) => kitRequest('POST', '/api/auth/second-factor', { code }, pending);
    const unlocked = async () => (await kitRequest('GET', '/api/kit-local/status')).json<{ unlocked: boolean }>().unlocked;
    await runtime.lock();

    // A wrong code: the Rathaus's verdict reaches the officer; no session, the kit stays locked.
    later(60);
    let pending = await passwordStep();
    expect((await kitRequest('GET', '/api/auth/me', undefined, pending)).statusCode).toBe(401);
    const valid = new Set([-30, 0, 30].map((d) => totpCode(secret, new Date(rathaus.ctx.now().getTime() + d * 1000))));
    const wrong = await secondFactor(pending, ['111111', '222222', '333333', '444444'].find((c) => !valid.has(c))!);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'SECOND_FACTOR_INVALID' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(await unlocked()).toBe(false);
    expect(await vaultDb.db.select().from(kitKeys).where(eq(kitKeys.holder, zweifaktor.id))).toEqual([]);

    // The right code (tried again as at the Rathaus): signed in on the kit, the data key is open and wrapped for this officer.
    expect((await secondFactor({ cookie: pending.cookie }, totpCode(secret, rathaus.ctx.now()))).json()).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
    const code = totpCode(secret, rathaus.ctx.now());
    const ok = await secondFactor(pending, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', user: { id: zweifaktor.id, username: zweifaktor.username } });
    const signedIn = { cookie: String(ok.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': ok.json<{ csrfToken: string }>().csrfToken };
    expect(signedIn.cookie).not.toBe(pending.cookie);
    expect((await secondFactor(pending, code)).json()).toMatchObject({ error: { code: 'SECOND_FACTOR_NOT_PENDING' } });
    expect((await kitRequest('GET', '/api/auth/me', undefined, signedIn)).json()).toMatchObject({ user: { username: zweifaktor.username } });
    expect((await kitRequest('GET', '/api/kit-local/status', undefined, signedIn)).json()).toMatchObject({ unlocked: true, online: true, outbox: expect.any(Object) });
    expect(await vaultDb.db.select().from(kitKeys).where(eq(kitKeys.holder, zweifaktor.id))).toHaveLength(1);

    // The same code once more is refused by the Rathaus as reused.
    await runtime.lock();
    pending = await passwordStep();
    expect((await secondFactor(pending, code)).json()).toMatchObject({ error: { code: 'SECOND_FACTOR_REUSED' } });
    // A code that comes after the pending login expired is not forwarded.
    later(60);
    pending = await passwordStep();
    kitClock.setNow(new Date(kitClock.now().getTime() + 6 * 60_000));
    expect((await secondFactor(pending, totpCode(secret, rathaus.ctx.now()))).json()).toMatchObject({ error: { code: 'SECOND_FACTOR_NOT_PENDING' } });
    kitClock.setNow(at('07:30'));
    expect(await unlocked()).toBe(false);

    // Offline, the password opens the officer's wrapped key (the kit cannot check a code).
    network = false;
    const offline = await kitRequest('POST', '/api/auth/login', { username: zweifaktor.username, password: testPassword });
    network = true;
    expect(offline.statusCode, offline.body).toBe(200);
    expect(offline.json()).toMatchObject({ status: 'ok', user: { id: zweifaktor.id } });
    expect(await unlocked()).toBe(true);
    await runtime.lock();
  });

  it('keeps working with the network cut, logs in offline, and after reconnection the case is at the Rathaus exactly once', async () => {
    // The visit day, on both clocks (the kit's capture times are corrected to the Rathaus's clock).
    rathaus.ctx.setNow(at('09:00'));
    await runtime.lock();
    network = false;
    const login = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };

    let kase = (await kitRequest('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId, applicant: { kind: 'self' } }, headers)).json<{ id: string; version: number; number: string }>();
    expect(kase.number).toMatch(/^2026-\d{6}$/);
    kase = (await kitRequest('PATCH', `/api/cases/${kase.id}`, { version: kase.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } }, headers)).json();
    const captured = await kitRequest('POST', `/api/cases/${kase.id}/capture`, { version: kase.version }, headers);
    expect(captured.statusCode, captured.body).toBe(200);

    const offline = await kitRequest('POST', '/api/kit-local/sync', {}, headers);
    // Tried and not answered: the three steps show as sent, not confirmed, and the officer sees why.
    // The kit's access log travels along (its entries count apart from the officer's steps).
    const accessLogged = offline.json<{ status: { outbox: { accessLogPending: number } } }>().status.outbox.accessLogPending;
    expect(accessLogged).toBeGreaterThan(0);
    expect(offline.json()).toMatchObject({ report: { remaining: 3, confirmed: 0, interruption: expect.stringMatching(/fetch failed/) }, status: { online: false, outbox: { counts: { sent: 3, confirmed: 0 } } } });
    expect(offline.json<{ status: { outbox: { unsettled: { kind: string }[] } } }>().status.outbox.unsettled.map((u) => u.kind)).toEqual(['case.opened', 'case.updated', 'case.captured']);

    network = true;
    const online = await kitRequest('POST', '/api/kit-local/sync', {}, headers);
    expect(online.json()).toMatchObject({ report: { remaining: 0 }, status: { online: true, outbox: { counts: { confirmed: 3 }, accessLogPending: 0 } } });
    const [atRathaus] = await rathaus.database.db.select().from(serviceCases).where(eq(serviceCases.id, kase.id));
    expect(atRathaus).toMatchObject({ number: kase.number, state: 'captured' });
    // Erna has a bedingter Sperrvermerk: the kit's tour is the officer's legitimation, and the log says so.
    const reads = await rathaus.database.db.select().from(auditEntries).where(eq(auditEntries.purpose, kase.number));
    expect(reads.some((r) => (r.details as { legitimation?: string }).legitimation === 'visit' && r.actorId === officer.id)).toBe(true);
    // What the officer read on the kit offline is in the Rathaus's access log, once, with where and when it happened.
    const fromKit = (await rathaus.database.db.select().from(auditEntries)).filter((r) => (r.details as { kit?: { kitId: string } }).kit?.kitId === runtime.identity.kitId);
    expect(fromKit.length).toBeGreaterThanOrEqual(accessLogged);
    expect(fromKit.filter((r) => r.personIds.includes(personId) && r.actorId === officer.id).length).toBeGreaterThan(0);
    const kitSeqs = fromKit.map((r) => (r.details as { kit: { hash: string } }).kit.hash);
    expect(new Set(kitSeqs).size).toBe(kitSeqs.length);
    expect(await verifyAuditChain(rathaus.database.db, rathaus.municipalityId)).toMatchObject({ ok: true });
    const again = await kitRequest('POST', '/api/kit-local/sync', {}, headers);
    expect(again.json()).toMatchObject({ report: { remaining: 0 } });
    expect((await rathaus.database.db.select().from(auditEntries)).filter((r) => (r.details as { kit?: { kitId: string } }).kit?.kitId === runtime.identity.kitId).length).toBe(fromKit.length + (again.json<{ report: { eventsSent: number } }>().report.eventsSent));
    expect(await rathaus.database.db.select().from(serviceCases).where(eq(serviceCases.id, kase.id))).toHaveLength(1);
    capturedCaseId = kase.id;
  });

  it('after a restart offline, rebuilds its cases from the package and the outbox; the disk holds no register data', async () => {
    // The vault on disk: keys, numbers, packages (encrypted), the sealed outbox — no persons, no cases.
    expect(await vaultDb.db.select().from(persons)).toEqual([]);
    expect(await vaultDb.db.select().from(serviceCases)).toEqual([]);
    await kitApp.close();
    await kitDb.close();
    kitDb = await createTestDatabase();
    const base: AppContext = { ...testContext(kitDb, { now: at('10:30') }) };
    runtime = new KitRuntime(base, readKitIdentity(dir)!, { dir, fetch: kitFetch, vault: vaultDb });
    kitApp = await buildServer({ ...base, ...runtime.ports() },
      { webRoot: '/nonexistent', extraRoutes: [kitLocalRoutes(runtime)] });
    network = false;
    const login = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    // Replaying the outbox reads the register too, but that is no officer's access: nothing new for the access log.
    const pendingBefore = (await runtime.status()).outbox!.accessLogPending;
    expect(pendingBefore).toBe(0);
    const rebuilt = await kitRequest('GET', `/api/cases/${capturedCaseId}`, undefined, headers);
    expect((await runtime.status()).outbox!.accessLogPending).toBeGreaterThan(pendingBefore);
    expect(rebuilt.statusCode, rebuilt.body).toBe(200);
    expect(rebuilt.json()).toMatchObject({ state: 'captured', person: { id: personId } });

    // Signed out, the kit locks: the data key and the in-memory cases and register rows are gone.
    expect(await runtime.lockWhenIdle()).toBe(false);
    expect((await kitRequest('POST', '/api/auth/logout', {}, headers)).statusCode).toBeLessThan(300);
    expect(await runtime.lockWhenIdle()).toBe(true);
    expect(await kitDb.db.select().from(persons)).toEqual([]);
    expect(await kitDb.db.select().from(serviceCases)).toEqual([]);
    expect((await runtime.status()).unlocked).toBe(false);
    const back = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    const again = { cookie: String(back.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': back.json<{ csrfToken: string }>().csrfToken };
    expect((await kitRequest('GET', `/api/cases/${capturedCaseId}`, undefined, again)).json()).toMatchObject({ state: 'captured' });
    network = true;
    kitCtx = base as ReturnType<typeof testContext>;
  });

  it('no longer opens the register data of an expired tour package', async () => {
    const login = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const tourId = (await kitRequest('GET', '/api/kit-local/status', undefined, headers)).json<{ packages: { tourId: string }[] }>().packages[0]!.tourId;
    expect((await kitRequest('GET', `/api/kit-local/tours/${tourId}`, undefined, headers)).statusCode).toBe(200);
    kitCtx.setNow(new Date('2026-12-10T00:00:01+01:00'));
    expect(await runtime.enforcePackageExpiry()).toEqual({ expired: 1, personsRemoved: 1 });
    expect(await kitDb.db.select().from(persons)).toEqual([]);
    expect(await kitDb.db.select().from(serviceCases)).toEqual([]);
    // Two days on, the earlier session is over too; a fresh login still cannot open the package.
    const again = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    const fresh = { cookie: String(again.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': again.json<{ csrfToken: string }>().csrfToken };
    expect(headers.cookie).not.toBe(fresh.cookie);
    const refused = await kitRequest('GET', `/api/kit-local/tours/${tourId}`, undefined, fresh);
    expect(refused.json()).toMatchObject({ error: { code: 'PACKAGE_EXPIRED' } });
    kitCtx.setNow(at('11:00'));
  });

  it('refuses an offline login with a wrong password, and counts it', async () => {
    await runtime.lock();
    network = false;
    const wrong = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: 'falsch' });
    expect(wrong.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    network = true;
  });

  it('wipes itself when the Rathaus revoked it, and tells the Rathaus', async () => {
    const login = await kitRequest('POST', '/api/auth/login', { username: officer.username, password: testPassword });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const admin = await createTestUser(rathaus.ctx, rathaus.municipalityId, { roles: ['admin'] });
    const pairingId = runtime.identity.pairingId;
    await rathaus.app.inject({ method: 'POST', url: `/api/kit-pairings/${pairingId}/revoke`, payload: { reason: 'gestohlen' }, headers: await testSessionHeaders(rathaus.ctx, admin, rathaus.municipalityId) });
    // The token the kit holds died with the revocation; its next contact learns why.
    (runtime.client as unknown as { token: null }).token = null;
    await kitRequest('POST', '/api/kit-local/sync', {}, headers);
    const status = (await kitRequest('GET', '/api/kit-local/status')).json<{ wiped: boolean; unlocked: boolean }>();
    expect(status).toMatchObject({ wiped: true, unlocked: false });
    expect(await kitDb.db.select().from(persons)).toEqual([]);
    expect(readKitIdentity(dir)).toBeNull();
    const [pairing] = await rathaus.database.db.select().from(kitPairings).where(eq(kitPairings.id, pairingId));
    expect(pairing?.wipedAt).not.toBeNull();
  });
});
