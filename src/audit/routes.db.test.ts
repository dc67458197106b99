import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../identity/principal.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { listAuditEntries, timeBound } from './list-entries.ts';
import { recordAccess } from './record-access.ts';
import { auditEntries } from './schema.ts';
import { startTestServer } from '../platform/http/testing.ts';

const annaId = '0f8b5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const bertId = '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

interface EntriesBody {
  entries: { seq: number; at: string; actorName: string; action: string; personIds: string[]; details: Record<string, unknown> }[];
  total: number;
  page: number;
  pageSize: number;
}

describe('auditor API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let auditorHeaders: Record<string, string>;
  let clerkHeaders: Record<string, string>;
  let adminHeaders: Record<string, string>;
  let auditor: Principal;

  const clerkActor = (municipality: string): Principal => ({
    userId: '7d444840-9dc0-11d1-b245-5ffdce74fad2', municipalityId: municipality, username: 'k.klein', displayName: 'Karin Klein',
    roles: ['clerk'], sessionId: 's', csrfToken: 'c',
  });

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-03-10T09:00:00Z') }));
    const auditorUser = await createTestUser(ctx, municipalityId, { roles: ['auditor'], username: 'd.datenschutz' });
    auditorHeaders = await testSessionHeaders(ctx, auditorUser, municipalityId);
    clerkHeaders = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'] }), municipalityId);
    adminHeaders = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['admin'] }), municipalityId);
    auditor = {
      userId: auditorUser.id, municipalityId, username: auditorUser.username, displayName: 'D', roles: ['auditor'], sessionId: 's', csrfToken: 'c',
    };

    const clerk = clerkActor(municipalityId);
    const log = (at: string, action: string, personIds: string[], details: Record<string, unknown> = {}) =>
      recordAccess(database.db, { municipalityId, actor: clerk, action, dataCategories: ['names'], personIds, purpose: 'AZ 33-1', details }, new Date(at));
    await log('2025-02-27T10:00:00Z', 'register.search', [annaId, bertId], { query: 'Müller' });
    await log('2025-02-28T22:30:00Z', 'register.person.read', [annaId]); // 28 Feb, 23:30 German time
    await log('2025-02-28T23:30:00Z', 'register.person.read', [bertId]); // 1 March, 00:30 German time
    await log('2026-03-09T08:00:00Z', 'register.person.update', [annaId]);
    await recordAccess(database.db, {
      municipalityId, actor: { kind: 'system', name: 'import', municipalityId }, action: 'register.import', dataCategories: ['names'], personIds: [],
    }, new Date('2026-03-09T09:00:00Z'));
    const dortmund = await ensureMunicipality(database.db, '05913000', 'Dortmund');
    await recordAccess(database.db, {
      municipalityId: dortmund.id, actor: clerkActor(dortmund.id), action: 'register.person.read', dataCategories: ['names'], personIds: [annaId],
    }, new Date('2026-03-09T10:00:00Z'));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, headers: Record<string, string> = auditorHeaders) => app.inject({ method: 'GET', url, headers });
  const entries = async (query: string) => {
    const response = await get(`/api/audit/entries${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as EntriesBody;
  };

  it('lists the own municipality\'s log newest first, with only log fields', async () => {
    const body = await entries('?action=register.*');
    expect(body.entries.map((e) => e.action)).toEqual([
      'register.import', 'register.person.update', 'register.person.read', 'register.person.read', 'register.search',
    ]);
    expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
    expect(Object.keys(body.entries[0]!).sort()).toEqual([
      'action', 'actorName', 'actorRoles', 'at', 'dataCategories', 'details', 'hitCount', 'personIds', 'purpose', 'seq',
    ]);
    expect(body.entries.at(-1)).toMatchObject({
      actorName: 'k.klein', at: '2025-02-27T10:00:00.000Z', personIds: [annaId, bertId], details: { query: 'Müller' }, purpose: 'AZ 33-1',
    });
  });

  it.each([
    ['by person', `?personId=${annaId.toUpperCase()}`, ['register.person.update', 'register.person.read', 'register.search']],
    ['by actor, case-insensitive', '?actor=IMPORT', ['register.import']],
    ['by exact action', '?action=register.person.read', ['register.person.read', 'register.person.read']],
    ['by German day: 28 February ends at German midnight', '?from=2025-02-28&to=2025-02-28', ['register.person.read']],
    ['by instants (to excluded)', '?from=2025-02-27T10:00:00Z&to=2025-02-28T23:30:00Z', ['register.person.read', 'register.search']],
    ['combined', `?personId=${bertId}&from=2025-03-01`, ['register.person.read']],
  ])('filters %s', async (_case, query, actions) => {
    const body = await entries(`${query}${query.includes('action=') ? '' : '&action=register.*'}`);
    expect(body.entries.map((e) => e.action)).toEqual(actions);
    expect(body.total).toBe(actions.length);
  });

  it('pages', async () => {
    const second = await entries('?action=register.*&page=2&pageSize=2');
    expect(second.entries.map((e) => e.action)).toEqual(['register.person.read', 'register.person.read']);
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect((await entries('?action=register.*&page=9&pageSize=2')).entries).toEqual([]);
  });

  it('logs the read itself, with the filter and without persons', async () => {
    await entries(`?personId=${annaId}&action=register.*`);
    const [last] = await database.db.select().from(auditEntries)
      .where(and(eq(auditEntries.municipalityId, municipalityId))).orderBy(desc(auditEntries.seq)).limit(1);
    expect(last).toMatchObject({
      action: 'audit.read', actorName: 'd.datenschutz', actorRoles: ['auditor'], personIds: [], hitCount: 3,
      details: { filter: { personId: annaId, action: 'register.*' }, page: 1, pageSize: 50, total: 3 },
    });
    // The auditor sees the reads in the log too.
    const reads = await entries('?action=audit.read');
    expect(reads.total).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['from=yesterday', 'querystring.from'],
    ['to=2025-02-30', 'querystring.to'],
    ['personId=anna', 'querystring.personId'],
    ['action=register.%25', 'querystring.action'],
    ['pageSize=1000', 'querystring.pageSize'],
  ])('refuses %s', async (query, path) => {
    const response = await get(`/api/audit/entries?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining(path) } });
  });

  it.each([
    ['/api/audit/entries', 403],
    ['/api/audit/verify', 403],
    ['/api/audit/retention', 403],
  ])('keeps clerks out of %s', async (url, status) => {
    expect((await get(url, clerkHeaders)).statusCode).toBe(status);
    expect((await get(url, {})).statusCode).toBe(401);
  });

  it('lets auditors and admins verify the chain', async () => {
    for (const headers of [auditorHeaders, adminHeaders]) {
      const response = await get('/api/audit/verify', headers);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ ok: true, fromSeq: 1, problems: [] });
    }
    expect((await get('/api/audit/entries', adminHeaders)).statusCode).toBe(403);
  });

  it('reports retention', async () => {
    const response = await get('/api/audit/retention');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      timeZone: 'Europe/Berlin',
      cutoff: '2025-03-10T23:00:00.000Z',
      oldestEntry: { seq: 1, at: '2025-02-27T10:00:00.000Z' },
      due: { count: 3, fromSeq: 1, toSeq: 3, oldestAt: '2025-02-27T10:00:00.000Z', newestAt: '2025-02-28T23:30:00.000Z' },
      lastRun: null,
    });
  });

  it('reports a broken chain', async () => {
    await database.db.update(auditEntries).set({ personIds: [] }).where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.seq, 2)));
    const body = (await get('/api/audit/verify')).json() as { ok: boolean; problems: { seq: number; kind: string }[] };
    expect(body.ok).toBe(false);
    expect(body.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'altered' })]);
  });

  it('documents the routes in OpenAPI', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/audit/entries', '/api/audit/verify', '/api/audit/retention']));
  });

  describe('listAuditEntries (use case)', () => {
    it('refuses an actor without audit.read', async () => {
      await expect(listAuditEntries(ctx, clerkActor(municipalityId), { page: 1, pageSize: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('answers an auditor principal built by hand', async () => {
      const page = await listAuditEntries(ctx, auditor, { personId: bertId, page: 1, pageSize: 10 });
      expect(page.entries.map((e) => e.action)).toEqual(['register.person.read', 'register.search']);
    });
  });
});

describe('timeBound', () => {
  it.each([
    ['2026-03-01', 'from', '2026-02-28T23:00:00.000Z'],
    ['2026-03-01', 'to', '2026-03-01T23:00:00.000Z'],
    ['2026-07-01', 'from', '2026-06-30T22:00:00.000Z'],
    ['2026-03-01T08:00:00Z', 'to', '2026-03-01T08:00:00.000Z'],
    ['2026-03-01T08:00:00.5+01:00', 'from', '2026-03-01T07:00:00.500Z'],
  ] as const)('%s as %s is %s', (text, edge, expected) => {
    expect(timeBound(text, edge)?.toISOString()).toBe(expected);
  });

  it.each(['2026-02-30', '2026-03-01T08:00:00', '01.03.2026', 'now', ''])('refuses %j', (text) => {
    expect(timeBound(text, 'from')).toBeNull();
  });
});
