import { Readable } from 'node:stream';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEntries } from '../../audit/schema.ts';
import type { SystemActor } from '../../identity/principal.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase } from '../../platform/db/testing.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { testContext } from '../../platform/testing.ts';
import type { PersonRecordInput } from '../record.ts';
import {
  addresses, idDocuments, nameLexicon, personBlocks, personNameTokens, personRelations, persons, residences,
} from '../schema.ts';
import { importJsonLines } from './import-json-lines.ts';
import { aPersonRecord, documentNumber } from './testing.ts';
import { RecordsRefusedError, writePersonRecords } from './write-records.ts';

const now = new Date('2026-11-05T10:00:00Z');

function line(overrides: Partial<PersonRecordInput>): string {
  const { ref, ...rest } = overrides;
  return JSON.stringify({ ...aPersonRecord({ ref, documents: [], ...rest }) });
}

const home = { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' };
const flat = { street: 'Hauptstraße', houseNumber: '12', addition: 'links', postcode: '44787', city: 'Bochum', ags: '05911000' };

describe('importJsonLines', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let actor: SystemActor;

  const tableCounts = async () => ({
    persons: await rowCount(persons),
    residences: await rowCount(residences),
    addresses: await rowCount(addresses),
    documents: await rowCount(idDocuments),
    blocks: await rowCount(personBlocks),
    relations: await rowCount(personRelations),
    tokens: await rowCount(personNameTokens),
  });
  const rowCount = async (table: typeof persons | typeof residences | typeof addresses | typeof idDocuments | typeof personBlocks | typeof personRelations | typeof personNameTokens) =>
    (await database.db.select({ n: count() }).from(table).where(eq(table.municipalityId, municipalityId)))[0]?.n ?? 0;
  const personByRef = async (ref: string) =>
    (await database.db.select().from(persons).where(and(eq(persons.municipalityId, municipalityId), eq(persons.sourceKey, ref))))[0];
  const importText = (text: string, options: Parameters<typeof importJsonLines>[4] = {}) =>
    importJsonLines(ctx, actor, municipalityId, Readable.from([text]), options);

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = testContext(database, { now });
  });
  afterAll(() => database.close());

  // Each test gets its own municipality, so counts start at zero and tests stay independent.
  let municipalityCounter = 0;
  beforeEach(async () => {
    municipalityCounter += 1;
    municipalityId = (await ensureMunicipality(database.db, `0591${String(municipalityCounter).padStart(4, '0')}`, `Test ${municipalityCounter}`)).id;
    actor = { kind: 'system', name: 'cli:test', municipalityId };
  });

  const file = [
    line({ ref: 'A', familyName: 'Kowalski', givenNames: ['Anna'], preferredGivenName: 0, residences: [{ address: home, kind: 'haupt', movedIn: '2026-08-01' }], documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T471', issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-01', validUntil: '2026-04-30' }] }),
    '{"ref": "B", "familyName": ',
    line({ ref: 'C', familyName: 'Иванов' }),
    '',
    line({ ref: 'D', familyName: 'Nguyễn', givenNames: ['Lan'], preferredGivenName: 0, relations: [{ kind: 'spouse', ref: 'A' }], residences: [{ address: home, kind: 'haupt', movedIn: '2026-08-01' }] }),
    line({ ref: 'E', documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T472', issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-01', validUntil: '2026-04-30' }] }),
    line({ ref: 'A', familyName: 'Doppelt' }),
    line({ ref: 'F', birthDate: '2023-02-30' }),
    line({ ref: 'G', relations: [{ kind: 'child', ref: 'NOBODY' }] }),
    line({ ref: 'H', relations: [{ kind: 'parent', ref: 'G' }] }),
    line({ ref: 'I', familyName: 'Ødegård', givenNames: ['Ærø'], preferredGivenName: 0, residences: [{ address: flat, kind: 'haupt', movedIn: '2001-01-01' }] }),
  ].join('\n');

  it('imports the good lines and reports each bad one with its line number and reason', async () => {
    const report = await importText(file, { batchSize: 3 });
    expect(report).toMatchObject({ lines: 11, created: 3, updated: 0, unchanged: 0, dryRun: false });
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.line, r.issues.map((i) => i.message).join(' | ')]));
    expect(Object.keys(reasons).map(Number)).toEqual([2, 3, 6, 7, 8, 9, 10]);
    expect(reasons[2]).toContain('not valid JSON');
    expect(reasons[3]).toContain('familyName: character "И" (U+0418) at position 1 is not allowed');
    expect(reasons[6]).toContain('the check digit of "L01X00T472" is 2');
    expect(reasons[7]).toContain('ref: "A" already appeared on line 1');
    expect(reasons[8]).toContain('birthDate: 2023-02-30 is not a date');
    expect(reasons[9]).toContain('relations[0].ref: no person with ref "NOBODY"');
    expect(reasons[10]).toContain('relations[0].ref: no person with ref "G"');
    expect(report.rejected.find((r) => r.line === 9)?.ref).toBe('G');

    expect((await personByRef('A'))?.familyName).toBe('Kowalski');
    expect((await personByRef('I'))?.familyName).toBe('Ødegård');
    expect(await personByRef('G')).toBeUndefined();
    const spouse = await database.db.select().from(personRelations).where(eq(personRelations.municipalityId, municipalityId));
    expect(spouse).toEqual([expect.objectContaining({ kind: 'spouse', personId: (await personByRef('D'))?.id, relatedPersonId: (await personByRef('A'))?.id })]);
    // A and D live at the same address: it is stored once.
    expect(await tableCounts()).toMatchObject({ persons: 3, residences: 3, addresses: 2, documents: 1, relations: 1 });
    const tokens = await database.db.select({ token: personNameTokens.token, role: personNameTokens.role }).from(personNameTokens)
      .where(eq(personNameTokens.personId, (await personByRef('I'))?.id ?? '')).orderBy(asc(personNameTokens.token));
    expect(tokens).toEqual([{ token: 'aeroe', role: 'g' }, { token: 'oedegaard', role: 'f' }]);
    const lexicon = await database.db.select().from(nameLexicon).where(and(eq(nameLexicon.municipalityId, municipalityId), eq(nameLexicon.token, 'oedegaard')));
    expect(lexicon[0]?.occurrences).toBe(1);
  });

  it('is idempotent: a second run changes nothing and logs one entry per batch', async () => {
    await importText(file, { batchSize: 3 });
    const before = await tableCounts();
    const stamps = await database.db.select({ id: persons.id, updatedAt: persons.updatedAt }).from(persons).where(eq(persons.municipalityId, municipalityId));
    const entriesBefore = await database.db.select().from(auditEntries).where(eq(auditEntries.municipalityId, municipalityId));

    const report = await importText(file, { batchSize: 3, purpose: 'Datenübernahme 2026' });
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3, 6, 7, 8, 9, 10]);
    expect(await tableCounts()).toEqual(before);
    expect(await database.db.select({ id: persons.id, updatedAt: persons.updatedAt }).from(persons).where(eq(persons.municipalityId, municipalityId))).toEqual(stamps);

    const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.municipalityId, municipalityId)).orderBy(asc(auditEntries.seq));
    const added = entries.slice(entriesBefore.length);
    expect(added.length).toBeGreaterThan(0);
    for (const entry of added) {
      expect(entry).toMatchObject({ action: 'register.import', actorName: 'cli:test', purpose: 'Datenübernahme 2026', details: { created: 0, updated: 0 } });
      expect(entry.dataCategories).toContain('addresses');
    }
    expect(added.flatMap((e) => e.personIds).sort()).toEqual(stamps.map((s) => s.id).sort());
    expect(added.reduce((sum, e) => sum + Number(e.details.unchanged), 0)).toBe(3);
  });

  it('updates a changed person and adds the new residence without deleting the old one', async () => {
    const before = { ref: 'K', familyName: 'Kowalski', residences: [{ address: flat, kind: 'haupt' as const, movedIn: '2001-01-01' }] };
    await importText(line(before));
    const person = await personByRef('K');
    const after = {
      ref: 'K',
      familyName: 'Kowalska',
      residences: [
        { address: flat, kind: 'haupt' as const, movedIn: '2001-01-01', movedOut: '2026-07-31' },
        { address: home, kind: 'haupt' as const, movedIn: '2026-08-01', registeredOn: '2026-08-04' },
      ],
      blocks: [{ kind: 'bedingter_sperrvermerk' as const, validFrom: '2026-08-01' }],
    };
    const report = await importText(line(after));
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: [] });
    const updated = await personByRef('K');
    expect(updated?.id).toBe(person?.id);
    expect(updated?.familyName).toBe('Kowalska');
    const stays = await database.db.select({ movedIn: residences.movedIn, movedOut: residences.movedOut, registeredOn: residences.registeredOn })
      .from(residences).where(eq(residences.personId, person?.id ?? '')).orderBy(asc(residences.movedIn));
    expect(stays).toEqual([
      { movedIn: '2001-01-01', movedOut: '2026-07-31', registeredOn: null },
      { movedIn: '2026-08-01', movedOut: null, registeredOn: '2026-08-04' },
    ]);
    expect(await rowCount(personBlocks)).toBe(1);
    const tokens = await database.db.select({ token: personNameTokens.token }).from(personNameTokens).where(eq(personNameTokens.personId, person?.id ?? ''));
    expect(tokens.map((t) => t.token).sort()).toEqual(['anna', 'kowalska', 'maria']);

    // A later file that no longer lists the old residence does not remove it: residences are history.
    const withoutHistory = { ...after, familyName: 'Kowalska-Nowak', residences: [after.residences[1]!] };
    expect(await importText(line(withoutHistory))).toMatchObject({ updated: 1, rejected: [] });
    expect(await rowCount(residences)).toBe(2);
  });

  it('resolves relations to persons on later lines, in later batches and already in the register', async () => {
    await importText(line({ ref: 'OLD', familyName: 'Alt' }));
    const text = [
      line({ ref: 'CHILD', relations: [{ kind: 'parent', ref: 'MOTHER' }, { kind: 'parent', ref: 'OLD' }] }),
      line({ ref: 'X1' }),
      line({ ref: 'X2' }),
      line({ ref: 'MOTHER', relations: [{ kind: 'child', ref: 'CHILD' }] }),
    ].join('\n');
    const report = await importText(text, { batchSize: 1 });
    expect(report).toMatchObject({ created: 4, rejected: [] });
    expect(await rowCount(personRelations)).toBe(3);
  });

  it('refuses a document that belongs to another person', async () => {
    const document = { kind: 'personalausweis' as const, serialNumber: documentNumber('L', 7), issuingAuthority: 'Stadt Bochum', issuedOn: '2020-01-01', validUntil: '2030-01-01' };
    await importText(line({ ref: 'OWNER', documents: [document] }));
    const report = await importText(line({ ref: 'OTHER', documents: [document] }));
    expect(report.rejected[0]?.issues[0]?.message).toContain(`${document.serialNumber} is registered as the document of another person (ref "OWNER")`);
    expect(await personByRef('OTHER')).toBeUndefined();
  });

  it('writes nothing of a record the database refuses mid-write, and imports the others', async () => {
    // The database refuses one document (after the person and residence rows of the batch were written).
    await database.db.execute(sql`ALTER TABLE id_document ADD CONSTRAINT test_refuse CHECK (issuing_authority <> 'Refuse me')`);
    try {
      const refusedDocument = { kind: 'personalausweis' as const, serialNumber: documentNumber('L', 99), issuingAuthority: 'Refuse me', issuedOn: '2020-01-01', validUntil: '2030-01-01' };
      const bad = aPersonRecord({ ref: 'BAD', documents: [refusedDocument], residences: [{ address: { ...flat, houseNumber: '99' }, kind: 'haupt', movedIn: '2001-01-01' }] });
      await expect(writePersonRecords(ctx, actor, municipalityId, [aPersonRecord({ ref: 'GOOD', documents: [] }), bad]))
        .rejects.toMatchObject({ code: 'REGISTER_WRITE_FAILED', message: expect.stringContaining('violates check constraint "test_refuse"') });
      expect(await tableCounts()).toMatchObject({ persons: 0, residences: 0, addresses: 0, documents: 0, tokens: 0 });

      const report = await importText([line({ ref: 'GOOD1' }), JSON.stringify(bad), line({ ref: 'GOOD2' })].join('\n'));
      expect(report).toMatchObject({ created: 2 });
      expect(report.rejected).toEqual([{ line: 2, ref: 'BAD', issues: [expect.objectContaining({ message: expect.stringMatching(/^The register refused the record \(new row .* violates check constraint "test_refuse"\)/) })] }]);
      expect(await personByRef('BAD')).toBeUndefined();
      expect(await tableCounts()).toMatchObject({ persons: 2, residences: 2, addresses: 1 });
    } finally {
      await database.db.execute(sql`ALTER TABLE id_document DROP CONSTRAINT IF EXISTS test_refuse`);
    }
  });

  it('refuses a whole batch from the writer when a relation names nobody, and says which record', async () => {
    const error = await writePersonRecords(ctx, actor, municipalityId, [aPersonRecord({ ref: 'R1', documents: [], relations: [{ kind: 'spouse', ref: 'R9' }] }), aPersonRecord({ ref: 'R2', documents: [] })])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordsRefusedError);
    expect((error as RecordsRefusedError).refused).toEqual([{ ref: 'R1', unresolvedRefs: ['R9'], issues: [expect.objectContaining({ path: 'relations[0].ref' })] }]);
    expect(await rowCount(persons)).toBe(0);
  });

  it('writes only into the actor\'s own municipality', async () => {
    const other = await ensureMunicipality(database.db, '05913000', 'Dortmund');
    await expect(writePersonRecords(ctx, actor, other.id, [aPersonRecord()])).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('checks and rolls back everything on a dry run', async () => {
    const report = await importText(file, { dryRun: true, batchSize: 2 });
    expect(report).toMatchObject({ created: 3, dryRun: true });
    expect(report.rejected).toHaveLength(7);
    expect(await tableCounts()).toMatchObject({ persons: 0, addresses: 0 });
    expect(await database.db.select().from(auditEntries).where(eq(auditEntries.municipalityId, municipalityId))).toEqual([]);
  });

  it('reads lines from an async iterable of strings and reports progress', async () => {
    async function* source() {
      yield line({ ref: 'S1' });
      yield `${line({ ref: 'S2' })}\r\n${line({ ref: 'S3' })}\n`;
    }
    const progress: number[] = [];
    const report = await importJsonLines(ctx, actor, municipalityId, source(), { batchSize: 2, onProgress: (n) => progress.push(n) });
    expect(report).toMatchObject({ lines: 3, created: 3, rejected: [] });
    expect(progress.at(-1)).toBe(3);
  });
});
