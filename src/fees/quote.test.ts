import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { builtinFederalTables, builtinMunicipalTables, federalFeeChangeDate } from './default-tables.ts';
import { federalLineCodes, municipalLineCodes, passDoublingCode } from './fee-lines.ts';
import { formatEuro, describeQuote } from './format.ts';
import { fuehrungszeugnisSplit, quoteFee, tableValidOn } from './quote.ts';
import type { FeeQuote, FeeQuoteInput, FeeTable, FeeTableLine, FeeTableSet } from './types.ts';

const builtins: FeeTableSet = { federal: builtinFederalTables, municipal: builtinMunicipalTables };

/*
 * The amounts written out here on purpose, not read from default-tables.ts: a change of a
 * built-in amount must show up as a change of this table in review.
 */
type Era = 'before' | 'since';
const before = '2026-02-06';
const since = '2026-02-07';
const expectedCents: Record<string, Record<Era, number>> = {
  'pa.base.under24': { before: 2280, since: 2760 },
  'pa.base.24plus': { before: 3700, since: 4600 },
  'pa.provisional': { before: 1000, since: 1000 },
  'pa.surcharge.out_of_hours_or_not_competent': { before: 1300, since: 1300 },
  'pa.surcharge.photo': { before: 600, since: 600 },
  'pa.surcharge.postal_delivery': { before: 1500, since: 1500 },
  'pa.address_change': { before: 0, since: 0 },
  'pass.base.under24': { before: 3750, since: 3750 },
  'pass.base.24plus': { before: 7000, since: 7000 },
  'pass.surcharge.48_pages': { before: 2200, since: 2200 },
  'pass.surcharge.express': { before: 3200, since: 3200 },
  'pass.provisional': { before: 2600, since: 2600 },
  'pass.surcharge.photo': { before: 600, since: 600 },
  'pass.surcharge.postal_delivery': { before: 1500, since: 1500 },
  'eid.pin_reset': { before: 0, since: 0 },
  'eid.activation': { before: 0, since: 0 },
  'melde.anmeldung': { before: 0, since: 0 },
  'melde.ummeldung': { before: 0, since: 0 },
  'melde.abmeldung': { before: 0, since: 0 },
  fuehrungszeugnis: { before: 1300, since: 1300 },
  // Built-in model tariff of the municipality (one version for both eras).
  'meldebescheinigung.simple': { before: 500, since: 500 },
  'meldebescheinigung.extended': { before: 800, since: 800 },
  lebensbescheinigung: { before: 500, since: 500 },
  'beglaubigung.page': { before: 300, since: 300 },
  'beglaubigung.signature': { before: 500, since: 500 },
  befreiung_ausweispflicht: { before: 0, since: 0 },
};

interface Case {
  name: string;
  input: Omit<FeeQuoteInput, 'applicationDate' | 'birthDate'> & { birthDate?: string | null };
  /** Item codes in order; the doubling repeats the base amount given second. */
  items: (string | [string, number])[];
}

const adult = '1960-05-10';
const young = '2010-05-10';

const cases: Case[] = [
  { name: 'PA ≥ 24', input: { serviceId: 'personalausweis', birthDate: adult }, items: ['pa.base.24plus'] },
  { name: 'PA < 24', input: { serviceId: 'personalausweis', birthDate: young }, items: ['pa.base.under24'] },
  { name: 'PA ≥ 24 with photo (the story: 46 + 6)', input: { serviceId: 'personalausweis', birthDate: adult, photoByAuthority: true }, items: ['pa.base.24plus', 'pa.surcharge.photo'] },
  { name: 'PA < 24 by post', input: { serviceId: 'personalausweis', birthDate: young, postalDelivery: true }, items: ['pa.base.under24', 'pa.surcharge.postal_delivery'] },
  { name: 'PA not competent', input: { serviceId: 'personalausweis', birthDate: adult, notCompetent: true }, items: ['pa.base.24plus', 'pa.surcharge.out_of_hours_or_not_competent'] },
  {
    name: 'PA outside hours and not competent: +13 € once, all options',
    input: { serviceId: 'personalausweis', birthDate: adult, outsideOfficeHours: true, notCompetent: true, photoByAuthority: true, postalDelivery: true },
    items: ['pa.base.24plus', 'pa.surcharge.out_of_hours_or_not_competent', 'pa.surcharge.photo', 'pa.surcharge.postal_delivery'],
  },
  { name: 'vorläufiger PA', input: { serviceId: 'vorlaeufiger_personalausweis', birthDate: adult }, items: ['pa.provisional'] },
  {
    name: 'vorläufiger PA outside hours with photo: +13 €, no photo surcharge (PAuswGebV § 1 Abs. 4 raises only Abs. 1)',
    input: { serviceId: 'vorlaeufiger_personalausweis', birthDate: null, outsideOfficeHours: true, photoByAuthority: true },
    items: ['pa.provisional', 'pa.surcharge.out_of_hours_or_not_competent'],
  },
  { name: 'Pass ≥ 24', input: { serviceId: 'reisepass', birthDate: adult }, items: ['pass.base.24plus'] },
  { name: 'Pass < 24', input: { serviceId: 'reisepass', birthDate: young }, items: ['pass.base.under24'] },
  {
    name: 'Pass ≥ 24, 48 pages, express, photo, post',
    input: { serviceId: 'reisepass', birthDate: adult, passport48Pages: true, express: true, photoByAuthority: true, postalDelivery: true },
    items: ['pass.base.24plus', 'pass.surcharge.48_pages', 'pass.surcharge.express', 'pass.surcharge.photo', 'pass.surcharge.postal_delivery'],
  },
  {
    name: 'Pass ≥ 24 not competent: base doubled, surcharges not',
    input: { serviceId: 'reisepass', birthDate: adult, notCompetent: true, express: true },
    items: ['pass.base.24plus', [passDoublingCode, 7000], 'pass.surcharge.express'],
  },
  {
    name: 'Pass < 24 outside hours and not competent: doubled once',
    input: { serviceId: 'reisepass', birthDate: young, notCompetent: true, outsideOfficeHours: true },
    items: ['pass.base.under24', [passDoublingCode, 3750]],
  },
  {
    name: 'Pass ≥ 24 outside office hours at the competent authority: not doubled (PassV § 15 Abs. 2 Nr. 1 lists only e–h)',
    input: { serviceId: 'reisepass', birthDate: adult, outsideOfficeHours: true },
    items: ['pass.base.24plus'],
  },
  { name: 'vorläufiger Pass', input: { serviceId: 'vorlaeufiger_reisepass', birthDate: adult }, items: ['pass.provisional'] },
  {
    name: 'vorläufiger Pass not competent and outside hours: doubled once',
    input: { serviceId: 'vorlaeufiger_reisepass', birthDate: adult, outsideOfficeHours: true, notCompetent: true },
    items: ['pass.provisional', [passDoublingCode, 2600]],
  },
  {
    name: 'vorläufiger Pass outside hours with photo',
    input: { serviceId: 'vorlaeufiger_reisepass', birthDate: adult, outsideOfficeHours: true, photoByAuthority: true },
    items: ['pass.provisional', [passDoublingCode, 2600], 'pass.surcharge.photo'],
  },
  { name: 'address change on the chip', input: { serviceId: 'eid_address_change' }, items: ['pa.address_change'] },
  { name: 'PIN Neusetzung', input: { serviceId: 'eid_pin_reset' }, items: ['eid.pin_reset'] },
  { name: 'eID activation', input: { serviceId: 'eid_activation' }, items: ['eid.activation'] },
  { name: 'Anmeldung', input: { serviceId: 'anmeldung', birthDate: adult }, items: ['melde.anmeldung'] },
  { name: 'Ummeldung', input: { serviceId: 'ummeldung' }, items: ['melde.ummeldung'] },
  { name: 'Abmeldung', input: { serviceId: 'abmeldung' }, items: ['melde.abmeldung'] },
  { name: 'Führungszeugnis', input: { serviceId: 'fuehrungszeugnis', birthDate: adult }, items: ['fuehrungszeugnis'] },
  { name: 'Meldebescheinigung simple', input: { serviceId: 'meldebescheinigung' }, items: ['meldebescheinigung.simple'] },
  { name: 'Meldebescheinigung extended', input: { serviceId: 'meldebescheinigung', extended: true }, items: ['meldebescheinigung.extended'] },
  { name: 'Lebensbescheinigung', input: { serviceId: 'lebensbescheinigung' }, items: ['lebensbescheinigung'] },
  { name: 'Beglaubigung 3 pages', input: { serviceId: 'beglaubigung_kopie', pages: 3 }, items: ['beglaubigung.page'] },
  { name: 'Beglaubigung 2 signatures', input: { serviceId: 'beglaubigung_unterschrift', signatures: 2 }, items: ['beglaubigung.signature'] },
  { name: 'Befreiung von der Ausweispflicht', input: { serviceId: 'befreiung_ausweispflicht' }, items: ['befreiung_ausweispflicht'] },
];

function quantityOf(input: Case['input']): number | undefined {
  return input.serviceId === 'beglaubigung_kopie' ? input.pages : input.serviceId === 'beglaubigung_unterschrift' ? input.signatures : undefined;
}

function run(c: Case, on: string): FeeQuote {
  return quoteFee({ ...c.input, birthDate: c.input.birthDate ?? null, applicationDate: on }, builtins);
}

function thrown(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('quoteFee: every line of the built-in tables', () => {
  const usedByTable = new Map<string, Set<string>>();
  for (const era of ['before', 'since'] as const) {
    const on = era === 'before' ? before : since;
    it.each(cases)(`${era} ${federalFeeChangeDate}: $name`, (c) => {
      const quote = run(c, on);
      const quantity = quantityOf(c.input);
      const expected = c.items.map((entry) => {
        const [code, doubled] = typeof entry === 'string' ? [entry, undefined] : entry;
        const unit = doubled ?? expectedCents[code]?.[era];
        if (unit === undefined) throw new Error(`no expected amount for ${code}`);
        return quantity === undefined ? { code, amountCents: unit } : { code, amountCents: unit * quantity, quantity, unitCents: unit };
      });
      expect(quote.items.map(({ code, amountCents, quantity: q, unitCents }) => ({ code, amountCents, ...(q === undefined ? {} : { quantity: q, unitCents }) }))).toEqual(expected);
      expect(quote.totalCents).toBe(expected.reduce((sum, item) => sum + item.amountCents, 0));
      expect(quote.waived).toBeNull();
      for (const item of quote.items) {
        expect(item.label.length, item.code).toBeGreaterThan(0);
        expect(item.legalBasis.length, item.code).toBeGreaterThan(0);
      }
      for (const table of quote.tables) {
        const used = usedByTable.get(table.id) ?? new Set<string>();
        for (const item of quote.items) used.add(item.code);
        usedByTable.set(table.id, used);
      }
    });
  }

  it('has used every line of every built-in version, and the Pass doubling', () => {
    const all = [...builtinFederalTables, ...builtinMunicipalTables];
    for (const table of all) {
      const used = usedByTable.get(table.id) ?? new Set<string>();
      const codes = table.kind === 'federal' ? federalLineCodes : municipalLineCodes;
      expect(codes.filter((code) => !used.has(code)), `lines of ${table.id} no case priced`).toEqual([]);
      expect(table.lines.map((line) => line.code).sort()).toEqual([...codes].sort());
    }
    expect([...usedByTable.values()].some((used) => used.has(passDoublingCode))).toBe(true);
  });

  it('prices the story of DESIGN §1: 46 € + 6 € photo = 52 €, on the table of 2026-02-07', () => {
    const quote = quoteFee({ serviceId: 'personalausweis', applicationDate: '2026-12-03', birthDate: '1938-04-12', photoByAuthority: true }, builtins);
    expect(quote.totalCents).toBe(5200);
    expect(quote.ageAtApplication).toBe(88);
    expect(quote.tables).toEqual([{ id: `builtin:federal:${federalFeeChangeDate}`, validFrom: federalFeeChangeDate, validUntil: null }]);
  });
});

describe('quoteFee: boundary days', () => {
  const pa = (birthDate: string, applicationDate: string) => quoteFee({ serviceId: 'personalausweis', applicationDate, birthDate }, builtins);
  const pass = (birthDate: string, applicationDate: string) => quoteFee({ serviceId: 'reisepass', applicationDate, birthDate }, builtins);

  it.each([
    // 24th birthday on the application date: 24 that day, the higher fee.
    { what: 'PA, 24th birthday that day', quote: () => pa('2002-03-02', '2026-03-02'), code: 'pa.base.24plus', age: 24 },
    { what: 'PA, the day before the 24th birthday', quote: () => pa('2002-03-02', '2026-03-01'), code: 'pa.base.under24', age: 23 },
    { what: 'Pass, 24th birthday that day', quote: () => pass('2002-03-02', '2026-03-02'), code: 'pass.base.24plus', age: 24 },
    { what: 'Pass, the day before the 24th birthday', quote: () => pass('2002-03-02', '2026-03-01'), code: 'pass.base.under24', age: 23 },
    // Born on 29 February: the 24th birthday is again a 29 February (leap year).
    { what: 'PA, born 29 Feb, 24th birthday on 29 Feb 2028', quote: () => pa('2004-02-29', '2028-02-29'), code: 'pa.base.24plus', age: 24 },
    { what: 'PA, born 29 Feb, 28 Feb 2028', quote: () => pa('2004-02-29', '2028-02-28'), code: 'pa.base.under24', age: 23 },
    // In a common year someone born on 29 February is a year older from 1 March (BGB § 188 Abs. 3).
    { what: 'PA, born 29 Feb, 28 Feb of a common year', quote: () => pa('2004-02-29', '2027-02-28'), code: 'pa.base.under24', age: 22 },
    { what: 'PA, born 29 Feb, 1 Mar of a common year', quote: () => pa('2004-02-29', '2027-03-01'), code: 'pa.base.under24', age: 23 },
  ])('$what', ({ quote, code, age }) => {
    const result = quote();
    expect(result.items[0]?.code).toBe(code);
    expect(result.ageAtApplication).toBe(age);
  });

  it('applies the table of the application date: 2026-02-06 the old, 2026-02-07 the new amounts', () => {
    const onOld = pa(adult, '2026-02-06');
    const onNew = pa(adult, '2026-02-07');
    expect(onOld.totalCents).toBe(3700);
    expect(onOld.tables[0]?.id).toBe('builtin:federal:2025-05-01');
    expect(onOld.tables[0]?.validUntil).toBe('2026-02-06');
    expect(onNew.totalCents).toBe(4600);
    expect(onNew.tables[0]?.id).toBe('builtin:federal:2026-02-07');
    expect(pa(young, '2026-02-06').totalCents).toBe(2280);
    expect(pa(young, '2026-02-07').totalCents).toBe(2760);
  });

  it('refuses a day no table covers (before 2025-05-01) with FEE_NO_TABLE, naming the day and the fix', () => {
    expect(pa(adult, '2025-05-01').totalCents).toBe(3700);
    const error = thrown(() => pa(adult, '2025-04-30'));
    expect(error.code).toBe('FEE_NO_TABLE');
    expect(error.status).toBe(422);
    expect(error.message).toContain('2025-04-30');
    expect(error.message).toMatch(/Store a version/);
    expect(error.details).toMatchObject({ field: 'applicationDate', kind: 'federal', date: '2025-04-30' });
    expect((error.details?.text as { de: string }).de).toContain('Hinterlegen Sie eine Version');
  });
});

describe('quoteFee: partial birth dates never charge the ≥ 24 fee to someone who may be younger', () => {
  it.each([
    // Year only: born 2002 could be 23 or 24 on 2026-06-01 → the lower fee, with a note.
    { birthDate: '2002', on: '2026-06-01', code: 'pa.base.under24', age: null, note: /spätestmöglichen Geburtstag/ },
    // Born in 2002 at the latest on 31 Dec: 24 for sure from 2026-12-31.
    { birthDate: '2002', on: '2026-12-31', code: 'pa.base.24plus', age: 24, note: /eindeutig 24/ },
    { birthDate: '2002', on: '2026-12-30', code: 'pa.base.under24', age: null, note: /spätestmöglichen/ },
    // Month known: born in May 2002 → 24 for sure from 31 May 2026.
    { birthDate: '2002-05', on: '2026-05-30', code: 'pa.base.under24', age: null, note: /23 oder 24/ },
    { birthDate: '2002-05', on: '2026-05-31', code: 'pa.base.24plus', age: 24, note: /eindeutig/ },
    // Both possible ages on the same side of 24: the group is certain.
    { birthDate: '1950', on: '2026-06-01', code: 'pa.base.24plus', age: null, note: /Altersgruppe \(ab 24 Jahre\) ist in beiden Fällen dieselbe/ },
    { birthDate: '2010', on: '2026-06-01', code: 'pa.base.under24', age: null, note: /in beiden Fällen dieselbe/ },
  ])('$birthDate on $on → $code', ({ birthDate, on, code, age, note }) => {
    const quote = quoteFee({ serviceId: 'personalausweis', applicationDate: on, birthDate }, builtins);
    expect(quote.items[0]?.code).toBe(code);
    expect(quote.ageAtApplication).toBe(age);
    expect(quote.notes?.join(' ')).toMatch(note);
  });

  it('adds no note for a full birth date', () => {
    expect(quoteFee({ serviceId: 'personalausweis', applicationDate: '2026-06-01', birthDate: adult }, builtins).notes).toBeUndefined();
  });
});

describe('quoteFee: stored versions and built-ins', () => {
  const federalLines = (overrides: Record<string, number>): FeeTableLine[] =>
    builtinFederalTables[1]!.lines.map((line) => ({ ...line, amountCents: overrides[line.code] ?? line.amountCents }));
  const municipalLines = (overrides: Record<string, Partial<FeeTableLine>>): FeeTableLine[] =>
    builtinMunicipalTables[0]!.lines.map((line) => ({ ...line, ...overrides[line.code] }));
  const stored = (kind: FeeTable['kind'], id: string, validFrom: string, validUntil: string | null, lines: FeeTableLine[]): FeeTable =>
    ({ id, kind, validFrom, validUntil, lines, source: 'stored' });

  const set: FeeTableSet = {
    federal: [stored('federal', 'stored-fed', '2026-06-01', null, federalLines({ 'pa.base.24plus': 5000 })), ...builtinFederalTables],
    municipal: [
      stored('municipal', 'stored-mun-1', '2026-01-01', '2026-03-31', municipalLines({ 'meldebescheinigung.simple': { amountCents: 1000 } })),
      stored('municipal', 'stored-mun-2', '2026-07-01', null, municipalLines({ 'meldebescheinigung.simple': { amountCents: 1200, pensionOrSocialPurposeFree: false } })),
      ...builtinMunicipalTables,
    ],
  };
  const pa = (on: string) => quoteFee({ serviceId: 'personalausweis', applicationDate: on, birthDate: adult }, set);
  const mb = (on: string) => quoteFee({ serviceId: 'meldebescheinigung', applicationDate: on, birthDate: null }, set);

  it.each([
    { what: 'built-in the day before the stored federal version', quote: () => pa('2026-05-31'), total: 4600, table: 'builtin:federal:2026-02-07' },
    { what: 'stored federal version from its first day', quote: () => pa('2026-06-01'), total: 5000, table: 'stored-fed' },
    { what: 'built-in municipal before the first stored version', quote: () => mb('2025-12-31'), total: 500, table: 'builtin:municipal:2000-01-01' },
    { what: 'stored municipal on its first day', quote: () => mb('2026-01-01'), total: 1000, table: 'stored-mun-1' },
    { what: 'stored municipal on its last day', quote: () => mb('2026-03-31'), total: 1000, table: 'stored-mun-1' },
    { what: 'built-in fills the gap after a closed stored version', quote: () => mb('2026-04-01'), total: 500, table: 'builtin:municipal:2000-01-01' },
    { what: 'the next stored version', quote: () => mb('2026-07-01'), total: 1200, table: 'stored-mun-2' },
  ])('$what', ({ quote, total, table }) => {
    const result = quote();
    expect(result.totalCents).toBe(total);
    expect(result.tables.map((t) => t.id)).toEqual([table]);
  });

  it('tableValidOn prefers stored, then the latest start', () => {
    expect(tableValidOn(set, 'federal', '2026-06-01')?.id).toBe('stored-fed');
    expect(tableValidOn(set, 'federal', '2025-01-01')).toBeNull();
    const overlapping: FeeTableSet = {
      federal: [
        stored('federal', 'a', '2026-01-01', null, federalLines({})),
        stored('federal', 'b', '2026-03-01', null, federalLines({})),
      ],
      municipal: [],
    };
    expect(tableValidOn(overlapping, 'federal', '2026-02-28')?.id).toBe('a');
    expect(tableValidOn(overlapping, 'federal', '2026-03-01')?.id).toBe('b');
  });

  it('the pension waiver follows the flag of the valid version', () => {
    const waiver = { kind: 'pension_or_social_purpose', reason: 'für die Deutsche Rentenversicherung' } as const;
    expect(quoteFee({ serviceId: 'meldebescheinigung', applicationDate: '2026-01-15', birthDate: null, waiver }, set).totalCents).toBe(0);
    const error = thrown(() => quoteFee({ serviceId: 'meldebescheinigung', applicationDate: '2026-07-15', birthDate: null, waiver }, set));
    expect(error.code).toBe('FEE_WAIVER_NOT_APPLICABLE');
    expect(error.message).toContain('meldebescheinigung.simple');
  });

  it('reports a stored version that lacks a line as FEE_TABLE_INCOMPLETE', () => {
    const broken: FeeTableSet = { federal: [stored('federal', 'broken', '2026-01-01', null, federalLines({}).filter((l) => l.code !== 'fuehrungszeugnis'))], municipal: [] };
    const error = thrown(() => quoteFee({ serviceId: 'fuehrungszeugnis', applicationDate: '2026-02-01', birthDate: null }, broken));
    expect(error.code).toBe('FEE_TABLE_INCOMPLETE');
    expect(error.message).toContain('fuehrungszeugnis');
  });

  it('FEE_NO_TABLE for a municipal service when no municipal version exists', () => {
    const error = thrown(() => quoteFee({ serviceId: 'lebensbescheinigung', applicationDate: '2026-02-01', birthDate: null }, { federal: builtinFederalTables, municipal: [] }));
    expect(error.code).toBe('FEE_NO_TABLE');
    expect(error.details).toMatchObject({ kind: 'municipal' });
  });
});

describe('surcharges within their legal limits (PassV § 15 Abs. 2, PAuswGebV § 1 Abs. 4)', () => {
  const pass = (extra: Partial<FeeQuoteInput>, serviceId: 'reisepass' | 'vorlaeufiger_reisepass' = 'reisepass') =>
    quoteFee({ serviceId, applicationDate: '2026-03-01', birthDate: adult, ...extra }, builtins);

  it.each([
    { what: 'Reisepass, not competent', quote: () => pass({ notCompetent: true }), basis: 'PassV § 15 Abs. 2 Nr. 2', label: /nicht zuständige Behörde/ },
    { what: 'vorläufiger Pass, outside hours', quote: () => pass({ outsideOfficeHours: true }, 'vorlaeufiger_reisepass'), basis: 'PassV § 15 Abs. 2 Nr. 1', label: /außerhalb der Dienstzeit/ },
    { what: 'vorläufiger Pass, both', quote: () => pass({ outsideOfficeHours: true, notCompetent: true }, 'vorlaeufiger_reisepass'), basis: 'PassV § 15 Abs. 2 Nr. 1 und Nr. 2', label: /außerhalb der Dienstzeit und nicht zuständige Behörde/ },
  ])('$what: cites the number that applies', ({ quote, basis, label }) => {
    const doubling = quote().items.find((item) => item.code === passDoublingCode);
    expect(doubling?.legalBasis).toBe(basis);
    expect(doubling?.label).toMatch(label);
  });

  it('explains why the vorläufiger Personalausweis has no photo surcharge', () => {
    const quote = quoteFee({ serviceId: 'vorlaeufiger_personalausweis', applicationDate: '2026-03-01', birthDate: adult, photoByAuthority: true }, builtins);
    expect(quote.totalCents).toBe(1000);
    expect(quote.notes?.join(' ')).toMatch(/kein Zuschlag/);
  });

  it('explains why a Reisepass outside office hours costs no more', () => {
    expect(pass({ outsideOfficeHours: true }).notes?.join(' ')).toMatch(/keine Verdoppelung/);
  });

  it('explains the single doubling when both cases meet', () => {
    expect(pass({ outsideOfficeHours: true, notCompetent: true }, 'vorlaeufiger_reisepass').notes?.join(' ')).toMatch(/einmal verdoppelt/);
  });
});

describe('Führungszeugnis split 2/5 : 3/5', () => {
  it('splits 13 € into 5,20 € and 7,80 €', () => {
    const quote = quoteFee({ serviceId: 'fuehrungszeugnis', applicationDate: '2026-03-01', birthDate: adult }, builtins);
    expect(quote.split).toEqual({ municipalityCents: 520, federalCents: 780 });
  });

  it.each([0, 1, 2, 3, 4, 5, 1299, 1300, 1301, 1302, 1303, 1304, 99_999])('the parts of %i cents add up exactly', (total) => {
    const split = fuehrungszeugnisSplit(total);
    expect(split.municipalityCents + split.federalCents).toBe(total);
    expect(Number.isInteger(split.municipalityCents)).toBe(true);
    expect(Math.abs(split.municipalityCents - (total * 2) / 5)).toBeLessThan(1);
  });

  it('has no split for other services', () => {
    expect(quoteFee({ serviceId: 'meldebescheinigung', applicationDate: '2026-03-01', birthDate: null }, builtins).split).toBeNull();
  });
});

describe('quoteFee: waivers', () => {
  const reason = 'Bezug von Bürgergeld, Bescheid vom 03.02.2026 vorgelegt';
  it.each([
    { serviceId: 'personalausweis', extra: { photoByAuthority: true }, kind: 'beduerftigkeit', charged: 5200, basis: 'PAuswGebV § 1 Abs. 6' },
    { serviceId: 'vorlaeufiger_personalausweis', extra: {}, kind: 'beduerftigkeit', charged: 1000, basis: 'PAuswGebV § 1 Abs. 6' },
    { serviceId: 'reisepass', extra: { express: true }, kind: 'beduerftigkeit', charged: 10_200, basis: 'PassV § 28' },
    { serviceId: 'vorlaeufiger_reisepass', extra: {}, kind: 'beduerftigkeit', charged: 2600, basis: 'PassV § 28' },
    { serviceId: 'fuehrungszeugnis', extra: {}, kind: 'beduerftigkeit', charged: 1300, basis: 'JVKostG' },
    { serviceId: 'meldebescheinigung', extra: { extended: true }, kind: 'pension_or_social_purpose', charged: 800, basis: 'Gebührensatzung' },
    { serviceId: 'lebensbescheinigung', extra: {}, kind: 'pension_or_social_purpose', charged: 500, basis: 'Gebührensatzung' },
    { serviceId: 'beglaubigung_kopie', extra: { pages: 4 }, kind: 'pension_or_social_purpose', charged: 1200, basis: '§ 64 Abs. 2 SGB X' },
    { serviceId: 'beglaubigung_unterschrift', extra: { signatures: 1 }, kind: 'pension_or_social_purpose', charged: 500, basis: '§ 64 Abs. 2 SGB X' },
  ] as const)('$serviceId: $kind keeps the items, total 0', ({ serviceId, extra, kind, charged, basis }) => {
    const input: FeeQuoteInput = { serviceId, applicationDate: '2026-03-01', birthDate: adult, ...extra };
    const plain = quoteFee(input, builtins);
    expect(plain.totalCents).toBe(charged);
    const waived = quoteFee({ ...input, waiver: { kind, reason: `  ${reason} ` } }, builtins);
    expect(waived.items).toEqual(plain.items);
    expect(waived.totalCents).toBe(0);
    expect(waived.waived).toEqual({ kind, reason });
    expect(waived.notes?.join(' ')).toContain(basis);
    expect(waived.notes?.join(' ')).toContain(reason);
    if (serviceId === 'fuehrungszeugnis') expect(waived.split).toEqual({ municipalityCents: 0, federalCents: 0 });
  });

  it.each([
    { serviceId: 'personalausweis', kind: 'pension_or_social_purpose', hint: /Bedürftigkeit waiver/ },
    { serviceId: 'reisepass', kind: 'pension_or_social_purpose', hint: /pass\.base\.24plus/ },
    { serviceId: 'fuehrungszeugnis', kind: 'pension_or_social_purpose', hint: /fuehrungszeugnis/ },
    { serviceId: 'meldebescheinigung', kind: 'beduerftigkeit', hint: /pension or social-benefit purposes, choose that waiver/ },
    { serviceId: 'lebensbescheinigung', kind: 'beduerftigkeit', hint: /no Bedürftigkeit waiver/ },
    { serviceId: 'befreiung_ausweispflicht', kind: 'pension_or_social_purpose', hint: /free of charge/ },
    { serviceId: 'anmeldung', kind: 'beduerftigkeit', hint: /free of charge/ },
    { serviceId: 'eid_pin_reset', kind: 'beduerftigkeit', hint: /free of charge/ },
  ] as const)('refuses $kind for $serviceId with FEE_WAIVER_NOT_APPLICABLE', ({ serviceId, kind, hint }) => {
    const error = thrown(() => quoteFee({ serviceId, applicationDate: '2026-03-01', birthDate: adult, waiver: { kind, reason } }, builtins));
    expect(error.code).toBe('FEE_WAIVER_NOT_APPLICABLE');
    expect(error.status).toBe(422);
    expect(error.message).toMatch(hint);
    expect(error.details).toMatchObject({ field: 'waiver.kind' });
  });

  it('requires a reason', () => {
    const error = thrown(() => quoteFee({ serviceId: 'personalausweis', applicationDate: '2026-03-01', birthDate: adult, waiver: { kind: 'beduerftigkeit', reason: '  ' } }, builtins));
    expect(error.code).toBe('FEE_INPUT_INVALID');
    expect(error.details).toMatchObject({ field: 'waiver.reason' });
  });
});

describe('quoteFee: invalid input names the field and what is allowed', () => {
  const base = { applicationDate: '2026-03-01', birthDate: adult } as const;
  it.each([
    { what: 'unknown service', input: { ...base, serviceId: 'hundesteuer' }, field: 'serviceId', message: /Unknown service/ },
    { what: 'no calendar day', input: { ...base, serviceId: 'personalausweis', applicationDate: '2026-02-30' }, field: 'applicationDate', message: /YYYY-MM-DD/ },
    { what: 'partial application date', input: { ...base, serviceId: 'personalausweis', applicationDate: '2026-02' }, field: 'applicationDate', message: /not a calendar day/ },
    { what: 'birth date no date', input: { ...base, serviceId: 'personalausweis', birthDate: '1960-13' }, field: 'birthDate', message: /not a date/ },
    { what: 'birth after application', input: { ...base, serviceId: 'personalausweis', birthDate: '2026-03-02' }, field: 'birthDate', message: /after the application date/ },
    { what: 'PA without birth date', input: { ...base, serviceId: 'personalausweis', birthDate: null }, field: 'birthDate', message: /depends on the age/ },
    { what: 'Pass without birth date', input: { ...base, serviceId: 'reisepass', birthDate: null }, field: 'birthDate', message: /depends on the age/ },
    { what: 'pages missing', input: { ...base, serviceId: 'beglaubigung_kopie' }, field: 'pages', message: /whole number from 1/ },
    { what: 'pages 0', input: { ...base, serviceId: 'beglaubigung_kopie', pages: 0 }, field: 'pages', message: /whole number from 1 to 9999, not 0/ },
    { what: 'pages 1.5', input: { ...base, serviceId: 'beglaubigung_kopie', pages: 1.5 }, field: 'pages', message: /whole number/ },
    { what: 'signatures 10 000', input: { ...base, serviceId: 'beglaubigung_unterschrift', signatures: 10_000 }, field: 'signatures', message: /1 to 9999/ },
    { what: 'pages for a signature', input: { ...base, serviceId: 'beglaubigung_unterschrift', signatures: 1, pages: 2 }, field: 'pages', message: /only to beglaubigung_kopie/ },
    { what: 'signatures for a copy', input: { ...base, serviceId: 'beglaubigung_kopie', pages: 1, signatures: 2 }, field: 'signatures', message: /only to beglaubigung_unterschrift/ },
    { what: 'pages for the Meldebescheinigung', input: { ...base, serviceId: 'meldebescheinigung', pages: 2 }, field: 'pages', message: /Remove it/ },
    { what: 'post for a vorläufiger PA', input: { ...base, serviceId: 'vorlaeufiger_personalausweis', postalDelivery: true }, field: 'postalDelivery', message: /handed over on the spot/ },
    { what: 'post for a vorläufiger Pass', input: { ...base, serviceId: 'vorlaeufiger_reisepass', postalDelivery: true }, field: 'postalDelivery', message: /handed over on the spot/ },
    { what: 'express for a PA', input: { ...base, serviceId: 'personalausweis', express: true }, field: 'express', message: /does not apply to personalausweis/ },
    { what: '48 pages for a vorläufiger Pass', input: { ...base, serviceId: 'vorlaeufiger_reisepass', passport48Pages: true }, field: 'passport48Pages', message: /does not apply/ },
    { what: 'extended for a Lebensbescheinigung', input: { ...base, serviceId: 'lebensbescheinigung', extended: true }, field: 'extended', message: /no options/ },
    { what: 'photo for the Führungszeugnis', input: { ...base, serviceId: 'fuehrungszeugnis', photoByAuthority: true }, field: 'photoByAuthority', message: /does not apply/ },
    { what: 'unknown waiver', input: { ...base, serviceId: 'personalausweis', waiver: { kind: 'freundschaft', reason: 'x' } }, field: 'waiver.kind', message: /Unknown waiver/ },
  ])('$what', ({ input, field, message }) => {
    const error = thrown(() => quoteFee(input as unknown as FeeQuoteInput, builtins));
    expect(error.code).toBe('FEE_INPUT_INVALID');
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ field });
    expect(error.message).toMatch(message);
    const text = error.details?.text as { de: string; en: string };
    expect(text.de.length).toBeGreaterThan(10);
    expect(text.en).toBe(error.message);
  });

  it('accepts false for options a service does not have (workflows pass every flag)', () => {
    expect(quoteFee({ ...base, serviceId: 'fuehrungszeugnis', express: false, photoByAuthority: false, postalDelivery: false }, builtins).totalCents).toBe(1300);
  });
});

describe('format', () => {
  it.each([[0, '0,00 €'], [600, '6,00 €'], [2760, '27,60 €'], [4600, '46,00 €'], [123_456, '1.234,56 €']])('%i cents → %s', (cents, text) => {
    expect(formatEuro(cents)).toBe(text);
  });

  it('itemises a quote in German with total, split and tables', () => {
    const text = describeQuote(quoteFee({ serviceId: 'fuehrungszeugnis', applicationDate: '2026-03-01', birthDate: adult }, builtins));
    expect(text).toContain('Gebühren: Führungszeugnis beantragen');
    expect(text).toMatch(/13,00 €\s+Führungszeugnis/);
    expect(text).toContain('JVKostG Anlage, KV Nr. 1130');
    expect(text).toMatch(/13,00 €\s+Summe/);
    expect(text).toMatch(/5,20 €\s+verbleibt bei der Meldebehörde \(2\/5\)/);
    expect(text).toMatch(/7,80 €\s+an die Bundeskasse \(3\/5\)/);
    expect(text).toContain('eingebaut builtin:federal:2026-02-07: gültig ab 07.02.2026');
  });

  it('shows quantities and the waiver', () => {
    const text = describeQuote(quoteFee({ serviceId: 'beglaubigung_kopie', applicationDate: '2026-03-01', birthDate: null, pages: 3, waiver: { kind: 'pension_or_social_purpose', reason: 'Rentenantrag' } }, builtins));
    expect(text).toMatch(/9,00 €\s+Beglaubigung einer Kopie oder Abschrift, je Seite \(3 × 3,00 €\)/);
    expect(text).toMatch(/0,00 €\s+Summe \(Gebühr erlassen\)/);
    expect(text).toContain('Gebührenerlass: Renten- oder Sozialleistungszwecke — Rentenantrag');
  });
});
