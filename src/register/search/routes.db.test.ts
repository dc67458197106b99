import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import type { App } from '../../platform/http/types.ts';
import type { testContext } from '../../platform/testing.ts';
import { insertTestPerson } from './testing.ts';
import { startTestServer } from '../../platform/http/testing.ts';

describe('GET /api/register/persons', () => {
  let database: Database;
  let app: App;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let hansId: string;
  let blockedId: string;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-11-05T10:00:00Z') }));
    hansId = await insertTestPerson(database.db, municipalityId, {
      familyName: 'Müller', givenNames: ['Hans'], birthDate: '1950-06-17', sex: 'm', address: { street: 'Hauptstraße', houseNumber: '12' },
    });
    await insertTestPerson(database.db, municipalityId, { familyName: 'Müller', givenNames: ['Grete'], birthDate: '1952', sex: 'w' });
    blockedId = await insertTestPerson(database.db, municipalityId, {
      familyName: 'Müller', givenNames: ['Ute'], birthDate: '1931', sex: 'w', blocks: [{ kind: 'bedingter_sperrvermerk', validFrom: '2024-01-01' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const asRole = async (role: 'clerk' | 'field_officer' | 'auditor') => {
    const user = await createTestUser(ctx, municipalityId, { roles: [role] });
    return { user, headers: await testSessionHeaders(ctx, user, municipalityId) };
  };

  it('finds persons by a misspelt name and presents the hits', async () => {
    const { headers } = await asRole('clerk');
    const response = await app.inject({ url: '/api/register/persons?name=Hans%20Mueler&birthDate=17.06.1950', headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      hits: [{
        personId: hansId, familyName: 'Müller', givenNames: ['Hans'], preferredGivenName: null, doctoralDegree: null,
        birthDate: '1950-06-17', sex: 'm', dateOfDeath: null,
        address: { street: 'Hauptstraße', houseNumber: '12', postcode: '44787', city: 'Bochum' },
        score: expect.any(Number), blocked: null,
      }],
    });
  });

  it('shows the blocked person marked to a clerk and hides it from a field officer; both searches are logged with the purpose', async () => {
    const clerk = await asRole('clerk');
    const clerkHits = (await app.inject({ url: '/api/register/persons?name=M%C3%BCller&purpose=AZ%2042', headers: clerk.headers })).json() as { hits: { personId: string; blocked: unknown }[] };
    expect(clerkHits.hits).toHaveLength(3);
    expect(clerkHits.hits.find((hit) => hit.personId === blockedId)?.blocked).toEqual({ kinds: ['bedingter_sperrvermerk'] });

    const officer = await asRole('field_officer');
    const officerHits = (await app.inject({ url: '/api/register/persons?name=M%C3%BCller&purpose=AZ%2042', headers: officer.headers })).json() as { hits: { personId: string }[] };
    expect(officerHits.hits.map((hit) => hit.personId)).not.toContain(blockedId);
    expect(officerHits.hits).toHaveLength(2);

    const entries = await database.db.select().from(auditEntries).orderBy(asc(auditEntries.seq));
    const byActor = (userId: string) => entries.filter((e) => e.actorId === userId).map((e) => [e.action, e.hitCount, e.purpose]);
    expect(byActor(clerk.user.id)).toEqual([['register.search', 3, 'AZ 42'], ['register.search.blocked_hit', 1, 'AZ 42']]);
    expect(byActor(officer.user.id)).toEqual([['register.search', 2, 'AZ 42']]);
  });

  it('answers a too short name with a structured error', async () => {
    const { headers } = await asRole('clerk');
    const response = await app.inject({ url: '/api/register/persons?name=M', headers });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'SEARCH_QUERY_TOO_SHORT' } });
  });

  it('rejects a missing name and an out-of-range limit before searching', async () => {
    const { user, headers } = await asRole('clerk');
    for (const url of ['/api/register/persons', '/api/register/persons?name=M%C3%BCller&limit=1000']) {
      const response = await app.inject({ url, headers });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect(await database.db.select().from(auditEntries).where(eq(auditEntries.actorId, user.id))).toEqual([]);
  });

  it('refuses roles without register.search and anonymous callers', async () => {
    const { headers } = await asRole('auditor');
    expect((await app.inject({ url: '/api/register/persons?name=M%C3%BCller', headers })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/register/persons?name=M%C3%BCller' })).statusCode).toBe(401);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
    expect(document.paths['/api/register/persons']?.get?.tags).toEqual(['register']);
  });
});
