// Officers as resources: a staff account's profile for tours (working hours, skills, active) and its absences.
import { and, asc, eq, gte, isNull } from 'drizzle-orm';
import { isServiceId } from '../../catalogue/services.ts';
import { staffUsers } from '../../identity/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { officerAbsences, officers, type WeeklyHours } from '../schema.ts';
import { isIsoDate, weeklyHoursProblem } from './hours.ts';

export interface AbsenceView { id: string; fromDate: string; toDate: string; reason: string | null }

export interface OfficerView {
  id: string;
  staffUserId: string;
  username: string;
  displayName: string;
  /** The staff account is disabled: the officer is not planned. */
  accountDisabled: boolean;
  workingHours: WeeklyHours;
  /** Catalogue service ids; empty = all. */
  skills: string[];
  active: boolean;
  /** Absences that have not ended before `since`, by start. */
  absences: AbsenceView[];
}

/** A staff account without an officer profile yet. */
export interface OfficerCandidate { staffUserId: string; username: string; displayName: string; roles: string[] }

export interface OfficerChanges { workingHours?: WeeklyHours; skills?: string[]; active?: boolean }

const invalid = (message: string, field: string) => new AppError('OFFICER_INVALID', message, 400, { field });

function checkChanges(changes: OfficerChanges): void {
  if (changes.workingHours) {
    const problem = weeklyHoursProblem(changes.workingHours);
    if (problem) throw invalid(`Working hours: ${problem}`, 'workingHours');
  }
  const unknown = (changes.skills ?? []).filter((s) => !isServiceId(s));
  if (unknown.length > 0) throw invalid(`Unknown services: ${unknown.join(', ')}. Use the ids of the catalogue (GET /api/catalogue/services).`, 'skills');
}

async function absencesOf(db: Db, municipalityId: string, since: string): Promise<Map<string, AbsenceView[]>> {
  const rows = await db.select().from(officerAbsences)
    .where(and(eq(officerAbsences.municipalityId, municipalityId), gte(officerAbsences.toDate, since)))
    .orderBy(asc(officerAbsences.fromDate), asc(officerAbsences.createdAt));
  const byOfficer = new Map<string, AbsenceView[]>();
  for (const row of rows) {
    const list = byOfficer.get(row.officerId) ?? [];
    list.push({ id: row.id, fromDate: row.fromDate, toDate: row.toDate, reason: row.reason });
    byOfficer.set(row.officerId, list);
  }
  return byOfficer;
}

/** The officers, with their absences from `since` on (past ones are history, not planning). */
export async function listOfficers(db: Db, municipalityId: string, since: string): Promise<OfficerView[]> {
  const rows = await db.select({ officer: officers, user: staffUsers }).from(officers)
    .innerJoin(staffUsers, eq(staffUsers.id, officers.staffUserId))
    .where(eq(officers.municipalityId, municipalityId))
    .orderBy(asc(staffUsers.displayName));
  const absences = await absencesOf(db, municipalityId, since);
  return rows.map(({ officer, user }) => ({
    id: officer.id, staffUserId: user.id, username: user.username, displayName: user.displayName, accountDisabled: user.disabled,
    workingHours: officer.workingHours, skills: officer.skills, active: officer.active, absences: absences.get(officer.id) ?? [],
  }));
}

/** Enabled staff accounts of the municipality that have no officer profile yet. */
export async function listOfficerCandidates(db: Db, municipalityId: string): Promise<OfficerCandidate[]> {
  const rows = await db.select({ id: staffUsers.id, username: staffUsers.username, displayName: staffUsers.displayName, roles: staffUsers.roles })
    .from(staffUsers)
    .leftJoin(officers, and(eq(officers.staffUserId, staffUsers.id), eq(officers.municipalityId, municipalityId)))
    .where(and(eq(staffUsers.municipalityId, municipalityId), eq(staffUsers.disabled, false), isNull(officers.id)))
    .orderBy(asc(staffUsers.displayName));
  return rows.map((r) => ({ staffUserId: r.id, username: r.username, displayName: r.displayName, roles: r.roles }));
}

async function officerView(db: Db, municipalityId: string, officerId: string, since: string): Promise<OfficerView> {
  const found = (await listOfficers(db, municipalityId, since)).find((o) => o.id === officerId);
  if (!found) throw notFound('The officer');
  return found;
}

async function requireOfficer(db: Db, municipalityId: string, officerId: string): Promise<void> {
  const [row] = await db.select({ id: officers.id }).from(officers).where(and(eq(officers.municipalityId, municipalityId), eq(officers.id, officerId)));
  if (!row) throw notFound('The officer');
}

/** Makes a staff account an officer who can be planned on tours. */
export async function createOfficer(db: Db, municipalityId: string, input: OfficerChanges & { staffUserId: string }, since: string): Promise<OfficerView> {
  checkChanges(input);
  const [user] = await db.select({ id: staffUsers.id }).from(staffUsers)
    .where(and(eq(staffUsers.municipalityId, municipalityId), eq(staffUsers.id, input.staffUserId)));
  if (!user) throw new AppError('OFFICER_NO_STAFF_USER', 'There is no staff account with this id in your municipality; create the account first (Benutzer).', 422, { field: 'staffUserId' });
  const [existing] = await db.select({ id: officers.id }).from(officers)
    .where(and(eq(officers.municipalityId, municipalityId), eq(officers.staffUserId, input.staffUserId)));
  if (existing) throw new AppError('OFFICER_EXISTS', 'This staff account already has an officer profile; change that one.', 409, { officerId: existing.id });
  const [row] = await db.insert(officers).values({
    municipalityId, staffUserId: input.staffUserId, workingHours: input.workingHours ?? {}, skills: input.skills ?? [], active: input.active ?? true,
  }).returning({ id: officers.id });
  return officerView(db, municipalityId, row!.id, since);
}

export async function updateOfficer(db: Db, municipalityId: string, officerId: string, changes: OfficerChanges, since: string): Promise<OfficerView> {
  checkChanges(changes);
  await requireOfficer(db, municipalityId, officerId);
  const set = {
    ...(changes.workingHours !== undefined ? { workingHours: changes.workingHours } : {}),
    ...(changes.skills !== undefined ? { skills: [...new Set(changes.skills)] } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
  };
  if (Object.keys(set).length > 0) await db.update(officers).set(set).where(eq(officers.id, officerId));
  return officerView(db, municipalityId, officerId, since);
}

/** Whole days from `fromDate` to `toDate` (both included) on which the officer cannot be planned. */
export async function addAbsence(db: Db, municipalityId: string, officerId: string, input: { fromDate: string; toDate: string; reason?: string | null }): Promise<AbsenceView> {
  if (!isIsoDate(input.fromDate)) throw new AppError('ABSENCE_INVALID', `From "${input.fromDate}" is not a day YYYY-MM-DD.`, 400, { field: 'fromDate' });
  if (!isIsoDate(input.toDate)) throw new AppError('ABSENCE_INVALID', `To "${input.toDate}" is not a day YYYY-MM-DD.`, 400, { field: 'toDate' });
  if (input.toDate < input.fromDate) throw new AppError('ABSENCE_INVALID', `The absence ends (${input.toDate}) before it starts (${input.fromDate}).`, 400, { field: 'toDate' });
  await requireOfficer(db, municipalityId, officerId);
  const reason = input.reason?.trim() || null;
  const [row] = await db.insert(officerAbsences).values({ municipalityId, officerId, fromDate: input.fromDate, toDate: input.toDate, reason }).returning();
  return { id: row!.id, fromDate: row!.fromDate, toDate: row!.toDate, reason: row!.reason };
}

export async function removeAbsence(db: Db, municipalityId: string, officerId: string, absenceId: string): Promise<void> {
  const deleted = await db.delete(officerAbsences).where(and(
    eq(officerAbsences.municipalityId, municipalityId), eq(officerAbsences.officerId, officerId), eq(officerAbsences.id, absenceId),
  )).returning({ id: officerAbsences.id });
  if (deleted.length === 0) throw notFound('The absence');
}
