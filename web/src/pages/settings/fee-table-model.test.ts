import { describe, expect, it } from 'vitest';
import type { FeeTableVersion } from '../../api/settings.ts';
import {
  addDays, amountProblem, baseVersion, buildFeeTableBody, draftFrom, earliestValidFrom, formatEuroInput, parseEuroAmount, problemTargetId,
  serverFeeProblem, versionInForce, versionsOfKind,
} from './fee-table-model.ts';

const line = (code: string, amountCents: number, free = true) => ({ code, label: `Label ${code}`, amountCents, legalBasis: `Satzung ${code}`, pensionOrSocialPurposeFree: free });

const version = (over: Partial<FeeTableVersion>): FeeTableVersion => ({
  id: 'v', kind: 'municipal', source: 'stored', validFrom: '2025-01-01', validUntil: null, lines: [],
  createdAt: null, createdByName: 'demo-seed', inForceToday: false, ...over,
});

const builtin = version({ id: 'b', source: 'builtin', validFrom: '2024-01-01', validUntil: null, lines: [line('a', 500), line('b', 800)] });
const stored = version({ id: 's', validFrom: '2025-01-01', lines: [line('b', 1500), line('a', 1000, false)], inForceToday: true });
const federal = version({ id: 'f', kind: 'federal', source: 'builtin', validFrom: '2024-01-01', lines: [line('x', 3700)], inForceToday: true });
const tables = { versions: [federal, builtin, stored], lineCodes: { federal: ['x'], municipal: ['a', 'b'] } };

describe('parseEuroAmount', () => {
  it.each([
    ['10', 1000], ['10,00', 1000], ['10,5', 1050], ['10.50', 1050], ['0', 0], ['0,01', 1], [' 12,30 € ', 1230],
    ['1.000,00', 100000], ['10\u00a0000,5', 1000050], ['007', 700],
  ])('%j → %i cents', (input, cents) => {
    expect(parseEuroAmount(input)).toBe(cents);
  });
  it.each(['', 'zehn', '-5', '10,005', '1.000', '1,000.00', '10,', ',50', '1e3', '10,5,0'])('%j is no amount', (input) => {
    expect(parseEuroAmount(input)).toBeNull();
  });
});

describe('formatEuroInput', () => {
  it.each([[1000, '10,00'], [1050, '10,50'], [5, '0,05'], [0, '0,00'], [1000000, '10000,00']])('%i → %j', (cents, text) => {
    expect(formatEuroInput(cents)).toBe(text);
    expect(parseEuroAmount(text)).toBe(cents);
  });
});

describe('amountProblem', () => {
  it.each([
    ['', 'settings.fees.errors.amountRequired'],
    ['abc', 'settings.fees.errors.amountFormat'],
    ['10000,01', 'settings.fees.errors.amountTooHigh'],
  ])('%j → %s', (input, key) => {
    expect(amountProblem(input)?.key).toBe(key);
  });
  it('accepts the bound itself', () => {
    expect(amountProblem('10000')).toBeNull();
  });
});

describe('versions', () => {
  it('lists one kind newest first and finds the one in force', () => {
    expect(versionsOfKind(tables.versions, 'municipal').map((v) => v.id)).toEqual(['s', 'b']);
    expect(versionInForce(tables.versions, 'municipal')?.id).toBe('s');
    expect(versionInForce(tables.versions, 'federal')?.id).toBe('f');
  });
  it('lets a new version start only after the newest stored one', () => {
    expect(earliestValidFrom(tables.versions, 'municipal')).toBe('2025-01-02');
    expect(earliestValidFrom(tables.versions, 'federal')).toBeNull();
  });
  it.each([['2026-12-31', 1, '2027-01-01'], ['2028-02-28', 1, '2028-02-29'], ['2026-03-01', -1, '2026-02-28']])('%s + %i = %s', (iso, n, out) => {
    expect(addDays(iso, n)).toBe(out);
  });
});

describe('draftFrom', () => {
  it('copies the version in force in the order of the line codes, from tomorrow', () => {
    const draft = draftFrom(tables, 'municipal', '2026-12-01');
    expect(draft.validFrom).toBe('2026-12-02');
    expect(draft.lines).toEqual([
      { code: 'a', label: 'Label a', legalBasis: 'Satzung a', pensionOrSocialPurposeFree: false, amount: '10,00' },
      { code: 'b', label: 'Label b', legalBasis: 'Satzung b', pensionOrSocialPurposeFree: true, amount: '15,00' },
    ]);
  });
  it('starts from an already stored future version, no earlier than the day after it', () => {
    const future = version({ id: 'n', validFrom: '2027-06-01', lines: [line('a', 1100), line('b', 1600)] });
    const draft = draftFrom({ ...tables, versions: [...tables.versions, future] }, 'municipal', '2026-12-01');
    expect(draft.validFrom).toBe('2027-06-02');
    expect(draft.lines.map((l) => l.amount)).toEqual(['11,00', '16,00']);
  });
  it('starts from the version in force when none is stored', () => {
    const draft = draftFrom({ ...tables, versions: [federal, { ...builtin, inForceToday: true }] }, 'municipal', '2026-12-01');
    expect(draft.lines.map((l) => l.amount)).toEqual(['5,00', '8,00']);
    expect(baseVersion([federal], 'municipal')).toBeNull();
  });
  it('leaves a line the base lacks empty, to be filled in', () => {
    const draft = draftFrom({ ...tables, lineCodes: { federal: ['x'], municipal: ['a', 'b', 'c'] } }, 'municipal', '2026-12-01');
    expect(draft.lines[2]).toMatchObject({ code: 'c', amount: '' });
  });
});

describe('buildFeeTableBody', () => {
  const draft = () => draftFrom(tables, 'municipal', '2026-12-01');
  it('turns the draft into the POST body in cents', () => {
    const d = draft();
    d.lines[0]!.amount = '12,50';
    expect(buildFeeTableBody(d, tables.versions)).toEqual({
      problems: [],
      body: {
        kind: 'municipal', validFrom: '2026-12-02',
        lines: [
          { code: 'a', label: 'Label a', amountCents: 1250, legalBasis: 'Satzung a', pensionOrSocialPurposeFree: false },
          { code: 'b', label: 'Label b', amountCents: 1500, legalBasis: 'Satzung b', pensionOrSocialPurposeFree: true },
        ],
      },
    });
  });
  it('names every bad amount at its line and a bad start date, all at once', () => {
    const d = draft();
    d.lines[0]!.amount = 'zehn';
    d.lines[1]!.amount = '';
    d.validFrom = '2025-01-01';
    const { body, problems } = buildFeeTableBody(d, tables.versions);
    expect(body).toBeNull();
    expect(problems).toEqual([
      { target: 'validFrom', key: 'settings.fees.errors.validFromTooEarly', values: { earliest: '02.01.2025' } },
      { target: 'line:a', key: 'settings.fees.errors.amountFormat', values: { value: 'zehn', line: 'Label a' } },
      { target: 'line:b', key: 'settings.fees.errors.amountRequired', values: { line: 'Label b' } },
    ]);
  });
  it.each(['', '2026-02-30', '01.12.2026'])('refuses the start date %j', (validFrom) => {
    expect(buildFeeTableBody({ ...draft(), validFrom }, tables.versions).problems).toEqual([{ target: 'validFrom', key: 'settings.fees.errors.validFromFormat' }]);
  });
});

describe('serverFeeProblem', () => {
  const posted = { kind: 'municipal' as const, validFrom: '2026-12-02', lines: [line('a', 1), line('b', 2)] };
  const text = { de: 'deutsch', en: 'english' };
  it.each([
    ['validFrom', { target: 'validFrom', text }],
    ['lines[1].amountCents', { target: 'line:b', text }],
    ['lines[0].label', { target: 'form', text }],
    ['lines', { target: 'form', text }],
  ])('puts details.field %j at its place', (field, problem) => {
    expect(serverFeeProblem({ code: 'FEE_TABLE_INVALID', message: 'english', details: { field, text } }, posted)).toEqual(problem);
  });
  it('falls back to the server message and ignores errors of other areas', () => {
    expect(serverFeeProblem({ code: 'FEE_TABLE_INCOMPLETE', message: 'Lines x missing', details: { field: 'lines' } }, posted))
      .toEqual({ target: 'form', text: { de: 'Lines x missing', en: 'Lines x missing' } });
    expect(serverFeeProblem({ code: 'FORBIDDEN', message: 'no' }, posted)).toBeNull();
  });
  it('gives each field a DOM id for the error summary', () => {
    expect(problemTargetId('validFrom')).toBe('fee-valid-from');
    expect(problemTargetId('line:meldebescheinigung.simple')).toBe('fee-line-meldebescheinigung-simple');
    expect(problemTargetId('form')).toBeUndefined();
  });
});
