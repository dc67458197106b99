/**
 * Age and period arithmetic for ID documents, by the BGB rules (§§ 187 Abs. 2, 188 Abs. 2 and 3):
 * a period of years or months that starts at the beginning of a day ends with the day before the
 * corresponding day; when that day is missing (29 February in a common year, 31st of a shorter
 * month), the anniversary falls on the first day of the following month, so the period ends on the
 * last day of the month. Age uses the same rule: someone born on 29 February is a year older from
 * 1 March in common years.
 */
import { addDays, parsePartialDate } from '../register/dates.ts';

export { addDays };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The day on which a period of `months` months starting on `isoDate` has fully passed. */
export function anniversaryAfterMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = (m - 1) + months;
  const year = y + Math.floor(total / 12);
  const month = (total % 12 + 12) % 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (d <= lastDay) return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
  // The corresponding day is missing: the anniversary is the first of the next month.
  return addDays(`${pad(year, 4)}-${pad(month)}-${pad(lastDay)}`, 1);
}

export function anniversaryAfterYears(isoDate: string, years: number): string {
  return anniversaryAfterMonths(isoDate, years * 12);
}

/** Last day of a period of `years` years (or `months` months) that begins on `isoDate`. */
export function periodEnd(isoDate: string, length: { years?: number; months?: number }): string {
  const months = (length.years ?? 0) * 12 + (length.months ?? 0);
  return addDays(anniversaryAfterMonths(isoDate, months), -1);
}

/**
 * The birth date to count with. Registers keep partial dates (YYYY, YYYY-MM); we take the latest
 * day the partial date allows, so a person is never treated as older than they can be (age limits
 * such as "no fingerprints under 6" then err on the protective side).
 */
export function effectiveBirthDate(birthDate: string | null): string | null {
  if (!birthDate) return null;
  const parsed = parsePartialDate(birthDate);
  if (!parsed) return null;
  if (parsed.month === null) return `${pad(parsed.year, 4)}-12-31`;
  if (parsed.day === null) return `${pad(parsed.year, 4)}-${pad(parsed.month)}-${pad(new Date(Date.UTC(parsed.year, parsed.month, 0)).getUTCDate())}`;
  return birthDate;
}

/** Age in full years on `onDate`, or null when the birth date is unknown. */
export function ageOn(birthDate: string | null, onDate: string): number | null {
  const birth = effectiveBirthDate(birthDate);
  if (!birth) return null;
  const [by] = birth.split('-').map(Number) as [number];
  const [oy] = onDate.split('-').map(Number) as [number];
  let age = oy - by;
  // The anniversary in the target year decides (29 Feb → 1 Mar in a common year).
  if (anniversaryAfterYears(birth, age) > onDate) age -= 1;
  return Math.max(age, -1);
}

/** The day a person reaches `age`, or null when the birth date is unknown. */
export function dayOfAge(birthDate: string | null, age: number): string | null {
  const birth = effectiveBirthDate(birthDate);
  return birth ? anniversaryAfterYears(birth, age) : null;
}
