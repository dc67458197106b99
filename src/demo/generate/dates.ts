/** Day arithmetic on ISO dates in UTC, so generated dates do not shift with the machine's time zone. */

const dayMs = 86_400_000;

export function toDay(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / dayMs);
}

export function fromDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / dayMs);
}

/** The same calendar day `years` later (29 Feb becomes 28 Feb in common years). */
export function addYears(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  const month = isoDate.slice(5, 7);
  let day = isoDate.slice(8, 10);
  if (month === '02' && day === '29' && !isLeapYear(year)) day = '28';
  return `${String(year).padStart(4, '0')}-${month}-${day}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Age in completed years on `onDay` of someone born on `birthDate` (a full ISO date). */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
