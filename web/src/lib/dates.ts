/**
 * Dates as the Melderegister knows them: often partial (only the year, or year and month).
 * The API speaks ISO (YYYY, YYYY-MM, YYYY-MM-DD); people type and read German order (TT.MM.JJJJ).
 */

export type PartialDateParse =
  | { ok: true; iso: string; precision: 'year' | 'month' | 'day' }
  | { ok: false; error: 'format' | 'month' | 'day' };

/** The same bounds as the server's birth-date filter; nobody in a register was born earlier. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2999;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Reads a birth date as typed in a search field: TT.MM.JJJJ, MM.JJJJ or JJJJ (leading zeros
 * optional, ISO forms accepted too). Two-digit years are refused: a register search must not guess the century.
 */
export function parsePartialDate(input: string): PartialDateParse {
  const text = input.trim();
  let match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text) ?? isoDay(text);
  if (match) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: 'format' };
    if (month < 1 || month > 12) return { ok: false, error: 'month' };
    if (day < 1 || day > daysInMonth(year, month)) return { ok: false, error: 'day' };
    return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, precision: 'day' };
  }
  match = /^(\d{1,2})\.(\d{4})$/.exec(text) ?? isoMonth(text);
  if (match) {
    const [month, year] = [Number(match[1]), Number(match[2])];
    if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: 'format' };
    if (month < 1 || month > 12) return { ok: false, error: 'month' };
    return { ok: true, iso: `${pad(year, 4)}-${pad(month)}`, precision: 'month' };
  }
  if (/^\d{4}$/.test(text) && Number(text) >= MIN_YEAR && Number(text) <= MAX_YEAR) return { ok: true, iso: text, precision: 'year' };
  return { ok: false, error: 'format' };
}

/** ISO YYYY-MM-DD rearranged to the [_, day, month, year] shape of the German pattern. */
function isoDay(text: string): string[] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? [text, m[3]!, m[2]!, m[1]!] : null;
}

function isoMonth(text: string): string[] | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  return m ? [text, m[2]!, m[1]!] : null;
}

/** YYYY-MM-DD → 03.07.1936, YYYY-MM → 07.1936, YYYY → 1936; anything else is shown as it came. */
export function formatPartialDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (day) return `${day[3]}.${day[2]}.${day[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month) return `${month[2]}.${month[1]}`;
  return iso;
}

/** A full date typed as TT.MM.JJJJ (or ISO) → YYYY-MM-DD, or null when it is not one valid day. */
export function parseFullDate(input: string): string | null {
  const parsed = parsePartialDate(input);
  return parsed.ok && parsed.precision === 'day' ? parsed.iso : null;
}

/** A timestamp in local time, German order with seconds: 05.03.2026, 14:07:09. */
export function formatTimestamp(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('de-DE', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hour12: false, ...(timeZone ? { timeZone } : {}),
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}, ${get('hour')}:${get('minute')}:${get('second')}`;
}

/**
 * Completed years of life on a day, for full birth dates only: with a partial date the age
 * is uncertain, and a wrong age in a register view misleads more than none.
 */
export function ageOn(birthIso: string | null | undefined, todayIso: string): number | null {
  const birth = birthIso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthIso) : null;
  const today = /^(\d{4})-(\d{2})-(\d{2})/.exec(todayIso);
  if (!birth || !today) return null;
  const [by, bm, bd] = [Number(birth[1]), Number(birth[2]), Number(birth[3])];
  const [ty, tm, td] = [Number(today[1]), Number(today[2]), Number(today[3])];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  const age = ty - by - (hadBirthday ? 0 : 1);
  return age >= 0 ? age : null;
}

/** Today in Europe/Berlin: the authority's day, which decides fees and validity (the browser may run in another zone). */
export function berlinToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
