// Wall-clock spans ("HH:MM") per ISO weekday and their conversion to instants in Europe/Berlin (pure).
import { addDays } from '../../register/dates.ts';
import { intersect, minutesOf, type Span } from '../build-problem.ts';
import type { WeeklyHours } from '../schema.ts';

export { addDays, type Span };

export const planningTimeZone = 'Europe/Berlin';

/** Office hours when a kit has no shifts of its own: Monday to Friday, 08:00–16:00. */
export const defaultOfficeHours: WeeklyHours = {
  1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '16:00']],
};

export const weekdayNames = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'] as const;
const weekdayNamesEn = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isTime(value: string): boolean {
  return timePattern.test(value);
}

const minutesOfTime = minutesOf;

/** A real calendar day YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const d = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** 2026-12-07 → 07.12.2026, as German texts write dates. */
export function germanDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** The spans of one weekday as minutes, sorted. */
export function spansOn(hours: WeeklyHours, weekday: number): Span[] {
  return (hours[String(weekday)] ?? [])
    .map(([from, to]) => ({ start: minutesOfTime(from), end: minutesOfTime(to) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
}

/** Where two lists of spans overlap. */
export const intersectSpans = intersect;

/** The longest span (the earliest of equally long ones), or null. */
export function longestSpan(spans: Span[]): Span | null {
  let best: Span | null = null;
  for (const s of spans) if (!best || s.end - s.start > best.end - best.start) best = s;
  return best;
}

/**
 * What is wrong with weekly hours, in words a dispatcher can fix (English, as the API's errors), or null. Weekdays 1–7, times
 * "HH:MM", each span from < to, spans of a day not overlapping.
 */
export function weeklyHoursProblem(hours: WeeklyHours): string | null {
  for (const [key, list] of Object.entries(hours)) {
    const weekday = Number(key);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) return `There is no weekday "${key}": use 1 (Monday) to 7 (Sunday).`;
    const name = weekdayNamesEn[weekday - 1];
    for (const [from, to] of list) {
      if (!isTime(from) || !isTime(to)) return `${name}: write times as HH:MM (e.g. 08:00), not "${from}"–"${to}".`;
      if (minutesOfTime(from) >= minutesOfTime(to)) return `${name}: the start ${from} must be before the end ${to}.`;
    }
    const sorted = [...list].sort((a, b) => minutesOfTime(a[0]) - minutesOfTime(b[0]));
    for (let i = 1; i < sorted.length; i += 1) {
      if (minutesOfTime(sorted[i]![0]) < minutesOfTime(sorted[i - 1]![1])) return `${name}: the spans ${sorted[i - 1]![0]}–${sorted[i - 1]![1]} and ${sorted[i]![0]}–${sorted[i]![1]} overlap.`;
    }
  }
  return null;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: planningTimeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
});

/** Minutes Berlin is ahead of UTC at the instant (60 in winter, 120 in summer). */
function offsetMinutesAt(epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of offsetFormat.formatToParts(new Date(epochMs))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wallAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((wallAsUtc - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a Berlin wall-clock time on a day, written with its offset
 * ("2026-12-07T08:30:00+01:00"): an exact instant that still reads as the local time, which the
 * planner's problem builder takes the minutes of day from.
 */
export function berlinInstant(date: string, minutes: number): string {
  const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // The offset at the wall time read as UTC can differ from the real one near a transition; a second pass settles it.
  const guess = offsetMinutesAt(wallAsUtc);
  const offset = offsetMinutesAt(wallAsUtc - guess * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
