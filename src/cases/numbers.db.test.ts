import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { allocateCaseNumber, allocateReceiptNumber, formatNumber, numberingYear, reserveCaseNumbers } from './numbers.ts';
import { caseNumberReservations } from './schema.ts';

const at = new Date('2026-11-05T10:00:00Z');

describe('case and receipt numbers', () => {
  let database: Database;
  let municipalityId: string;
  let otherId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    otherId = (await ensureMunicipality(database.db, '05913000', 'Dortmund')).id;
  });
  afterAll(async () => database.close());

  it('formats numbers by series and year', () => {
    expect(formatNumber('case', 2026, 123)).toBe('2026-000123');
    expect(formatNumber('receipt', 2026, 45)).toBe('Q-2026-000045');
    expect(formatNumber('case', 2026, 1_234_567)).toBe('2026-1234567');
  });

  it('takes the year in Germany: New Year\'s night belongs to the new year', () => {
    expect(numberingYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(numberingYear(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
  });

  it('counts per municipality, series and year', async () => {
    const a1 = await allocateCaseNumber(database.db, municipalityId, at);
    const a2 = await allocateCaseNumber(database.db, municipalityId, at);
    const b1 = await allocateCaseNumber(database.db, otherId, at);
    const r1 = await allocateReceiptNumber(database.db, municipalityId, at);
    const next = await allocateCaseNumber(database.db, municipalityId, new Date('2027-01-02T10:00:00Z'));
    expect(Number(a2.slice(5))).toBe(Number(a1.slice(5)) + 1);
    expect(b1).toBe('2026-000001');
    expect(r1).toBe('Q-2026-000001');
    expect(next).toBe('2027-000001');
  });

  it('never hands out a number twice under concurrent allocation', async () => {
    const numbers = await Promise.all(Array.from({ length: 40 }, () => allocateCaseNumber(database.db, municipalityId, at)));
    expect(new Set(numbers).size).toBe(40);
  });

  it('reserves ranges for kits that do not overlap with each other or with online numbers', async () => {
    const work = [
      reserveCaseNumbers(database.db, municipalityId, { count: 25, reservedFor: 'kit:1', at }),
      ...Array.from({ length: 10 }, () => allocateCaseNumber(database.db, municipalityId, at)),
      reserveCaseNumbers(database.db, municipalityId, { count: 25, reservedFor: 'kit:2', at }),
    ];
    const results = await Promise.all(work);
    const all = results.flatMap((r) => (typeof r === 'string' ? [r] : r.numbers));
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    const kit1 = results[0];
    if (typeof kit1 === 'string' || kit1 === undefined) throw new Error('expected a reservation');
    expect(kit1.numbers[0]).toBe(kit1.first);
    expect(kit1.numbers.at(-1)).toBe(kit1.last);
    expect(Number(kit1.last.slice(5)) - Number(kit1.first.slice(5))).toBe(24);
    const rows = await database.db.select().from(caseNumberReservations).where(eq(caseNumberReservations.municipalityId, municipalityId));
    expect(rows.map((r) => r.reservedFor).sort()).toEqual(['kit:1', 'kit:2']);
    // An allocation after the reservations continues behind them.
    const after = await allocateCaseNumber(database.db, municipalityId, at);
    expect(all).not.toContain(after);
    expect(after > all.sort().at(-1)!).toBe(true);
  });

  it.each([0, -1, 1.5, 10_001])('refuses to reserve %s numbers', async (count) => {
    await expect(reserveCaseNumbers(database.db, municipalityId, { count, reservedFor: 'kit:1', at })).rejects.toMatchObject({ code: 'RESERVATION_COUNT_INVALID' });
  });
});
