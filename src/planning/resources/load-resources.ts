// Reads the municipality's kits, officers and absences and works out each day's crews.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { staffUsers } from '../../identity/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { kits, officerAbsences, officers } from '../schema.ts';
import { assignCrews, planningDayOf, type PlanningDay, type ResourceDay, type ResourceKit, type ResourceOfficer } from './availability.ts';
import { daysBetween, isIsoDate } from './hours.ts';

export type { Crew, PlanningDay } from './availability.ts';

/** A range longer than this is a mistake in the request, not a planning horizon. */
const maxDays = 62;

function checkRange(fromDate: string, toDate: string): void {
  if (!isIsoDate(fromDate) || !isIsoDate(toDate)) {
    throw new AppError('RESOURCES_RANGE_INVALID', `Give the days as YYYY-MM-DD (got ${fromDate} and ${toDate}).`, 400);
  }
  if (toDate < fromDate) throw new AppError('RESOURCES_RANGE_INVALID', `The range ends (${toDate}) before it starts (${fromDate}).`, 400);
  if (daysBetween(fromDate, toDate).length > maxDays) {
    throw new AppError('RESOURCES_RANGE_INVALID', `Ask for at most ${maxDays} days at once.`, 400);
  }
}

/** Kits, officers (with their absences overlapping the range) of the municipality, as the pure rules take them. */
export async function loadResourceInputs(db: Db, municipalityId: string, fromDate: string, toDate: string): Promise<{ kits: ResourceKit[]; officers: ResourceOfficer[] }> {
  const kitRows = await db.select().from(kits).where(eq(kits.municipalityId, municipalityId)).orderBy(asc(kits.name));
  const officerRows = await db.select({ officer: officers, name: staffUsers.displayName, disabled: staffUsers.disabled })
    .from(officers).innerJoin(staffUsers, eq(staffUsers.id, officers.staffUserId))
    .where(eq(officers.municipalityId, municipalityId));
  const absenceRows = await db.select().from(officerAbsences).where(and(
    eq(officerAbsences.municipalityId, municipalityId), lte(officerAbsences.fromDate, toDate), gte(officerAbsences.toDate, fromDate),
  ));
  return {
    kits: kitRows.map((k) => ({ id: k.id, name: k.name, status: k.status, devices: k.devices, shifts: k.shifts, maxStops: k.maxStops })),
    officers: officerRows.map(({ officer, name, disabled }) => ({
      id: officer.id, name,
      // A disabled staff account cannot sign in on the kit, so it cannot go out either.
      active: officer.active && !disabled,
      workingHours: officer.workingHours, skills: officer.skills,
      absences: absenceRows.filter((a) => a.officerId === officer.id).map((a) => ({ fromDate: a.fromDate, toDate: a.toDate, reason: a.reason })),
    })),
  };
}

/** Every day of the range with the officers' side too (the resources overview). */
export async function loadResourceDays(db: Db, municipalityId: string, fromDate: string, toDate: string): Promise<ResourceDay[]> {
  checkRange(fromDate, toDate);
  const inputs = await loadResourceInputs(db, municipalityId, fromDate, toDate);
  return daysBetween(fromDate, toDate).map((date) => assignCrews(date, inputs.kits, inputs.officers));
}

/**
 * The crews of each day from `fromDate` to `toDate` (both included, ISO days in Europe/Berlin)
 * and the kits that cannot go out, with the reasons. The planner's input.
 */
export async function loadPlanningResources(db: Db, municipalityId: string, fromDate: string, toDate: string): Promise<PlanningDay[]> {
  return (await loadResourceDays(db, municipalityId, fromDate, toDate)).map(planningDayOf);
}
