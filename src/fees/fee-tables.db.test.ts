import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { AppError } from '../platform/errors.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { builtinFederalTables, builtinMunicipalTables } from './default-tables.ts';
import { addFeeTableVersion, listFeeTables, loadFeeTables } from './fee-tables.ts';
import { quoteFee } from './quote.ts';
import { feeTables } from './schema.ts';
import type { FeeTableLine } from './types.ts';

const municipalLines = (overrides: Record<string, Partial<FeeTableLine>> = {}): FeeTableLine[] =>
  builtinMunicipalTables[0]!.lines.map((line) => ({ ...line, ...overrides[line.code] }));
const federalLines = (overrides: Record<string, Partial<FeeTableLine>> = {}): FeeTableLine[] =>
  builtinFederalTables[1]!.lines.map((line) => ({ ...line, ...overrides[line.code] }));
const admin = { id: null, name: 'Anna Admin' };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('fee table versions', () => {
  let database: Database;
  let municipalityId: string;
  let otherId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    otherId = (await ensureMunicipality(database.db, '05913000', 'Dortmund')).id;
  });
  afterAll(async () => {
    await database.close();
  });

  it('loads only the built-ins when nothing is stored', async () => {
    const set = await loadFeeTables(database.db, municipalityId);
    expect(set.federal).toEqual(builtinFederalTables);
    expect(set.municipal).toEqual(builtinMunicipalTables);
  });

  it('adds a version, records who added it, and the engine uses it from its first day', async () => {
    const version = await addFeeTableVersion(database.db, {
      municipalityId, kind: 'municipal', validFrom: '2026-01-01', actor: admin,
      lines: municipalLines({ 'meldebescheinigung.simple': { amountCents: 1000, label: '  Meldebescheinigung  ' } }),
    });
    expect(version).toMatchObject({ kind: 'municipal', validFrom: '2026-01-01', validUntil: null, source: 'stored', createdByName: 'Anna Admin' });
    expect(version.lines.find((l) => l.code === 'meldebescheinigung.simple')).toMatchObject({ amountCents: 1000, label: 'Meldebescheinigung' });
    const set = await loadFeeTables(database.db, municipalityId);
    const quote = (on: string) => quoteFee({ serviceId: 'meldebescheinigung', applicationDate: on, birthDate: null }, set);
    expect(quote('2025-12-31').totalCents).toBe(500);
    expect(quote('2026-01-01').totalCents).toBe(1000);
    expect(quote('2026-01-01').tables[0]?.id).toBe(version.id);
    // Another municipality does not see it.
    expect((await loadFeeTables(database.db, otherId)).municipal).toEqual(builtinMunicipalTables);
  });

  it('closes the open-ended predecessor the day before the new version', async () => {
    const second = await addFeeTableVersion(database.db, {
      municipalityId, kind: 'municipal', validFrom: '2026-07-01', actor: { id: null, name: 'demo' },
      lines: municipalLines({ 'meldebescheinigung.simple': { amountCents: 1200 } }),
    });
    const set = await loadFeeTables(database.db, municipalityId);
    const stored = set.municipal.filter((t) => t.source === 'stored');
    expect(stored.map((t) => [t.validFrom, t.validUntil])).toEqual([['2026-01-01', '2026-06-30'], ['2026-07-01', null]]);
    const quote = (on: string) => quoteFee({ serviceId: 'meldebescheinigung', applicationDate: on, birthDate: null }, set);
    expect(quote('2026-06-30').totalCents).toBe(1000);
    expect(quote('2026-07-01').totalCents).toBe(1200);
    expect(quote('2026-07-01').tables[0]?.id).toBe(second.id);
  });

  it.each([
    { what: 'a start on the start of the newest version', validFrom: '2026-07-01', field: 'validFrom', status: 409, message: /must start later \(2026-07-02 or after\)/ },
    { what: 'a start before the newest version', validFrom: '2026-03-01', field: 'validFrom', status: 409, message: /only added, never replaced/ },
  ])('refuses $what', async ({ validFrom, field, status, message }) => {
    const error = await rejection(addFeeTableVersion(database.db, { municipalityId, kind: 'municipal', validFrom, actor: admin, lines: municipalLines() }));
    expect(error.code).toBe('FEE_TABLE_INVALID');
    expect(error.status).toBe(status);
    expect(error.details).toMatchObject({ field });
    expect(error.message).toMatch(message);
  });

  it('lets the other kind and the other municipality start independently', async () => {
    await addFeeTableVersion(database.db, { municipalityId: otherId, kind: 'municipal', validFrom: '2026-03-01', actor: admin, lines: municipalLines() });
    const federal = await addFeeTableVersion(database.db, {
      municipalityId, kind: 'federal', validFrom: '2026-03-01', actor: admin,
      lines: federalLines({ 'pa.base.24plus': { amountCents: 5000 } }),
    });
    const set = await loadFeeTables(database.db, municipalityId);
    expect(quoteFee({ serviceId: 'personalausweis', applicationDate: '2026-02-28', birthDate: '1960-01-01' }, set).totalCents).toBe(4600);
    const quote = quoteFee({ serviceId: 'personalausweis', applicationDate: '2026-03-01', birthDate: '1960-01-01' }, set);
    expect(quote.totalCents).toBe(5000);
    expect(quote.tables[0]?.id).toBe(federal.id);
  });

  it.each([
    { what: 'a missing line', lines: () => municipalLines().slice(1), field: 'lines', message: /meldebescheinigung\.simple are missing/ },
    { what: 'a line twice', lines: () => [...municipalLines(), municipalLines()[0]!], field: 'lines[6].code', message: /more than once/ },
    { what: 'an unknown line', lines: () => [...municipalLines(), { ...municipalLines()[0]!, code: 'hundesteuer' }], field: 'lines[6].code', message: /Unknown line "hundesteuer"/ },
    { what: 'a federal line in a municipal table', lines: () => [...municipalLines().slice(1), { ...federalLines()[0]!, code: 'pa.base.24plus' }], field: 'lines[5].code', message: /for a municipal table/ },
    { what: 'fractional cents', lines: () => municipalLines({ lebensbescheinigung: { amountCents: 5.5 } }), field: 'lines[2].amountCents', message: /whole cents/ },
    { what: 'a negative amount', lines: () => municipalLines({ lebensbescheinigung: { amountCents: -100 } }), field: 'lines[2].amountCents', message: /from 0 to/ },
    { what: 'an absurd amount', lines: () => municipalLines({ lebensbescheinigung: { amountCents: 100_000_000 } }), field: 'lines[2].amountCents', message: /from 0 to 1000000/ },
    { what: 'an empty label', lines: () => municipalLines({ lebensbescheinigung: { label: ' ' } }), field: 'lines[2].label', message: /label/ },
    { what: 'an empty legal basis', lines: () => municipalLines({ lebensbescheinigung: { legalBasis: '' } }), field: 'lines[2].legalBasis', message: /legal basis/ },
  ])('refuses $what', async ({ lines, field, message }) => {
    const error = await rejection(addFeeTableVersion(database.db, { municipalityId, kind: 'municipal', validFrom: '2027-01-01', actor: admin, lines: lines() }));
    expect(error.code).toBe('FEE_TABLE_INVALID');
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ field });
    expect(error.message).toMatch(message);
  });

  it.each([
    { what: 'the pension exemption on a federal line', input: { kind: 'federal' as const, validFrom: '2027-01-01', lines: federalLines({ fuehrungszeugnis: { pensionOrSocialPurposeFree: true } }) }, field: 'lines[19].pensionOrSocialPurposeFree' },
    { what: 'an unknown kind', input: { kind: 'land' as 'federal', validFrom: '2027-01-01', lines: federalLines() }, field: 'kind' },
    { what: 'no calendar day', input: { kind: 'federal' as const, validFrom: '2027-02-29', lines: federalLines() }, field: 'validFrom' },
  ])('refuses $what', async ({ input, field }) => {
    const error = await rejection(addFeeTableVersion(database.db, { municipalityId, actor: admin, ...input }));
    expect(error.code).toBe('FEE_TABLE_INVALID');
    expect(error.details).toMatchObject({ field });
  });

  it('refuses a version without an actor name', async () => {
    const error = await rejection(addFeeTableVersion(database.db, { municipalityId, kind: 'municipal', validFrom: '2027-01-01', actor: { id: null, name: ' ' }, lines: municipalLines() }));
    expect(error.details).toMatchObject({ field: 'actor.name' });
  });

  it('stored nothing for the refused versions', async () => {
    const rows = await database.db.select().from(feeTables).where(eq(feeTables.municipalityId, municipalityId));
    expect(rows).toHaveLength(3);
  });

  it('serialises concurrent additions: one wins, the other is told to start later', async () => {
    const attempts = await Promise.allSettled([
      addFeeTableVersion(database.db, { municipalityId: otherId, kind: 'federal', validFrom: '2026-10-01', actor: admin, lines: federalLines() }),
      addFeeTableVersion(database.db, { municipalityId: otherId, kind: 'federal', validFrom: '2026-10-01', actor: admin, lines: federalLines() }),
    ]);
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const failure = attempts.find((a) => a.status === 'rejected');
    expect(failure?.status === 'rejected' && failure.reason instanceof AppError && failure.reason.code).toBe('FEE_TABLE_INVALID');
  });

  it('lists stored and built-in versions by kind and start, with who stored them', async () => {
    const list = await listFeeTables(database.db, municipalityId);
    expect(list.map((v) => [v.kind, v.source, v.validFrom, v.validUntil, v.createdByName])).toEqual([
      ['federal', 'builtin', '2025-05-01', '2026-02-06', 'Bürgerkoffer (eingebaut)'],
      ['federal', 'builtin', '2026-02-07', null, 'Bürgerkoffer (eingebaut)'],
      ['federal', 'stored', '2026-03-01', null, 'Anna Admin'],
      ['municipal', 'builtin', '2000-01-01', null, 'Bürgerkoffer (eingebaut)'],
      ['municipal', 'stored', '2026-01-01', '2026-06-30', 'Anna Admin'],
      ['municipal', 'stored', '2026-07-01', null, 'demo'],
    ]);
    expect(list.filter((v) => v.source === 'stored').every((v) => typeof v.createdAt === 'string')).toBe(true);
  });
});
