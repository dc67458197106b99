/**
 * Working days of a German authority, for deadlines counted in working days (the Rückmeldung of
 * § 33 BMG within 3 working days, § 6 1. BMeldDÜV). Saturdays, Sundays and the public holidays of
 * the Land are not working days. Public holidays are Land law; the tables below hold the
 * Land-wide ones (with the years they apply), the Easter-based ones are computed. Holidays that
 * only apply in parts of a Land (Fronleichnam in parts of Sachsen and Thüringen, Mariä
 * Himmelfahrt in Bavarian communes with a Catholic majority, the Augsburger Friedensfest) and
 * days the office is closed are configured per municipality through `additionalClosedDays`.
 */
import { addDays } from '../register/dates.ts';

export const laender = ['SH', 'HH', 'NI', 'HB', 'NW', 'HE', 'RP', 'BW', 'BY', 'SL', 'BE', 'BB', 'MV', 'SN', 'ST', 'TH'] as const;
export type Land = (typeof laender)[number];

/** The first two digits of the Amtlicher Gemeindeschlüssel are the Land (01 Schleswig-Holstein … 16 Thüringen). */
export function landOfAgs(ags: string): Land | null {
  const index = Number(ags.slice(0, 2));
  if (!/^\d{2}/.test(ags) || index < 1 || index > 16) return null;
  return laender[index - 1] ?? null;
}

export interface WorkingDayCalendar {
  land: Land;
  /** YYYY-MM-DD: local holidays and office closures that are not working days either. */
  additionalClosedDays?: string[];
}

export interface PublicHoliday {
  date: string;
  name: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Buß- und Bettag: the Wednesday before 23 November (between 16 and 22 November). */
function bussUndBettag(year: number): string {
  const nov22 = new Date(Date.UTC(year, 10, 22));
  const back = (nov22.getUTCDay() - 3 + 7) % 7;
  return `${year}-11-${pad(22 - back)}`;
}

interface FixedHoliday {
  monthDay: string;
  name: string;
  laender: readonly Land[] | 'all';
  from?: number;
  until?: number;
}

const everyLand = 'all' as const;

// Land-wide fixed-date holidays with the years they have been law (only the years this software
// can meet matter: registrations from the 2000s on).
const fixedHolidays: FixedHoliday[] = [
  { monthDay: '01-01', name: 'Neujahr', laender: everyLand },
  { monthDay: '01-06', name: 'Heilige Drei Könige', laender: ['BW', 'BY', 'ST'] },
  { monthDay: '03-08', name: 'Internationaler Frauentag', laender: ['BE'], from: 2019 },
  { monthDay: '03-08', name: 'Internationaler Frauentag', laender: ['MV'], from: 2023 },
  { monthDay: '05-01', name: 'Tag der Arbeit', laender: everyLand },
  { monthDay: '08-15', name: 'Mariä Himmelfahrt', laender: ['SL'] },
  { monthDay: '09-20', name: 'Weltkindertag', laender: ['TH'], from: 2019 },
  { monthDay: '10-03', name: 'Tag der Deutschen Einheit', laender: everyLand },
  { monthDay: '10-31', name: 'Reformationstag', laender: ['BB', 'MV', 'SN', 'ST', 'TH'] },
  { monthDay: '10-31', name: 'Reformationstag', laender: ['HB', 'HH', 'NI', 'SH'], from: 2018 },
  // 500 years of the Reformation: a holiday in every Land once.
  { monthDay: '10-31', name: 'Reformationstag (500. Jahrestag)', laender: ['BW', 'BY', 'BE', 'HB', 'HE', 'HH', 'NI', 'NW', 'RP', 'SH', 'SL'], from: 2017, until: 2017 },
  { monthDay: '11-01', name: 'Allerheiligen', laender: ['BW', 'BY', 'NW', 'RP', 'SL'] },
  { monthDay: '12-25', name: '1. Weihnachtstag', laender: everyLand },
  { monthDay: '12-26', name: '2. Weihnachtstag', laender: everyLand },
  // Berlin's one-off holidays (75th and 80th anniversary of the end of the war).
  { monthDay: '05-08', name: 'Tag der Befreiung', laender: ['BE'], from: 2020, until: 2020 },
  { monthDay: '05-08', name: 'Tag der Befreiung', laender: ['BE'], from: 2025, until: 2025 },
];

interface EasterHoliday {
  offset: number;
  name: string;
  laender: readonly Land[] | 'all';
}

const easterHolidays: EasterHoliday[] = [
  { offset: -2, name: 'Karfreitag', laender: everyLand },
  // Ostersonntag and Pfingstsonntag are holidays in Brandenburg (and Hessen), but Sundays anyway.
  { offset: 1, name: 'Ostermontag', laender: everyLand },
  { offset: 39, name: 'Christi Himmelfahrt', laender: everyLand },
  { offset: 50, name: 'Pfingstmontag', laender: everyLand },
  { offset: 60, name: 'Fronleichnam', laender: ['BW', 'BY', 'HE', 'NW', 'RP', 'SL'] },
];

const applies = (laenderOf: readonly Land[] | 'all', land: Land) => laenderOf === 'all' || laenderOf.includes(land);

/** The Land-wide public holidays of a year, sorted by date. */
export function publicHolidays(year: number, land: Land): PublicHoliday[] {
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [];
  for (const holiday of fixedHolidays) {
    if (!applies(holiday.laender, land)) continue;
    if (holiday.from !== undefined && year < holiday.from) continue;
    if (holiday.until !== undefined && year > holiday.until) continue;
    holidays.push({ date: `${year}-${holiday.monthDay}`, name: holiday.name });
  }
  for (const holiday of easterHolidays) {
    if (applies(holiday.laender, land)) holidays.push({ date: addDays(easter, holiday.offset), name: holiday.name });
  }
  if (land === 'SN') holidays.push({ date: bussUndBettag(year), name: 'Buß- und Bettag' });
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday on `date` in the calendar's Land, if any. */
export function publicHolidayOn(date: string, land: Land): PublicHoliday | null {
  return publicHolidays(Number(date.slice(0, 4)), land).find((holiday) => holiday.date === date) ?? null;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  if (calendar.additionalClosedDays?.includes(date)) return false;
  return publicHolidayOn(date, calendar.land) === null;
}

/**
 * The day on which `count` working days after `date` have passed: the deadline "within 3 working
 * days" of a registration on a Friday ends on the Wednesday after. `date` itself never counts
 * (the period begins the day after the event, as § 187 Abs. 1 BGB counts).
 */
export function addWorkingDays(date: string, count: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`addWorkingDays: count must be a whole number ≥ 0, got ${count}`);
  let current = date;
  let left = count;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left -= 1;
  }
  return current;
}

/** The calendar of a municipality from its AGS; null when the AGS names no Land. */
export function calendarOfAgs(ags: string, additionalClosedDays: string[] = []): WorkingDayCalendar | null {
  const land = landOfAgs(ags);
  return land ? { land, additionalClosedDays } : null;
}
