/**
 * Move dates and the registration deadline (BMG § 17):
 *
 * - Anmeldung within two weeks after moving in (Abs. 1), Abmeldung within two weeks after moving
 *   out (Abs. 2). The period begins the day after the move (§ 187 Abs. 1 BGB) and ends with the
 *   same weekday two weeks later (§ 188 Abs. 2 BGB); when that day is a Saturday, Sunday or public
 *   holiday, it ends on the next working day (§ 31 Abs. 3 VwVfG NRW and the other Länder's VwVfG).
 *   A registration after the deadline is still taken, but flagged: it may be an
 *   Ordnungswidrigkeit (§ 54 Abs. 2 Nr. 1 BMG).
 * - Abmeldung at the earliest one week before moving out (Abs. 2 Satz 1).
 * - Anmeldung before moving in: the BMG provides none. Decision (documented here and in the
 *   notice): an Anmeldung up to 7 days before the move-in date is accepted when the
 *   Wohnungsgeberbestätigung already names that date, as many Meldebehörden do, mirroring the
 *   week the law allows for the Abmeldung; further ahead it is refused.
 */
import { addDays } from '../../../platform/periods.ts';
import { isWorkingDay, landOfAgs, type WorkingDayCalendar } from '../../../platform/working-days.ts';
import type { Notice, Violation } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';

export const registrationPeriodDays = 14;
export const maxDaysBeforeMoveIn = 7;
export const maxDaysBeforeMoveOut = 7;

export function calendarFor(ags: string): WorkingDayCalendar {
  // A municipality always has a Land; an invalid AGS in the facts falls back to NRW, the demo's Land.
  return { land: landOfAgs(ags) ?? 'NW' };
}

/** Last day of the two-week period after the move, moved past weekends and holidays. */
export function registrationDeadline(moveDate: string, calendar: WorkingDayCalendar): string {
  let deadline = addDays(moveDate, registrationPeriodDays);
  while (!isWorkingDay(deadline, calendar)) deadline = addDays(deadline, 1);
  return deadline;
}

export interface Lateness {
  deadline: string;
  late: boolean;
  /** Days after the deadline (0 when on time). */
  daysLate: number;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function lateness(moveDate: string, registeredOn: string, calendar: WorkingDayCalendar): Lateness {
  const deadline = registrationDeadline(moveDate, calendar);
  const daysLate = Math.max(0, daysBetween(deadline, registeredOn));
  return { deadline, late: daysLate > 0, daysLate };
}

export type MoveDirection = 'in' | 'out';

/** Violations of the move date itself: missing, not a date, too far ahead. */
export function moveDateViolations(date: string | undefined, today: string, direction: MoveDirection, field: string): Violation[] {
  const what = direction === 'in' ? { de: 'Einzugsdatum', en: 'move-in date' } : { de: 'Auszugsdatum', en: 'move-out date' };
  if (!date) {
    return [violation('RESIDENCE_MOVE_DATE_MISSING', field, `Tragen Sie das ${what.de} ein.`, `Enter the ${what.en}.`)];
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    return [violation('RESIDENCE_MOVE_DATE_INVALID', field, `Das ${what.de} „${date}“ ist kein Kalenderdatum.`, `The ${what.en} "${date}" is not a calendar date.`)];
  }
  const limit = direction === 'in' ? maxDaysBeforeMoveIn : maxDaysBeforeMoveOut;
  const ahead = daysBetween(today, date);
  if (ahead > limit) {
    return [direction === 'in'
      ? violation('RESIDENCE_MOVE_IN_TOO_FAR_AHEAD', field,
        `Der Einzug am ${germanDate(date)} liegt ${ahead} Tage in der Zukunft. Anmelden kann man sich frühestens ${limit} Tage vor dem Einzug; kommen Sie ab dem ${germanDate(addDays(date, -limit))} wieder.`,
        `Moving in on ${date} is ${ahead} days ahead. The Anmeldung is possible at most ${limit} days before moving in; come back from ${addDays(date, -limit)}.`)
      : violation('RESIDENCE_MOVE_OUT_TOO_FAR_AHEAD', field,
        `Der Auszug am ${germanDate(date)} liegt ${ahead} Tage in der Zukunft. Abmelden kann man sich frühestens eine Woche vor dem Auszug (§ 17 Abs. 2 Satz 1 BMG); kommen Sie ab dem ${germanDate(addDays(date, -limit))} wieder.`,
        `Moving out on ${date} is ${ahead} days ahead. The Abmeldung is possible at most one week before moving out (BMG § 17 (2) sentence 1); come back from ${addDays(date, -limit)}.`)];
  }
  return [];
}

/** Notices about the timing: registered late (flagged), or ahead of the move. */
export function moveDateNotices(date: string | undefined, today: string, direction: MoveDirection, calendar: WorkingDayCalendar): Notice[] {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return [];
  const out: Notice[] = [];
  const { deadline, late, daysLate } = lateness(date, today, calendar);
  if (late) {
    out.push(direction === 'in'
      ? notice('RESIDENCE_REGISTRATION_LATE',
        `Verspätete Anmeldung: Einzug am ${germanDate(date)}, Frist (zwei Wochen, § 17 Abs. 1 BMG) bis ${germanDate(deadline)}, ${daysLate} Tag(e) überschritten. Die Anmeldung wird aufgenommen und als verspätet gekennzeichnet; das kann eine Ordnungswidrigkeit sein (§ 54 Abs. 2 Nr. 1 BMG).`,
        `Late Anmeldung: moved in on ${date}, deadline (two weeks, BMG § 17 (1)) ${deadline}, exceeded by ${daysLate} day(s). The registration is taken and flagged as late; this may be an administrative offence (BMG § 54 (2) no. 1).`)
      : notice('RESIDENCE_REGISTRATION_LATE',
        `Verspätete Abmeldung: Auszug am ${germanDate(date)}, Frist (zwei Wochen, § 17 Abs. 2 BMG) bis ${germanDate(deadline)}, ${daysLate} Tag(e) überschritten. Die Abmeldung wird aufgenommen und als verspätet gekennzeichnet; das kann eine Ordnungswidrigkeit sein (§ 54 Abs. 2 Nr. 1 BMG).`,
        `Late Abmeldung: moved out on ${date}, deadline (two weeks, BMG § 17 (2)) ${deadline}, exceeded by ${daysLate} day(s). The registration is taken and flagged as late; this may be an administrative offence (BMG § 54 (2) no. 1).`));
  }
  if (date > today) {
    out.push(direction === 'in'
      ? notice('RESIDENCE_MOVE_IN_AHEAD',
        `Der Einzug liegt in der Zukunft (${germanDate(date)}). Die Anmeldung gilt ab dem Einzugsdatum; sie wird bis zu ${maxDaysBeforeMoveIn} Tage vorher angenommen, wenn die Wohnungsgeberbestätigung dieses Datum nennt.`,
        `Moving in is ahead (${date}). The registration takes effect on the move-in date; it is accepted up to ${maxDaysBeforeMoveIn} days ahead when the landlord's confirmation names that date.`)
      : notice('RESIDENCE_MOVE_OUT_AHEAD',
        `Der Auszug liegt in der Zukunft (${germanDate(date)}); die Abmeldung gilt ab dem Auszugsdatum (§ 17 Abs. 2 Satz 1 BMG: frühestens eine Woche vorher).`,
        `Moving out is ahead (${date}); the deregistration takes effect on the move-out date (BMG § 17 (2) sentence 1: at most one week ahead).`));
  }
  return out;
}
