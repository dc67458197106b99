/*
 * Ummeldung and Abmeldung through the HTTP API on the case engine, with data as the office form
 * sends it (person picker id as text, names one per line): open → capture → complete, then the
 * register and the documents.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../../identity/testing.ts';
import { startTestServer, type TestServer } from '../../../platform/http/testing.ts';
import { aPersonRecord } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { addresses, persons, residences } from '../../../register/schema.ts';
import type { CaseView } from '../../case-view.types.ts';

const now = new Date('2026-11-05T10:00:00Z');
const stadtpark = { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' };

describe('residence registrations through the API', () => {
  let server: TestServer;
  let user: { id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ now });
    user = await createTestUser(server.ctx, server.municipalityId, { roles: ['clerk'] });
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({ ref: 'anna', familyName: 'Schmidt', givenNames: ['Anna'], preferredGivenName: null, birthDate: '1980-05-17', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2015-03-01' }] }),
      aPersonRecord({ ref: 'lena', familyName: 'Schmidt', givenNames: ['Lena'], preferredGivenName: null, birthDate: '2015-09-30', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2015-10-02' }] }),
      aPersonRecord({ ref: 'otto', familyName: 'Oberhaus', givenNames: ['Otto'], preferredGivenName: null, sex: 'm', birthDate: '1950-01-01', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2000-01-01' }] }),
    ]);
    for (const row of await server.database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => {
    await server.app.close();
    await server.database.close();
  });

  async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>): Promise<CaseView> {
    const response = await server.app.inject({ method, url, headers: await testSessionHeaders(server.ctx, user, server.municipalityId), ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 1500)}`).toBe(200);
    return response.json<CaseView>();
  }
  const path = (kase: CaseView) => `/api/cases/${kase.id}`;
  const openResidences = (personId: string) => server.database.db.select({ street: addresses.street, kind: residences.kind, movedIn: residences.movedIn })
    .from(residences).innerJoin(addresses, eq(addresses.id, residences.addressId)).where(and(eq(residences.personId, personId), isNull(residences.movedOut)));

  it('Ummeldung of a mother with her child (picked as co-mover): both in the new flat, one Meldebestätigung', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'ummeldung', personId: ids.anna!, applicant: { kind: 'self' } });
    expect(kase.data).toMatchObject({ residenceKind: 'haupt', hasResidenceHere: true });
    const flat = { street: 'Hauptstraße', houseNumber: '12a', postcode: '44787', city: 'Bochum' };
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        movedIn: '2026-11-01', newAddress: flat, previousHauptwohnung: 'move_out', coMoverIds: ids.lena!,
        wohnungsgeber: {
          form: 'paper', name: 'Wohnungsbau Ruhr eG', address: { street: 'Kortumstraße', houseNumber: '1', postcode: '44787', city: 'Bochum' },
          moveInDate: '2026-11-01', flatAddress: flat, personsNamed: 'Anna Schmidt\nLena Schmidt',
        },
      },
    });
    expect(kase.violations).toEqual([]);
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase).toMatchObject({ state: 'paid', fee: { totalCents: 0 } });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.documents.map((d) => d.kind)).toEqual(['meldebestaetigung']);
    expect(kase.messages).toEqual([]);
    for (const id of [ids.anna!, ids.lena!]) expect(await openResidences(id)).toEqual([{ street: 'Hauptstraße', kind: 'haupt', movedIn: '2026-11-01' }]);
  });

  it('Abmeldung abroad by a Betreuer: violations first (no Aufgabenkreis), then completed', async () => {
    let kase = await ok('POST', '/api/cases', {
      serviceId: 'abmeldung', personId: ids.otto!,
      applicant: { kind: 'betreuer', name: 'Klaus Berger', evidence: 'Betreuerausweis AG Bochum 12 XVII 345/23', scope: ['Vermögenssorge'] },
    });
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { movedOut: '2026-11-03', destination: 'ausland', destinationCountry: 'NL' } });
    expect(kase.violations.map((v) => v.code)).toEqual(['RESIDENCE_BETREUER_SCOPE']);
    const refused = await server.app.inject({ method: 'POST', url: `${path(kase)}/capture`, headers: await testSessionHeaders(server.ctx, user, server.municipalityId), payload: { version: kase.version } });
    expect(refused.statusCode).toBe(422);
    // The Betreuerausweis shows no Aufenthaltsbestimmung: cancel, and the right Betreuer opens a new case.
    await ok('POST', `${path(kase)}/cancel`, { version: kase.version, reason: 'Betreuer ohne Aufgabenkreis Aufenthaltsbestimmung' });
    kase = await ok('POST', '/api/cases', {
      serviceId: 'abmeldung', personId: ids.otto!,
      applicant: { kind: 'betreuer', name: 'Klaus Berger', evidence: 'Betreuerausweis AG Bochum 12 XVII 345/23', scope: ['Aufenthaltsbestimmung'] },
    });
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { movedOut: '2026-11-03', destination: 'ausland', destinationCountry: 'NL' } });
    expect(kase.violations).toEqual([]);
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.documents.map((d) => d.kind)).toEqual(['meldebestaetigung']);
    expect(await openResidences(ids.otto!)).toEqual([]);
  });
});
