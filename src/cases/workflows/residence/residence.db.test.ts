import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemActor } from '../../../identity/principal.ts';
import type { Database } from '../../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../../platform/db/testing.ts';
import { testContext } from '../../../platform/testing.ts';
import { aPersonRecord } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { applyRegisterChanges } from '../../../register/moves/apply-register-changes.ts';
import { addresses, persons, residences } from '../../../register/schema.ts';
import { buildCaseFacts } from '../../facts.ts';
import type { CaseFacts } from '../../workflow.ts';
import { abmeldungWorkflow } from './abmeldung.ts';
import { anmeldungWorkflow, ummeldungWorkflow } from './move-in.ts';
import { anmeldungDraft, context, newPersonInput, ummeldungDraft, wohnungsgeber } from './testing.ts';
import type { MoveInData } from './move-in.ts';

/**
 * The register changes the residence workflows return, carried out by the register writer on a
 * real database (PGlite, or PostgreSQL with BK_TEST_DATABASE_URL): facts built from the stored
 * register, the workflow's complete(), applyRegisterChanges — and the register afterwards.
 */
const now = new Date('2026-11-05T10:00:00Z');
const today = '2026-11-05';
const stadtpark = { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' };
const garten = { street: 'Gartenweg', houseNumber: '1', postcode: '44789', city: 'Bochum', ags: '05911000' };

describe('residence workflows × applyRegisterChanges', () => {
  let database: Database;
  let municipalityId: string;
  let actor: SystemActor;
  const ids: Record<string, string> = {};

  const factsFor = (personId: string | null, others: string[] = []): Promise<CaseFacts> => buildCaseFacts(database.db, {
    actor, municipalityId, personId, otherPersonIds: others, applicationDate: today, now, attachments: [{ id: 'att-wg', kind: 'wohnungsgeberbestaetigung', mediaType: 'image/png', deleted: false }],
    applicant: { kind: 'self' }, purpose: 'M-2026-000042', action: 'case.capture', caseId: null, record: false, hiddenAs: 'Case',
  });
  const openResidences = (personId: string) => database.db.select({ kind: residences.kind, street: addresses.street, movedIn: residences.movedIn, registeredOn: residences.registeredOn })
    .from(residences).innerJoin(addresses, eq(addresses.id, residences.addressId))
    .where(and(eq(residences.personId, personId), isNull(residences.movedOut))).orderBy(asc(addresses.street));
  const history = (personId: string) => database.db.select({ street: addresses.street, movedIn: residences.movedIn, movedOut: residences.movedOut, kind: residences.kind })
    .from(residences).innerJoin(addresses, eq(addresses.id, residences.addressId))
    .where(eq(residences.personId, personId)).orderBy(asc(residences.movedIn));

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    actor = { kind: 'system', name: 'test', municipalityId };
    await writePersonRecords(testContext(database, { now }), actor, municipalityId, [
      aPersonRecord({ ref: 'anna', familyName: 'Schmidt', givenNames: ['Anna'], preferredGivenName: null, birthDate: '1980-05-17', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2015-03-01' }] }),
      aPersonRecord({ ref: 'jan', familyName: 'Schmidt', givenNames: ['Jan'], preferredGivenName: null, sex: 'm', birthDate: '1978-02-01', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2015-03-01' }] }),
      aPersonRecord({ ref: 'carla', familyName: 'Conrad', givenNames: ['Carla'], preferredGivenName: null, birthDate: '1990-01-01', documents: [], residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2018-01-01' }] }),
      aPersonRecord({
        ref: 'emil', familyName: 'Engel', givenNames: ['Emil'], preferredGivenName: null, sex: 'm', birthDate: '1960-01-01', documents: [],
        residences: [{ address: stadtpark, kind: 'haupt', movedIn: '2010-01-01' }, { address: garten, kind: 'neben', movedIn: '2012-01-01' }],
      }),
    ]);
    for (const row of await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => { await database.close(); });

  const apply = async (changes: Parameters<typeof applyRegisterChanges>[1]['changes']) =>
    applyRegisterChanges(database.db, { municipalityId, changes, actor, caseNumber: context.caseNumber, now });

  it('Ummeldung of a couple: the old Hauptwohnung is closed, the new one opened, history kept', async () => {
    const facts = await factsFor(ids.anna!, [ids.jan!]);
    const draft = ummeldungDraft({ coMoverIds: [ids.jan!], wohnungsgeber: wohnungsgeber({ personsNamed: ['Anna Schmidt', 'Jan Schmidt'] }) });
    expect(ummeldungWorkflow.validateCapture(draft, facts)).toEqual([]);
    await apply(ummeldungWorkflow.complete(draft, facts, context).registerChanges);
    for (const id of [ids.anna!, ids.jan!]) {
      expect(await history(id)).toEqual([
        { street: 'Am Stadtpark', movedIn: '2015-03-01', movedOut: '2026-11-01', kind: 'haupt' },
        { street: 'Hauptstraße', movedIn: '2026-11-01', movedOut: null, kind: 'haupt' },
      ]);
    }
  });

  it('Ummeldung keeping the old flat as Nebenwohnung: the register accepts the one Hauptwohnung', async () => {
    const facts = await factsFor(ids.carla!);
    const draft = ummeldungDraft({ previousHauptwohnung: 'becomes_neben', wohnungsgeber: wohnungsgeber({ personsNamed: ['Carla Conrad'] }) });
    expect(ummeldungWorkflow.validateCapture(draft, facts)).toEqual([]);
    await apply(ummeldungWorkflow.complete(draft, facts, context).registerChanges);
    expect((await openResidences(ids.carla!)).map((r) => [r.street, r.kind])).toEqual([['Am Stadtpark', 'neben'], ['Hauptstraße', 'haupt']]);
  });

  it('Anmeldung from Dortmund of a new person and her child: both created, both living in the new flat', async () => {
    const facts = await factsFor(null);
    const draft = anmeldungDraft({
      newAddress: { street: 'Kortumstraße', houseNumber: '20', postcode: '44787', city: 'Bochum' },
      newCoMoverCount: 1,
      newCoMovers: [newPersonInput({ givenNames: 'Minh', preferredGivenName: null, birthDate: '2019-03', sex: 'm' })] as unknown as MoveInData['newCoMovers'],
      wohnungsgeber: wohnungsgeber({ flatAddress: { street: 'Kortumstraße', houseNumber: '20', postcode: '44787', city: 'Bochum' }, personsNamed: ['Mai Nguyễn', 'Minh Nguyễn'] }),
    });
    expect(anmeldungWorkflow.validateCapture(draft, facts)).toEqual([]);
    const effects = anmeldungWorkflow.complete(draft, facts, context);
    const { createdPersonIds } = await apply(effects.registerChanges);
    expect(Object.keys(createdPersonIds).sort()).toEqual(['co-1', 'subject']);
    const [mai] = await database.db.select().from(persons).where(eq(persons.id, createdPersonIds.subject!));
    expect(mai).toMatchObject({ familyName: 'Nguyễn', givenNames: ['Thị', 'Mai'], preferredGivenName: 1, birthYear: 1992, nationalities: ['VN'] });
    const [minh] = await database.db.select().from(persons).where(eq(persons.id, createdPersonIds['co-1']!));
    expect(minh).toMatchObject({ givenNames: ['Minh'], birthYear: 2019, birthMonth: 3, birthDay: null });
    for (const id of Object.values(createdPersonIds)) {
      expect(await openResidences(id)).toEqual([{ kind: 'haupt', street: 'Kortumstraße', movedIn: '2026-11-01', registeredOn: '2026-11-05' }]);
    }
    expect(effects.messages[0]!.dueBy).toBe('2026-11-10');
  });

  it('Abmeldung abroad keeping the Nebenwohnung: it becomes the Hauptwohnung in the register', async () => {
    const facts = await factsFor(ids.emil!);
    const draft = { movedOut: '2026-11-01', giveUp: 'hauptwohnung' as const, destination: 'ausland' as const, destinationCountry: 'AT' };
    expect(abmeldungWorkflow.validateCapture(draft, facts)).toEqual([]);
    await apply(abmeldungWorkflow.complete(draft, facts, context).registerChanges);
    expect(await openResidences(ids.emil!)).toEqual([{ kind: 'haupt', street: 'Gartenweg', movedIn: '2012-01-01', registeredOn: null }]);
    expect((await history(ids.emil!))[0]).toEqual({ street: 'Am Stadtpark', movedIn: '2010-01-01', movedOut: '2026-11-01', kind: 'haupt' });
  });
});
