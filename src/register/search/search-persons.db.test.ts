import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import type { Role } from '../../identity/policies.ts';
import type { Principal } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import { testContext } from '../../platform/testing.ts';
import { searchPersons, type SearchQuery } from './search-persons.ts';
import { insertTestPerson, type TestPerson } from './testing.ts';

const register: Record<string, TestPerson> = {
  hansMueller: { familyName: 'Müller', givenNames: ['Hans'], birthDate: '1950-06-17', sex: 'm', address: { street: 'Hauptstraße', houseNumber: '12' } },
  hansPeterMueller: { familyName: 'Müller', givenNames: ['Hans', 'Peter'], birthDate: '1955-01-02', sex: 'm', address: { street: 'Hauptstraße', houseNumber: '14a' } },
  paulMoeller: { familyName: 'Möller', givenNames: ['Paul'], birthDate: '1980-01-01', sex: 'm' },
  anjaMeier: { familyName: 'Meier', givenNames: ['Anja'], birthDate: '1960', sex: 'w' },
  hansSchmidt: { familyName: 'Schmidt', givenNames: ['Hans'], birthDate: '1970-03', sex: 'm', doctoralDegree: 'Dr.' },
  mariaSchmitt: { familyName: 'Schmitt', givenNames: ['Maria'], birthDate: '1971-05-05', sex: 'w' },
  erika: { familyName: 'Mustermann', givenNames: ['Erika', 'Charlotte'], preferredGivenName: 1, birthDate: '1964-08-12', sex: 'w', address: { street: 'Am Stadtpark', houseNumber: '3' } },
  karlWeber: { familyName: 'Weber', givenNames: ['Karl'], birthDate: '1945', sex: 'm' },
  karlaWeber: { familyName: 'Weber', givenNames: ['Karla'], birthDate: '1945-03', sex: 'w' },
  ottoWeber: { familyName: 'Weber', givenNames: ['Otto'], birthDate: '1946-03-10', sex: 'm' },
  annaDAngelo: { familyName: "D'Angelo", givenNames: ['Anna', 'Laura'], birthDate: '1999-09-09', sex: 'w' },
  evaSchulz: { familyName: 'Schulz', givenNames: ['Eva'], birthName: 'Becker', birthDate: '1958-11-30', sex: 'w' },
  udoBlocked: {
    familyName: 'Sperling', givenNames: ['Udo'], birthDate: '1990-02-02', sex: 'm', address: { street: 'Geheimweg', houseNumber: '1' },
    blocks: [{ kind: 'auskunftssperre', validFrom: '2020-01-01' }],
  },
  uteCareHome: {
    familyName: 'Sperling', givenNames: ['Ute'], birthDate: '1931-04-04', sex: 'w',
    blocks: [{ kind: 'bedingter_sperrvermerk', validFrom: '2025-01-01' }, { kind: 'uebermittlungssperre', validFrom: '2020-01-01' }],
  },
  idaExpired: { familyName: 'Sperling', givenNames: ['Ida'], birthDate: '1980-07-07', sex: 'w', blocks: [{ kind: 'auskunftssperre', validFrom: '2010-01-01', validUntil: '2020-12-31' }] },
  inaFuture: { familyName: 'Sperling', givenNames: ['Ina'], birthDate: '1985-07-07', sex: 'w', blocks: [{ kind: 'auskunftssperre', validFrom: '2030-01-01' }] },
  oldMoveOut: { familyName: 'Umzug', givenNames: ['Theo'], birthDate: '1975-01-01', sex: 'm', address: { street: 'Hauptstraße', houseNumber: '12', movedOut: '2020-01-01' } },
};

const now = new Date('2026-11-05T10:00:00Z');

describe('searchPersons', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  const ids: Record<string, string> = {};
  const nameOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id;

  let staffCount = 0;
  const staff = (roles: Role[]): Principal => ({
    userId: randomUUID(), municipalityId, username: `${roles.join('+')}-${(staffCount += 1)}`, displayName: 'Test', roles, sessionId: 's', csrfToken: 'c',
  });
  const clerk = () => staff(['clerk']);
  const search = async (query: SearchQuery, actor: Principal = clerk()) =>
    (await searchPersons(ctx, actor, query)).hits.map((hit) => nameOf(hit.personId));

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now });
    for (const [key, person] of Object.entries(register)) ids[key] = await insertTestPerson(database.db, municipalityId, person);
  });
  afterAll(() => database.close());

  it.each(['Müller', 'Mueller', 'Muller', 'MÜLLER', 'Mülller', 'Mueler', 'Mülelr'])('finds the Müllers by "%s", before Möller', async (name) => {
    const hits = await search({ name });
    expect(hits.slice(0, 2).sort()).toEqual(['hansMueller', 'hansPeterMueller']);
  });

  it.each(['Mayer', 'Maier', 'Meyer', 'Meier'])('finds Anja Meier by "%s"', async (name) => {
    expect((await search({ name }))[0]).toBe('anjaMeier');
  });

  it.each([
    ['Hans Schmidt', 'hansSchmidt'],
    ['Schmidt Hans', 'hansSchmidt'],
    ['Schmidt, Hans', 'hansSchmidt'],
    ['Hans Schmitt', 'hansSchmidt'],
    ['Dr. Hans Schmidt', 'hansSchmidt'],
    ['H. Schmidt', 'hansSchmidt'],
    ['Maria Schmidt', 'mariaSchmitt'],
    ['Hans Müller', 'hansMueller'],
    ['Müller Hans', 'hansMueller'],
    ['Hans Peter Müller', 'hansPeterMueller'],
    ['Erika Mustermann', 'erika'],
    ['Musterm', 'erika'],
    ['Erika Must', 'erika'],
    ['Ercka Mustremann', 'erika'],
    ['Erika Musterkamn', 'erika'],
    ['Mustermannn Erika', 'erika'],
    ['Becker', 'evaSchulz'],
    ["Anan Laura D'Angelo", 'annaDAngelo'],
    ['Dangelo Anna', 'annaDAngelo'],
    ['Eva Becker', 'evaSchulz'],
  ])('"%s" finds %s first', async (name, expected) => {
    expect((await search({ name }))[0]).toBe(expected);
  });

  it('ranks the exact full name above a person with an extra given name', async () => {
    expect((await search({ name: 'Hans Müller' })).slice(0, 2)).toEqual(['hansMueller', 'hansPeterMueller']);
  });

  it('narrows "H. Schmidt" to persons with a given name starting with H', async () => {
    expect(await search({ name: 'M. Schmidt' })).toEqual(['mariaSchmitt']);
  });

  it.each([
    ['17.06.1950', ['hansMueller']],
    ['1950-06-17', ['hansMueller']],
    ['1950', ['hansMueller']],
    ['06.1950', ['hansMueller']],
    ['1955-01', ['hansPeterMueller']],
    ['1951', []],
  ])('filters the Müllers by birth date %s', async (birthDate, expected) => {
    expect(await search({ name: 'Müller', birthDate })).toEqual(expected);
  });

  it.each([
    ['1945', ['karlWeber', 'karlaWeber']],
    ['1945-03', ['karlWeber', 'karlaWeber']],
    ['10.03.1945', ['karlWeber', 'karlaWeber']],
    ['1945-04', ['karlWeber']],
    ['1946-03-10', ['ottoWeber']],
    ['1944', []],
  ])('matches stored partial birth dates: Weber born %s', async (birthDate, expected) => {
    expect((await search({ name: 'Weber', birthDate })).sort()).toEqual(expected);
  });

  it.each([
    ['Hauptstr. 12', ['hansMueller']],
    ['Hauptstrasse 14 A', ['hansPeterMueller']],
    ['hauptstraße 14', ['hansPeterMueller']],
    ['Hauptstraße', ['hansMueller', 'hansPeterMueller']],
    ['Haupstrase', ['hansMueller', 'hansPeterMueller']],
    ['Am Stadtpark', []],
  ])('filters by the current residence %s', async (address, expected) => {
    expect((await search({ name: 'Müller', address })).sort()).toEqual(expected);
  });

  it('does not match a residence the person has moved out of', async () => {
    expect(await search({ name: 'Umzug', address: 'Hauptstraße 12' })).toEqual([]);
    expect(await search({ name: 'Umzug' })).toEqual(['oldMoveOut']);
  });

  it('returns the hit fields, with the current Hauptwohnung and the gebräuchlicher Vorname', async () => {
    const { hits } = await searchPersons(ctx, clerk(), { name: 'Erika Charlotte Mustermann' });
    expect(hits[0]).toEqual({
      personId: ids.erika, familyName: 'Mustermann', givenNames: ['Erika', 'Charlotte'], preferredGivenName: 'Charlotte',
      doctoralDegree: null, birthDate: '1964-08-12', sex: 'w', dateOfDeath: null,
      address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44787', city: 'Bochum' },
      score: 1, blocked: null,
    });
    const schmidt = (await searchPersons(ctx, clerk(), { name: 'Schmidt Hans' })).hits[0];
    expect(schmidt).toMatchObject({ birthDate: '1970-03', doctoralDegree: 'Dr.', address: null });
    expect(schmidt?.score).toBeLessThan(1);
    expect(schmidt?.score).toBeGreaterThan(0.9);
  });

  it('limits the number of hits', async () => {
    expect(await search({ name: 'Sperling', limit: 2 })).toHaveLength(2);
  });

  describe('Auskunftssperre and bedingter Sperrvermerk', () => {
    it('leaves blocked persons out for a field officer, also from the logged hit count', async () => {
      const officer = staff(['field_officer']);
      const { hits } = await searchPersons(ctx, officer, { name: 'Sperling', purpose: 'Hausbesuch 2026-123' });
      expect(hits.map((hit) => nameOf(hit.personId)).sort()).toEqual(['idaExpired', 'inaFuture']);
      expect(hits.every((hit) => hit.blocked === null)).toBe(true);
      const entries = await logOf(officer.username);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'register.search', hitCount: 2, purpose: 'Hausbesuch 2026-123', actorRoles: ['field_officer'],
        dataCategories: ['names', 'birth', 'addresses'], details: { name: 'Sperling', birthDate: null, address: null },
      });
      expect([...(entries[0]?.personIds ?? [])].sort()).toEqual([ids.idaExpired, ids.inaFuture].sort());
    });

    it('shows blocked persons to a clerk, marked, and logs each blocked hit on its own', async () => {
      const actor = clerk();
      const { hits } = await searchPersons(ctx, actor, { name: 'Sperling' });
      const byName = Object.fromEntries(hits.map((hit) => [nameOf(hit.personId), hit.blocked]));
      expect(byName).toEqual({
        udoBlocked: { kinds: ['auskunftssperre'] },
        uteCareHome: { kinds: ['bedingter_sperrvermerk'] },
        idaExpired: null,
        inaFuture: null,
      });
      const entries = await logOf(actor.username);
      expect(entries.map((e) => e.action)).toEqual(['register.search', 'register.search.blocked_hit', 'register.search.blocked_hit']);
      expect(entries[0]?.hitCount).toBe(4);
      expect(entries.slice(1).map((e) => e.personIds).sort()).toEqual([[ids.udoBlocked], [ids.uteCareHome]].sort());
      expect(entries[1]?.dataCategories).toContain('blocks');
    });

    it('writes no blocked-hit entry when the search finds no blocked person', async () => {
      const actor = clerk();
      await searchPersons(ctx, actor, { name: 'Hans Müller' });
      expect((await logOf(actor.username)).map((e) => e.action)).toEqual(['register.search']);
    });
  });

  it('logs searches without hits too', async () => {
    const actor = clerk();
    expect(await search({ name: 'Zyxwvu' }, actor)).toEqual([]);
    expect(await logOf(actor.username)).toMatchObject([{ action: 'register.search', hitCount: 0, personIds: [] }]);
  });

  it.each([
    [{ name: '' }, 'SEARCH_QUERY_TOO_SHORT'],
    [{ name: ' a ' }, 'SEARCH_QUERY_TOO_SHORT'],
    [{ name: '--' }, 'SEARCH_QUERY_TOO_SHORT'],
    [{ name: 'x'.repeat(201) }, 'SEARCH_QUERY_TOO_LONG'],
    [{ name: 'Müller', birthDate: '31.02.1950' }, 'SEARCH_BIRTH_DATE_INVALID'],
    [{ name: 'Müller', address: '12' }, 'SEARCH_ADDRESS_TOO_SHORT'],
    [{ name: 'Müller', limit: 0 }, 'SEARCH_LIMIT_INVALID'],
    [{ name: 'Müller', limit: 101 }, 'SEARCH_LIMIT_INVALID'],
  ])('rejects %o with %s', async (query, code) => {
    await expect(searchPersons(ctx, clerk(), query)).rejects.toSatisfy((error) => error instanceof AppError && error.code === code);
  });

  async function logOf(actorName: string) {
    return database.db.select().from(auditEntries).where(eq(auditEntries.actorName, actorName)).orderBy(asc(auditEntries.seq));
  }
});
