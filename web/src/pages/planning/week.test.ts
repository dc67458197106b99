import { describe, expect, it } from 'vitest';
import { addDays, berlinTime, initialWeek, isoWeekNumber, mondayOf, tourColours, workdays } from './week.ts';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe('planning weeks', () => {
  it.each([
    ['2026-12-02', '2026-11-30'], ['2026-12-07', '2026-12-07'], ['2026-12-13', '2026-12-07'], ['2027-01-01', '2026-12-28'],
  ])('the Monday of %s is %s', (day, monday) => {
    expect(mondayOf(day)).toBe(monday);
  });

  it('opens on the week in the address, else on the coming week', () => {
    expect(initialWeek('2026-12-16', '2026-12-02')).toBe('2026-12-14');
    expect(initialWeek(null, '2026-12-02')).toBe('2026-12-07');
    expect(initialWeek('kw50', '2026-12-06')).toBe('2026-12-07');
    expect(initialWeek('2026-13-45', '2026-12-02')).toBe('2026-12-07');
  });

  it('lists Monday to Friday and counts ISO weeks across the year end', () => {
    expect(workdays('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01']);
    expect(isoWeekNumber('2026-12-07')).toBe(50);
    expect(isoWeekNumber('2026-12-28')).toBe(53);
    expect(isoWeekNumber('2027-01-04')).toBe(1);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('shows times in Berlin, winter and summer', () => {
    expect(berlinTime('2026-12-08T09:05:00.000Z')).toBe('10:05');
    expect(berlinTime('2026-07-08T09:05:00.000Z')).toBe('11:05');
  });

  it('draws tours in colours with at least 3:1 contrast to the white map', () => {
    for (const colour of tourColours) expect((1.05) / (luminance(colour) + 0.05)).toBeGreaterThanOrEqual(3);
  });
});
