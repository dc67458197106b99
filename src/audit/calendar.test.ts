import { describe, expect, it } from 'vitest';
import { addDays, addMonths, calendarDate, parseDate, startOfDay } from './calendar.ts';

describe('calendar arithmetic in Europe/Berlin', () => {
  it.each([
    ['2025-12-31T22:59:59.999Z', { year: 2025, month: 12, day: 31 }],
    ['2025-12-31T23:00:00.000Z', { year: 2026, month: 1, day: 1 }],
    ['2026-07-14T21:59:59.000Z', { year: 2026, month: 7, day: 14 }],
    ['2026-07-14T22:00:00.000Z', { year: 2026, month: 7, day: 15 }],
  ])('%s is on the civil date %j', (instant, date) => {
    expect(calendarDate(new Date(instant))).toEqual(date);
  });

  it.each([
    [{ year: 2026, month: 1, day: 1 }, '2025-12-31T23:00:00.000Z'],
    [{ year: 2026, month: 7, day: 15 }, '2026-07-14T22:00:00.000Z'],
    // DST starts 29 March 2026 at 02:00 and ends 25 October 2026 at 03:00: midnight is CET on both days.
    [{ year: 2026, month: 3, day: 29 }, '2026-03-28T23:00:00.000Z'],
    [{ year: 2026, month: 3, day: 30 }, '2026-03-29T22:00:00.000Z'],
    [{ year: 2026, month: 10, day: 25 }, '2026-10-24T22:00:00.000Z'],
    [{ year: 2026, month: 10, day: 26 }, '2026-10-25T23:00:00.000Z'],
  ])('%j starts at %s', (date, instant) => {
    expect(startOfDay(date).toISOString()).toBe(instant);
  });

  it('starts days in other zones too', () => {
    expect(startOfDay({ year: 2026, month: 1, day: 1 }, 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(startOfDay({ year: 2026, month: 1, day: 1 }, 'America/New_York').toISOString()).toBe('2026-01-01T05:00:00.000Z');
  });

  it.each([
    [{ year: 2024, month: 2, day: 29 }, -12, { year: 2023, month: 2, day: 28 }],
    [{ year: 2025, month: 2, day: 28 }, -12, { year: 2024, month: 2, day: 28 }],
    [{ year: 2026, month: 3, day: 31 }, -1, { year: 2026, month: 2, day: 28 }],
    [{ year: 2026, month: 1, day: 15 }, -12, { year: 2025, month: 1, day: 15 }],
    [{ year: 2025, month: 12, day: 31 }, 1, { year: 2026, month: 1, day: 31 }],
  ])('%j plus %i months is %j', (date, months, expected) => {
    expect(addMonths(date, months)).toEqual(expected);
  });

  it.each([
    [{ year: 2025, month: 12, day: 31 }, 1, { year: 2026, month: 1, day: 1 }],
    [{ year: 2024, month: 2, day: 28 }, 1, { year: 2024, month: 2, day: 29 }],
    [{ year: 2025, month: 2, day: 28 }, 1, { year: 2025, month: 3, day: 1 }],
  ])('%j plus %i days is %j', (date, days, expected) => {
    expect(addDays(date, days)).toEqual(expected);
  });

  it.each([
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2025-02-29', null],
    ['2026-13-01', null],
    ['2026-1-01', null],
    ['yesterday', null],
  ])('parses %s as %j', (text, expected) => {
    expect(parseDate(text)).toEqual(expected);
  });
});
