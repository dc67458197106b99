import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import type { AddressFacts, NewPerson, RegisterChange } from '../../cases/workflow.ts';
import type { SystemActor } from '../../identity/principal.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { testContext } from '../../platform/testing.ts';
import { aPersonRecord, documentNumber } from '../import/testing.ts';
import { writePersonRecords } from '../import/write-records.ts';
import { addresses, idDocuments, personNameTokens, persons, residences } from '../schema.ts';
import { applyRegisterChanges } from './apply-register-changes.ts';

const now = new Date('2026-11-05T10:00:00Z');
const home: AddressFacts = { street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000' };
const flat: AddressFacts = { street: 'Hauptstraße', houseNumber: '12', addition: null, postcode: '44787', city: 'Bochum', ags: '05911000' };
const garden: AddressFacts = { street: 'Gartenweg', houseNumber: '1', addition: null, postcode: '44789', city: 'Bochum', ags: '05911000' };

const newPerson = (overrides: Partial<NewPerson> = {}): NewPerson => ({
  familyName: 'Yılmaz', birthName: null, givenNames: ['Zeynep', 'Ayşe'], preferredGivenName: 0, doctoralDegree: null,
  birthDate: '1990-03-04', birthPlace: 'İzmir', birthCountry: 'TR', sex: 'w', nationalities: ['TR'], maritalStatus: 'LD', religion: null,
  ...overrides,
});

describe('applyRegisterChanges', () => {
  let database: Database;
  let municipalityId: string;
  let actor: SystemActor;
  const ids: Record<string, string> = {};

  const apply = (changes: RegisterChange[], caseNumber = 'A-2026-000001', db?: Db) =>
    applyRegisterChanges(db ?? database.db, { municipalityId, changes, actor, caseNumber, now });
  const residencesOf = (personId: string) => database.db.select({
    id: residences.id, kind: residences.kind, movedIn: residences.movedIn, movedOut: residences.movedOut, registeredOn: residences.registeredOn, street: addresses.street,
  }).from(residences).innerJoin(addresses, eq(addresses.id, residences.addressId)).where(eq(residences.personId, personId)).orderBy(asc(residences.movedIn));
  const openHaupt = async (personId: string) => (await database.db.select().from(residences)
    .where(and(eq(residences.personId, personId), isNull(residences.movedOut), eq(residences.kind, 'haupt'))));
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    actor = { kind: 'system', name: 'test', municipalityId };
    const ctx = testContext(database, { now });
    await writePersonRecords(ctx, actor, municipalityId, [
      aPersonRecord({ ref: 'anna', residences: [{ address: { ...flat }, kind: 'haupt', movedIn: '1990-01-01', registeredOn: '1990-01-03' }] }),
      aPersonRecord({
        ref: 'bernd', familyName: 'Becker', givenNames: ['Bernd'], preferredGivenName: null, documents: [],
        residences: [{ address: { ...flat }, kind: 'haupt', movedIn: '1995-01-01' }, { address: { ...garden }, kind: 'neben', movedIn: '2000-01-01' }],
      }),
      aPersonRecord({ ref: 'carla', familyName: 'Conrad', givenNames: ['Carla'], documents: [{ kind: 'personalausweis', serialNumber: documentNumber('L', 7), issuingAuthority: 'Stadt Bochum', issuedOn: '2020-01-01', validUntil: '2030-01-01' }] }),
    ]);
    for (const row of await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => { await database.close(); });

  it('Ummeldung: closes the old residence and adds the new one, keeping the history', async () => {
    const [old] = await residencesOf(ids.anna!);
    await apply([
      { kind: 'move_out', personId: ids.anna!, residenceId: old!.id, movedOut: '2026-10-31', registeredOn: '2026-11-05', destination: null },
      { kind: 'move_in', person: { id: ids.anna! }, address: home, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' },
    ], 'U-2026-000007');
    const rows = await residencesOf(ids.anna!);
    expect(rows).toEqual([
      expect.objectContaining({ street: 'Hauptstraße', kind: 'haupt', movedIn: '1990-01-01', movedOut: '2026-10-31', registeredOn: '1990-01-03' }),
      expect.objectContaining({ street: 'Am Stadtpark', kind: 'haupt', movedIn: '2026-11-01', movedOut: null, registeredOn: '2026-11-05' }),
    ]);
    const [entry] = await database.db.select().from(auditEntries).where(eq(auditEntries.purpose, 'U-2026-000007'));
    expect(entry).toMatchObject({ action: 'register.person.change', personIds: [ids.anna], dataCategories: ['addresses'] });
  });

  it('reuses a stored address written in another spelling (address key as in the importer)', async () => {
    const before = await database.db.select().from(addresses);
    const [bernd] = await database.db.select().from(residences).where(and(eq(residences.personId, ids.bernd!), eq(residences.kind, 'neben')));
    await apply([
      { kind: 'move_out', personId: ids.bernd!, residenceId: bernd!.id, movedOut: '2026-10-01', registeredOn: '2026-11-05', destination: null },
      { kind: 'move_in', person: { id: ids.bernd! }, address: { ...home, street: 'am stadtpark ' }, residenceKind: 'neben', movedIn: '2026-10-02', registeredOn: '2026-11-05' },
    ]);
    expect(await database.db.select().from(addresses)).toHaveLength(before.length);
  });

  it('refuses a second Hauptwohnung and leaves nothing behind', async () => {
    const before = await residencesOf(ids.carla!);
    const error = await refusal(apply([{ kind: 'move_in', person: { id: ids.carla! }, address: garden, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' }]));
    expect(error.code).toBe('REGISTER_SECOND_HAUPTWOHNUNG');
    expect(error.message).toMatch(/exactly one Hauptwohnung/);
    expect(await residencesOf(ids.carla!)).toEqual(before);
  });

  it('a new Hauptwohnung with the old one turned into a Nebenwohnung is accepted', async () => {
    const [old] = await openHaupt(ids.carla!);
    await apply([
      { kind: 'change_residence_kind', personId: ids.carla!, residenceId: old!.id, residenceKind: 'neben' },
      { kind: 'move_in', person: { id: ids.carla! }, address: garden, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' },
    ]);
    const rows = await residencesOf(ids.carla!);
    expect(rows.filter((r) => !r.movedOut).map((r) => [r.street, r.kind]).sort()).toEqual([['Am Stadtpark', 'neben'], ['Gartenweg', 'haupt']]);
  });

  it('refuses moving out of a residence of another person', async () => {
    const [annas] = await openHaupt(ids.anna!);
    const error = await refusal(apply([{ kind: 'move_out', personId: ids.carla!, residenceId: annas!.id, movedOut: '2026-11-01', registeredOn: '2026-11-05', destination: null }]));
    expect(error.code).toBe('REGISTER_RESIDENCE_NOT_OF_PERSON');
  });

  it('refuses a move-out of an already closed residence, and a move-out before the move-in', async () => {
    const rows = await residencesOf(ids.anna!);
    const closed = rows.find((r) => r.movedOut)!;
    const open = rows.find((r) => !r.movedOut)!;
    expect((await refusal(apply([{ kind: 'move_out', personId: ids.anna!, residenceId: closed.id, movedOut: '2026-11-02', registeredOn: '2026-11-05', destination: null }]))).code)
      .toBe('REGISTER_RESIDENCE_CLOSED');
    expect((await refusal(apply([{ kind: 'move_out', personId: ids.anna!, residenceId: open.id, movedOut: '2026-10-01', registeredOn: '2026-11-05', destination: 'AT' }]))).code)
      .toBe('REGISTER_MOVE_OUT_BEFORE_MOVE_IN');
  });

  it('refuses a move into the flat the person already lives in', async () => {
    const error = await refusal(apply([{ kind: 'move_in', person: { id: ids.anna! }, address: home, residenceKind: 'neben', movedIn: '2026-11-03', registeredOn: '2026-11-05' }]));
    expect(error.code).toBe('REGISTER_ALREADY_RESIDENT');
  });

  it('creates a new person with search tokens and a residence, by ref', async () => {
    const { createdPersonIds } = await apply([
      { kind: 'create_person', ref: 'new-1', person: newPerson() },
      { kind: 'move_in', person: { ref: 'new-1' }, address: flat, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' },
    ]);
    const id = createdPersonIds['new-1']!;
    const [row] = await database.db.select().from(persons).where(eq(persons.id, id));
    expect(row).toMatchObject({ familyName: 'Yılmaz', givenNames: ['Zeynep', 'Ayşe'], birthYear: 1990, birthMonth: 3, birthDay: 4, searchName: 'zeynep ayse yilmaz', municipalityId });
    const tokens = await database.db.select({ token: personNameTokens.token, role: personNameTokens.role }).from(personNameTokens).where(eq(personNameTokens.personId, id));
    expect(tokens.map((t) => `${t.role}:${t.token}`).sort()).toEqual(['f:yilmaz', 'g:ayse', 'g:zeynep']);
    expect(await residencesOf(id)).toEqual([expect.objectContaining({ street: 'Hauptstraße', kind: 'haupt', movedIn: '2026-11-01' })]);
  });

  it('refuses a new person with characters outside DIN SPEC 91379, and a move of an unknown ref', async () => {
    const invalid = await refusal(apply([{ kind: 'create_person', ref: 'x', person: newPerson({ familyName: 'Müller😀' }) }]));
    expect(invalid.code).toBe('REGISTER_PERSON_INVALID');
    expect(invalid.message).toMatch(/familyName/);
    const unknown = await refusal(apply([{ kind: 'move_in', person: { ref: 'nobody' }, address: flat, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' }]));
    expect(unknown.code).toBe('REGISTER_UNKNOWN_REF');
  });

  it('refuses a person of another municipality', async () => {
    const other = await ensureMunicipality(database.db, '05913000', 'Dortmund');
    const error = await refusal(applyRegisterChanges(database.db, {
      municipalityId: other.id, actor: { kind: 'system', name: 'test', municipalityId: other.id }, caseNumber: 'X', now,
      changes: [{ kind: 'move_in', person: { id: ids.anna! }, address: flat, residenceKind: 'neben', movedIn: '2026-11-01', registeredOn: '2026-11-05' }],
    }));
    expect(error.code).toBe('REGISTER_PERSON_NOT_FOUND');
    const forbidden = await refusal(applyRegisterChanges(database.db, { municipalityId: other.id, actor, caseNumber: 'X', now, changes: [] }));
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('records an ID document and changes the status of the old one; a number held by another person is refused', async () => {
    const serial = documentNumber('L', 99);
    await apply([
      { kind: 'record_document', personId: ids.carla!, documentKind: 'personalausweis', serialNumber: serial, issuedOn: '2026-11-05', validUntil: '2036-11-04', issuingAuthority: 'Stadt Bochum' },
      { kind: 'update_document_status', personId: ids.carla!, serialNumber: documentNumber('L', 7), status: 'handed_over_old' },
    ]);
    const docs = await database.db.select({ serialNumber: idDocuments.serialNumber, status: idDocuments.status }).from(idDocuments).where(eq(idDocuments.personId, ids.carla!));
    expect(docs.sort((a, b) => a.serialNumber.localeCompare(b.serialNumber))).toEqual([
      { serialNumber: documentNumber('L', 7), status: 'handed_over_old' },
      { serialNumber: serial, status: 'valid' },
    ].sort((a, b) => a.serialNumber.localeCompare(b.serialNumber)));
    const taken = await refusal(apply([{ kind: 'record_document', personId: ids.bernd!, documentKind: 'personalausweis', serialNumber: serial, issuedOn: '2026-11-05', validUntil: '2036-11-04', issuingAuthority: 'Stadt Bochum' }]));
    expect(taken.code).toBe('REGISTER_DOCUMENT_OF_OTHER_PERSON');
    const missing = await refusal(apply([{ kind: 'update_document_status', personId: ids.bernd!, serialNumber: serial, status: 'invalidated' }]));
    expect(missing.code).toBe('REGISTER_DOCUMENT_NOT_FOUND');
  });

  it('runs inside the caller\'s transaction: a rollback there undoes the changes', async () => {
    const before = await residencesOf(ids.bernd!);
    const open = before.find((r) => !r.movedOut && r.kind === 'haupt')!;
    await database.db.transaction(async (tx) => {
      await apply([{ kind: 'move_out', personId: ids.bernd!, residenceId: open.id, movedOut: '2026-11-01', registeredOn: '2026-11-05', destination: 'AT' }], 'B-1', tx as unknown as Db);
      tx.rollback();
    }).catch(() => undefined);
    expect(await residencesOf(ids.bernd!)).toEqual(before);
  });
});
