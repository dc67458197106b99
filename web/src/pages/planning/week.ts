/** Calendar arithmetic for the planning page: weeks by their Monday, times shown in Berlin. */
import { berlinToday } from '../../lib/dates.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * The week the page opens on: the one in the address (?woche=, any day of it), else the coming
 * week — the dispatcher plans ahead; this week's tours are mostly confirmed already.
 */
export function initialWeek(param: string | null, today: string = berlinToday()): string {
  if (param && isoDate.test(param) && !Number.isNaN(Date.parse(param))) return mondayOf(param);
  return addDays(mondayOf(today), 7);
}

/** Monday to Friday of the week: the days the Bürgerbüro's kits go out. */
export function workdays(weekStart: string): string[] {
  return [0, 1, 2, 3, 4].map((n) => addDays(weekStart, n));
}

/** ISO week number (week with the year's first Thursday is 1). */
export function isoWeekNumber(date: string): number {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  return Math.floor((Date.parse(thursday) - Date.parse(jan1)) / 86_400_000 / 7) + 1;
}

const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });

/** "09:35", in Berlin whatever zone the browser is in. */
export function berlinTime(instant: string): string {
  return timeFormat.format(new Date(instant));
}

/** Minutes between two instants. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
}

/** Colours for the tours on the map, distinguishable and ≥ 3:1 against white (WCAG 1.4.11). */
export const tourColours = ['#0b5cad', '#b4411a', '#2e7d32', '#7b1fa2', '#8a6d00', '#00727a', '#c2185b', '#455a64'] as const;
