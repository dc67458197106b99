import { describe, expect, it } from 'vitest';
import { ageOn, formatPartialDate, formatTimestamp, parseFullDate, parsePartialDate } from './dates.ts';

describe('parsePartialDate', () => {
  it.each([
    ['03.07.1936', '1936-07-03', 'day'],
    ['3.7.1936', '1936-07-03', 'day'],
    [' 29.02.2024 ', '2024-02-29', 'day'],
    ['1936-07-03', '1936-07-03', 'day'],
    ['07.1936', '1936-07', 'month'],
    ['7.1936', '1936-07', 'month'],
    ['1936-07', '1936-07', 'month'],
    ['1936', '1936', 'year'],
  ])('reads %s as %s (%s)', (input, iso, precision) => {
    expect(parsePartialDate(input)).toEqual({ ok: true, iso, precision });
  });

  it.each([
    ['', 'format'],
    ['36', 'format'],
    ['3.7.36', 'format'],
    ['03/07/1936', 'format'],
    ['0999', 'format'],
    ['1799', 'format'],
    ['01.01.3000', 'format'],
    ['Juli 1936', 'format'],
    ['13.1936', 'month'],
    ['00.1936', 'month'],
    ['01.13.1936', 'month'],
    ['29.02.2023', 'day'],
    ['31.04.2020', 'day'],
    ['00.01.2020', 'day'],
    ['2020-02-30', 'day'],
  ])('refuses %j with error %s', (input, error) => {
    expect(parsePartialDate(input)).toEqual({ ok: false, error });
  });
});

describe('formatPartialDate', () => {
  it.each([
    ['1936-07-03', '03.07.1936'],
    ['1936-07', '07.1936'],
    ['1936', '1936'],
    ['2026-03-05T10:00:00Z', '05.03.2026'],
    [null, ''],
    [undefined, ''],
    ['unbekannt', 'unbekannt'],
  ])('shows %j as %j', (iso, shown) => {
    expect(formatPartialDate(iso)).toBe(shown);
  });

  it('round-trips with parsePartialDate', () => {
    for (const iso of ['1936-07-03', '1936-07', '1936']) {
      const parsed = parsePartialDate(formatPartialDate(iso));
      expect(parsed.ok && parsed.iso).toBe(iso);
    }
  });
});

describe('parseFullDate', () => {
  it('accepts only complete days', () => {
    expect(parseFullDate('05.03.2026')).toBe('2026-03-05');
    expect(parseFullDate('03.2026')).toBeNull();
    expect(parseFullDate('2026')).toBeNull();
    expect(parseFullDate('31.02.2026')).toBeNull();
  });
});

describe('formatTimestamp', () => {
  it('shows the local time in German order', () => {
    expect(formatTimestamp('2026-03-05T13:07:09.123Z', 'Europe/Berlin')).toBe('05.03.2026, 14:07:09');
    expect(formatTimestamp('2026-07-05T13:07:09Z', 'Europe/Berlin')).toBe('05.07.2026, 15:07:09');
  });

  it('passes through what it cannot read', () => {
    expect(formatTimestamp('gestern')).toBe('gestern');
    expect(formatTimestamp(null)).toBe('');
  });
});

describe('ageOn', () => {
  it.each([
    ['1936-07-03', '2026-07-02', 89],
    ['1936-07-03', '2026-07-03', 90],
    ['2000-02-29', '2027-02-28', 26],
    ['2000-02-29', '2027-03-01', 27],
    ['1936-07', '2026-07-03', null],
    ['1936', '2026-07-03', null],
    [null, '2026-07-03', null],
    ['2030-01-01', '2026-07-03', null],
  ])('born %j, on %s: %j', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });
});
