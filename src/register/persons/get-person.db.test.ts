import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import type { Role } from '../../identity/policies.ts';
import type { Principal } from '../../identity/principal.ts';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/types.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { testContext } from '../../platform/testing.ts';
import { aPersonRecord, documentNumber } from '../import/testing.ts';
import { writePersonRecords } from '../import/write-records.ts';
import { persons } from '../schema.ts';
import { documentValidity, getPerson } from './get-person.ts';
import { startTestServer } from '../../platform/http/testing.ts';

const now = new Date('2026-11-05T10:00:00Z');
const home = { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000', latitude: 51.4875, longitude: 7.2236 };
const flat = { street: 'Hauptstraße', houseNumber: '12', postcode: '44787', city: 'Bochum', ags: '05911000' };
const garden = { street: 'Gartenweg', houseNumber: '1', postcode: '44789', city: 'Bochum', ags: '05911000' };
const document = (n: number, validUntil: string, status: 'valid' | 'lost' = 'valid') => ({
  kind: 'personalausweis' as const, serialNumber: documentNumber('L', n), issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-01', validUntil, status,
});

describe('getPerson', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  const ids: Record<string, string> = {};
  let staffCount = 0;
  const staff = (roles: Role[]): Principal => ({
    userId: randomUUID(), municipalityId, username: `${roles.join('+')}-${(staffCount += 1)}`, displayName: 'Test', roles, sessionId: 's', csrfToken: 'c',
  });
  const logOf = async (personId: string) => database.db.select().from(auditEntries)
    .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.action, 'register.person.read')))
    .orderBy(asc(auditEntries.seq))
    .then((rows) => rows.filter((row) => row.personIds.includes(personId)));

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now });
    const system = { kind: 'system' as const, name: 'test', municipalityId };
    await writePersonRecords(ctx, system, municipalityId, [
      aPersonRecord({
        ref: 'frau-k',
        familyName: 'Kowalski',
        birthName: 'Nowak',
        givenNames: ['Anna', 'Maria'],
        preferredGivenName: 1,
        formerNames: [{ familyName: 'Schmidt', until: '1962-05-04' }],
        doctoralDegree: 'Dr.',
        religion: 'rk',
        residences: [
          { address: flat, kind: 'haupt', movedIn: '1962-05-05', movedOut: '2026-07-31', registeredOn: '1962-05-10' },
          { address: home, kind: 'haupt', movedIn: '2026-08-01', registeredOn: '2026-08-05' },
          { address: garden, kind: 'neben', movedIn: '1990-01-01' },
          { address: garden, kind: 'neben', movedIn: '1970-01-01', movedOut: '1980-12-31' },
        ],
        documents: [document(1, '2026-04-30'), document(2, '2027-01-15'), document(3, '2035-01-01', 'lost')],
        blocks: [{ kind: 'uebermittlungssperre', scope: 'bmg_50_1', validFrom: '2020-01-01' }],
        relations: [
          { kind: 'child', ref: 'sohn' },
          { kind: 'child', ref: 'tochter-gesperrt' },
          { kind: 'betreuer', externalName: 'Jan Nowak', externalAddress: 'Ring 1, 45127 Essen', scope: ['aufenthaltsbestimmung'] },
        ],
      }),
      aPersonRecord({ ref: 'sohn', familyName: 'Kowalski', givenNames: ['Piotr'], preferredGivenName: 0, birthDate: '1965', documents: [], relations: [{ kind: 'parent', ref: 'frau-k' }] }),
      aPersonRecord({
        ref: 'tochter-gesperrt', familyName: 'Kowalska', givenNames: ['Ewa'], preferredGivenName: 0, birthDate: '1968-03', documents: [],
        blocks: [{ kind: 'auskunftssperre', reason: 'Gefährdung', validFrom: '2024-01-01' }],
      }),
      aPersonRecord({ ref: 'heim', familyName: 'Sperling', documents: [], blocks: [{ kind: 'bedingter_sperrvermerk', validFrom: '2026-08-01' }] }),
      aPersonRecord({ ref: 'sperre-abgelaufen', familyName: 'Frei', documents: [], blocks: [{ kind: 'auskunftssperre', validFrom: '2010-01-01', validUntil: '2020-12-31' }] }),
    ]);
    for (const row of await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) ids[row.ref ?? ''] = row.id;
  });
  afterAll(() => database.close());

  it('returns the full record: names, birth, residences in order, documents with validity, blocks, relations', async () => {
    const view = await getPerson(ctx, staff(['clerk']), ids['frau-k']!, { purpose: 'Az. 32-1/2026' });
    expect(view.names).toEqual({
      familyName: 'Kowalski', birthName: 'Nowak', doctoralDegree: 'Dr.', religiousName: null, artistName: null,
      givenNames: [{ name: 'Anna', preferred: false }, { name: 'Maria', preferred: true }],
      formerNames: [{ familyName: 'Schmidt', until: '1962-05-04' }],
    });
    expect(view.birth).toEqual({ date: '1938-04-02', place: 'Gelsenkirchen', country: null });
    expect(view).toMatchObject({ ref: 'frau-k', sex: 'w', nationalities: ['DE'], religion: 'rk', maritalStatus: 'VW', dateOfDeath: null });
    expect(view.residences.current.map((r) => [r.kind, r.address.street, r.movedIn])).toEqual([
      ['haupt', 'Am Stadtpark', '2026-08-01'],
      ['neben', 'Gartenweg', '1990-01-01'],
    ]);
    expect(view.residences.current[0]?.address).toMatchObject({ houseNumber: '3', postcode: '44791', latitude: 51.4875, longitude: 7.2236 });
    expect(view.residences.historic.map((r) => [r.address.street, r.movedIn, r.movedOut])).toEqual([
      ['Hauptstraße', '1962-05-05', '2026-07-31'],
      ['Gartenweg', '1970-01-01', '1980-12-31'],
    ]);
    expect(view.documents.map((d) => [d.serialNumber, d.status, d.validity])).toEqual([
      [documentNumber('L', 1), 'valid', 'expired'],
      [documentNumber('L', 2), 'valid', 'expires_soon'],
      [documentNumber('L', 3), 'lost', 'valid'],
    ]);
    expect(view.blocks).toEqual([expect.objectContaining({ kind: 'uebermittlungssperre', scope: 'bmg_50_1', active: true })]);
    expect(view.blocked).toBeUndefined();
    expect(view.relations.map((r) => [r.kind, r.relatedPerson?.givenNames[0] ?? null, r.externalName])).toEqual([
      ['child', 'Piotr', null],
      ['child', 'Ewa', null],
      ['betreuer', null, 'Jan Nowak'],
    ]);
    expect(view.relations[0]?.relatedPerson).toEqual({ id: ids.sohn, familyName: 'Kowalski', givenNames: ['Piotr'], birthDate: '1965' });
  });

  it('logs every read with what was disclosed and why', async () => {
    const clerk = staff(['clerk']);
    await getPerson(ctx, clerk, ids.sohn!, { purpose: 'Meldebescheinigung' });
    const [entry] = await logOf(ids.sohn!);
    expect(entry).toMatchObject({
      actorName: clerk.username, actorRoles: ['clerk'], personIds: [ids.sohn], hitCount: 1, purpose: 'Meldebescheinigung',
      details: { relatedPersonIds: [ids['frau-k']] },
    });
    expect(entry?.dataCategories).toEqual(['names', 'birth', 'sex', 'nationalities', 'marital_status', 'addresses', 'relations']);
  });

  it('hides a blocked related person from a reader who may not see blocked persons', async () => {
    const view = await getPerson(ctx, staff(['field_officer']), ids['frau-k']!);
    expect(view.relations.map((r) => r.relatedPerson?.givenNames[0] ?? null)).toEqual(['Piotr', null, null]);
    const [entry] = (await logOf(ids['frau-k']!)).slice(-1);
    expect(entry?.details).toEqual({ relatedPersonIds: [ids.sohn] });
  });

  it.each([
    ['an Auskunftssperre', 'tochter-gesperrt', ['auskunftssperre']],
    ['a bedingter Sperrvermerk', 'heim', ['bedingter_sperrvermerk']],
  ])('answers a blocked person (%s) with 404 to a field officer, exactly like a missing person, and logs the attempt', async (_label, ref, _kinds) => {
    const officer = staff(['field_officer']);
    const refused = await getPerson(ctx, officer, ids[ref]!).catch((e: unknown) => e);
    const missing = await getPerson(ctx, officer, randomUUID()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect({ ...(refused as AppError), message: (refused as AppError).message }).toEqual({ ...(missing as AppError), message: (missing as AppError).message });
    expect((refused as AppError).status).toBe(404);
    const [entry] = (await logOf(ids[ref]!)).filter((e) => e.actorName === officer.username);
    expect(entry).toMatchObject({ dataCategories: [], personIds: [ids[ref]], hitCount: 0, details: { blocked: true, refused: true } });
  });

  it.each([
    ['an Auskunftssperre', 'tochter-gesperrt', ['auskunftssperre']],
    ['a bedingter Sperrvermerk', 'heim', ['bedingter_sperrvermerk']],
  ])('shows a blocked person (%s) to a clerk, marked, and logs it as such', async (_label, ref, kinds) => {
    const clerk = staff(['clerk']);
    const view = await getPerson(ctx, clerk, ids[ref]!);
    expect(view.blocked).toEqual({ kinds });
    const [entry] = (await logOf(ids[ref]!)).filter((e) => e.actorName === clerk.username);
    expect(entry).toMatchObject({ personIds: [ids[ref]], details: { blocked: true } });
    expect(entry?.dataCategories).toContain('blocks');
  });

  it('treats an expired block as no block', async () => {
    const view = await getPerson(ctx, staff(['field_officer']), ids['sperre-abgelaufen']!);
    expect(view.blocked).toBeUndefined();
    expect(view.blocks[0]).toMatchObject({ kind: 'auskunftssperre', active: false });
  });

  it('does not show persons of another municipality, nor ids that are no UUID', async () => {
    const other = await ensureMunicipality(database.db, '05913000', 'Dortmund');
    const stranger: Principal = { ...staff(['clerk']), municipalityId: other.id };
    await expect(getPerson(ctx, stranger, ids.sohn!)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(getPerson(ctx, staff(['clerk']), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('documentValidity', () => {
  it.each([
    ['2026-11-04', 'expired'],
    ['2026-11-05', 'expires_soon'],
    ['2027-02-03', 'expires_soon'],
    ['2027-02-04', 'valid'],
  ])('valid until %s, seen on 2026-11-05 → %s', (validUntil, validity) => {
    expect(documentValidity(validUntil, '2026-11-05')).toBe(validity);
  });
});

describe('register person and import routes', () => {
  let database: Database;
  let app: App;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  const headersFor = async (role: Role) => testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: [role] }), municipalityId);

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('imports a JSON Lines text and serves the persons; a blocked one is a 404 for a field officer', async () => {
    const content = [
      JSON.stringify(aPersonRecord({ ref: 'r1', documents: [] })),
      JSON.stringify(aPersonRecord({ ref: 'r2', familyName: 'Sperling', documents: [], blocks: [{ kind: 'auskunftssperre', validFrom: '2020-01-01' }] })),
      '{"ref": "r3"}',
    ].join('\n');
    const clerk = await headersFor('clerk');
    const imported = await app.inject({ method: 'POST', url: '/api/register/import', headers: clerk, payload: { content, purpose: 'Übernahme' } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ lines: 3, created: 2, rejected: [{ line: 3, ref: 'r3' }], dryRun: false });

    const rows = await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons);
    const id = (ref: string) => rows.find((r) => r.ref === ref)?.id ?? '';
    const read = await app.inject({ url: `/api/register/persons/${id('r1')}?purpose=Test`, headers: clerk });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: id('r1'), names: { familyName: 'Kowalski' }, residences: { current: [{ address: { street: 'Am Stadtpark' } }] } });

    const officer = await headersFor('field_officer');
    const blocked = await app.inject({ url: `/api/register/persons/${id('r2')}`, headers: officer });
    const missing = await app.inject({ url: `/api/register/persons/${randomUUID()}`, headers: officer });
    expect(blocked.statusCode).toBe(404);
    expect(blocked.body).toBe(missing.body);
    expect((await app.inject({ url: `/api/register/persons/${id('r2')}`, headers: clerk })).json()).toMatchObject({ blocked: { kinds: ['auskunftssperre'] } });
  });
});
