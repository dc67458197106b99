import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, calendarDate, compareDates, startOfDay } from './calendar.ts';
import { retentionCutoff } from './retention.ts';

describe('retentionCutoff (BMG § 40 Abs. 3)', () => {
  // "now" is the daily run at 02:15 German time unless stated; entries before the cutoff are deleted.
  it.each([
    ['same day twelve months later: 1 March 2025 goes on 1 March 2026', '2026-03-01T01:15:00Z', '2025-03-01T23:00:00.000Z'],
    ['not a day earlier', '2026-02-28T01:15:00Z', '2025-02-28T23:00:00.000Z'],
    ['the last run of the year removes all of the previous year', '2026-12-31T01:15:00Z', '2025-12-31T23:00:00.000Z'],
    ['the day before, 31 December 2025 is kept', '2026-12-30T01:15:00Z', '2025-12-30T23:00:00.000Z'],
    ['on 1 January the new year starts with 1 January of the last', '2027-01-01T01:15:00Z', '2026-01-01T23:00:00.000Z'],
    ['German date counts, not UTC: 00:30 on 1 January 2027 German time', '2026-12-31T23:30:00Z', '2026-01-01T23:00:00.000Z'],
    ['summer time: the cutoff is German midnight (CEST)', '2026-07-15T00:15:00Z', '2025-07-15T22:00:00.000Z'],
    ['leap day run: 29 Feb 2024 reaches back to 28 Feb 2023', '2024-02-29T01:15:00Z', '2023-02-28T23:00:00.000Z'],
    ['entries of 29 Feb 2024 survive 28 Feb 2025', '2025-02-28T01:15:00Z', '2024-02-28T23:00:00.000Z'],
    ['entries of 29 Feb 2024 go on 1 March 2025', '2025-03-01T01:15:00Z', '2024-03-01T23:00:00.000Z'],
    ['a late run (23:50) still deletes only up to the same date', '2026-03-01T22:50:00Z', '2025-03-01T23:00:00.000Z'],
  ])('%s', (_case, now, cutoff) => {
    expect(retentionCutoff(new Date(now)).toISOString()).toBe(cutoff);
  });

  it('deletes the entries of a day exactly: 23:59 on 1 March 2025 goes, 00:00 on 2 March stays', () => {
    const cutoff = retentionCutoff(new Date('2026-03-01T01:15:00Z'));
    expect(new Date('2025-03-01T22:59:59.999Z') < cutoff).toBe(true);
    expect(new Date('2025-03-01T23:00:00.000Z') < cutoff).toBe(false);
  });

  const instant = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true });

  it('keeps every entry at least twelve calendar months', () => {
    fc.assert(fc.property(instant, instant, (written, now) => {
      if (written >= retentionCutoff(now)) return;
      // Due now ⇒ the run's German date is at least the writing date plus twelve months.
      expect(compareDates(calendarDate(now), addMonths(calendarDate(written), 12))).toBeGreaterThanOrEqual(0);
    }));
  });

  it('never deletes an entry in the year it was written', () => {
    fc.assert(fc.property(instant, (now) => {
      const startOfYear = startOfDay({ year: calendarDate(now).year, month: 1, day: 1 });
      expect(retentionCutoff(now).getTime()).toBeLessThanOrEqual(startOfYear.getTime());
    }));
  });

  it('has deleted every entry of a year by the run on 31 December of the next', () => {
    fc.assert(fc.property(fc.integer({ min: 2001, max: 2097 }), (year) => {
      const lastRun = new Date(startOfDay({ year: year + 1, month: 12, day: 31 }).getTime() + (2 * 60 + 15) * 60_000);
      const firstInstantOfNextYear = startOfDay({ year: year + 1, month: 1, day: 1 });
      expect(retentionCutoff(lastRun).toISOString()).toBe(firstInstantOfNextYear.toISOString());
    }));
  });
});
