import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOfAgs, easterSunday, isWorkingDay, landOfAgs, publicHolidays, type Land } from './working-days.ts';

const nrw = { land: 'NW' as const };

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'], [2008, '2008-03-23'], [2011, '2011-04-24'], [2019, '2019-04-21'], [2024, '2024-03-31'],
    [2025, '2025-04-20'], [2026, '2026-04-05'], [2027, '2027-03-28'], [2038, '2038-04-25'], [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('publicHolidays', () => {
  it('NRW 2026: the nine federal holidays plus Fronleichnam and Allerheiligen', () => {
    expect(publicHolidays(2026, 'NW')).toEqual([
      { date: '2026-01-01', name: 'Neujahr' },
      { date: '2026-04-03', name: 'Karfreitag' },
      { date: '2026-04-06', name: 'Ostermontag' },
      { date: '2026-05-01', name: 'Tag der Arbeit' },
      { date: '2026-05-14', name: 'Christi Himmelfahrt' },
      { date: '2026-05-25', name: 'Pfingstmontag' },
      { date: '2026-06-04', name: 'Fronleichnam' },
      { date: '2026-10-03', name: 'Tag der Deutschen Einheit' },
      { date: '2026-11-01', name: 'Allerheiligen' },
      { date: '2026-12-25', name: '1. Weihnachtstag' },
      { date: '2026-12-26', name: '2. Weihnachtstag' },
    ]);
  });

  it.each<[Land, number, string, boolean]>([
    ['NI', 2026, '2026-10-31', true], ['NI', 2017, '2017-10-31', true], ['NI', 2016, '2016-10-31', false],
    ['NW', 2017, '2017-10-31', true], ['NW', 2018, '2018-10-31', false],
    ['BE', 2026, '2026-03-08', true], ['BE', 2018, '2018-03-08', false], ['MV', 2023, '2023-03-08', true], ['MV', 2022, '2022-03-08', false],
    ['TH', 2026, '2026-09-20', true], ['SN', 2026, '2026-11-18', true], ['SN', 2025, '2025-11-19', true], ['NW', 2026, '2026-11-18', false],
    ['BY', 2026, '2026-01-06', true], ['NW', 2026, '2026-01-06', false], ['SL', 2026, '2026-08-15', true], ['BY', 2026, '2026-08-15', false],
    ['NI', 2026, '2026-06-04', false], ['BE', 2025, '2025-05-08', true], ['BE', 2026, '2026-05-08', false],
  ])('%s %i: %s is a holiday = %s', (land, year, date, expected) => {
    expect(publicHolidays(year, land).some((holiday) => holiday.date === date)).toBe(expected);
  });
});

describe('addWorkingDays (Rückmeldung within 3 working days)', () => {
  it.each<[string, string, Land, string]>([
    ['Thursday → Tuesday over the weekend', '2026-11-05', 'NW', '2026-11-10'],
    ['Friday → Wednesday', '2026-11-06', 'NW', '2026-11-11'],
    ['Maundy Thursday: Karfreitag and Ostermontag do not count', '2026-04-02', 'NW', '2026-04-09'],
    ['over 3 October (a Friday in 2025)', '2025-10-01', 'NW', '2025-10-07'],
    ['3 October on a Tuesday (2028)', '2028-10-02', 'NW', '2028-10-06'],
    ['Fronleichnam counts in NRW …', '2026-06-02', 'NW', '2026-06-08'],
    ['… but not in Niedersachsen', '2026-06-02', 'NI', '2026-06-05'],
    ['Christmas: 24 December is a working day, 25/26 are not', '2026-12-23', 'NW', '2026-12-29'],
    ['Allerheiligen on a Monday', '2027-10-29', 'NW', '2027-11-04'],
    ['registered on a Saturday', '2026-11-07', 'NW', '2026-11-11'],
  ])('%s: %s + 3 in %s → %s', (_label, date, land, expected) => {
    expect(addWorkingDays(date, 3, { land })).toBe(expected);
  });

  it('honours the municipality\'s extra closed days (office closure between the years)', () => {
    expect(addWorkingDays('2026-12-23', 3, { land: 'NW', additionalClosedDays: ['2026-12-24', '2026-12-31'] })).toBe('2026-12-30');
  });

  it('0 working days is the day itself; a negative count is refused', () => {
    expect(addWorkingDays('2026-11-05', 0, nrw)).toBe('2026-11-05');
    expect(() => addWorkingDays('2026-11-05', -1, nrw)).toThrow(RangeError);
  });

  it('isWorkingDay: weekends and holidays are not', () => {
    expect(isWorkingDay('2026-11-07', nrw)).toBe(false);
    expect(isWorkingDay('2026-11-08', nrw)).toBe(false);
    expect(isWorkingDay('2026-10-03', nrw)).toBe(false);
    expect(isWorkingDay('2026-11-09', nrw)).toBe(true);
  });
});

describe('landOfAgs', () => {
  it.each([['05911000', 'NW'], ['09162000', 'BY'], ['11000000', 'BE'], ['16051000', 'TH'], ['01002000', 'SH'], ['00000000', null], ['17000000', null], ['x', null]])('%s → %s', (ags, land) => {
    expect(landOfAgs(ags)).toBe(land);
  });

  it('calendarOfAgs carries the closed days', () => {
    expect(calendarOfAgs('05911000', ['2026-12-24'])).toEqual({ land: 'NW', additionalClosedDays: ['2026-12-24'] });
    expect(calendarOfAgs('99')).toBeNull();
  });
});
