import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { demoTariffValidFrom, ensureDemoFeeTariff } from './demo-tariff.ts';
import { listFeeTables, loadFeeTables } from './fee-tables.ts';
import { quoteFee } from './quote.ts';
import type { FeeQuoteInput, FeeTableSet } from './types.ts';

describe('demo municipal tariff', () => {
  let database: Database;
  let municipalityId: string;
  let set: FeeTableSet;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    expect(await ensureDemoFeeTariff(database.db, municipalityId)).toBe(true);
    set = await loadFeeTables(database.db, municipalityId);
  });
  afterAll(() => database.close());

  const on = '2026-11-20';
  it.each([
    { input: { serviceId: 'meldebescheinigung' }, total: 1000 },
    { input: { serviceId: 'meldebescheinigung', extended: true }, total: 1500 },
    { input: { serviceId: 'lebensbescheinigung' }, total: 500 },
    { input: { serviceId: 'beglaubigung_kopie', pages: 3 }, total: 1500 },
    { input: { serviceId: 'beglaubigung_unterschrift', signatures: 2 }, total: 2000 },
    { input: { serviceId: 'befreiung_ausweispflicht' }, total: 0 },
    { input: { serviceId: 'lebensbescheinigung', waiver: { kind: 'pension_or_social_purpose', reason: 'Rentenservice' } }, total: 0 },
    { input: { serviceId: 'meldebescheinigung', waiver: { kind: 'pension_or_social_purpose', reason: 'Wohngeldantrag' } }, total: 0 },
  ] as const)('prices $input.serviceId at $total cents', ({ input, total }) => {
    const quote = quoteFee({ ...input, applicationDate: on, birthDate: null } as FeeQuoteInput, set);
    expect(quote.totalCents).toBe(total);
    expect(quote.tables[0]?.validFrom).toBe(demoTariffValidFrom);
    expect(quote.items[0]?.legalBasis).toContain('Demo-Werte');
  });

  it('is stored once: a second seed run leaves the versions alone', async () => {
    expect(await ensureDemoFeeTariff(database.db, municipalityId)).toBe(false);
    const stored = (await listFeeTables(database.db, municipalityId)).filter((v) => v.source === 'stored');
    expect(stored.map((v) => [v.kind, v.validFrom, v.validUntil, v.createdByName])).toEqual([['municipal', demoTariffValidFrom, null, 'demo-seed']]);
  });
});
