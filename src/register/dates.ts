/**
 * Calendar helpers for register dates: full ISO dates (YYYY-MM-DD) and the partial dates
 * registers carry when the day or month is unknown (YYYY, YYYY-MM).
 */

export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

export function parsePartialDate(value: string): PartialDate | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return null;
  return {
    year: Number(match[1]),
    month: match[2] === undefined ? null : Number(match[2]),
    day: match[3] === undefined ? null : Number(match[3]),
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a (partial) date names a day, month or year the calendar has: 2023-02-30 does not exist. */
export function partialDateExists(value: string): boolean {
  const date = parsePartialDate(value);
  if (!date || date.year < 1) return false;
  if (date.month === null) return true;
  if (date.month < 1 || date.month > 12) return false;
  if (date.day === null) return true;
  return date.day >= 1 && date.day <= daysInMonth(date.year, date.month);
}

/**
 * Compares two (partial) dates on the precision both have: "1950" is neither before nor after
 * "1950-06-01" (0), but before "1951-01-01" (-1).
 */
export function comparePartialDates(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const left = a.slice(0, length);
  const right = b.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Today's date in Germany, where the register's days begin and end. */
export function registerToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** An ISO date plus a number of days (negative to go back). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
