/**
 * Calendar arithmetic in a named time zone, without a date library. The access log's legal
 * periods (BMG § 40) run in German civil time: an entry "written on 31 December" is one written
 * on that day in Europe/Berlin, whatever the UTC date was.
 */

/** The time zone of the legal periods; the municipalities are German. */
export const auditTimeZone = 'Europe/Berlin';

/** A day of the civil calendar; month is 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function wallClock(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? NaN, month: parts.month ?? NaN, day: parts.day ?? NaN,
    hour: parts.hour ?? NaN, minute: parts.minute ?? NaN, second: parts.second ?? NaN,
  };
}

/** The civil date of an instant in the time zone. */
export function calendarDate(instant: Date, timeZone: string = auditTimeZone): CalendarDate {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** Milliseconds the zone is ahead of UTC at the instant (CET: 3 600 000). */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(new Date(epochMs), timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant the day begins in the time zone (00:00 local; German DST never skips midnight). */
export function startOfDay(date: CalendarDate, timeZone: string = auditTimeZone): Date {
  const midnightAsUtc = Date.UTC(date.year, date.month - 1, date.day);
  const first = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  // The offset at UTC midnight can differ from the one at local midnight when a transition lies between.
  const second = midnightAsUtc - offsetAt(first, timeZone);
  return new Date(second);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Calendar months later (or earlier); a day that does not exist in the target month becomes its last day (29 Feb → 28 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const monthIndex = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, lastDay) };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** YYYY-MM-DD */
export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Parses YYYY-MM-DD; null when it is not a real date. */
export function parseDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return compareDates(addDays(date, 0), date) === 0 ? date : null;
}
