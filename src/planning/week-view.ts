// The dispatcher's view of a week: tours with stops and the requests they serve, the last plan
// run with the requests left out (and why), plus locking tours and pinning requests.
import { and, asc, desc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { staffUsers } from '../identity/schema.ts';
import { actorCan, type Principal } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { recordRequestEvent } from '../requests/events.ts';
import { pendingOffers, type PendingOffer } from '../requests/waitlist/offer-freed-slot.ts';
import { visitRequests } from '../requests/schema.ts';
import type { Point } from './build-problem.ts';
import { assertWeekStart, defaultDepot } from './plan-week.ts';
import { addDays, daysBetween, isIsoDate } from './resources/hours.ts';
import { loadPlanningResources } from './resources/load-resources.ts';
import { tourLetterCounts } from './confirmations/tour-letters.ts';
import { kits, officers, planRuns, tourStops, tours } from './schema.ts';

export interface StopRequestView { id: string; reference: string; subjectName: string; services: string[]; status: string }
export interface TourStopView {
  id: string; sequence: number; place: string; institutionId: string | null; latitude: number; longitude: number;
  arriveAt: string; startAt: string; endAt: string; requests: StopRequestView[];
}
export interface TourView {
  id: string; date: string; kitId: string; kitName: string; officers: { id: string; name: string }[];
  status: string; locked: boolean; departAt: string; returnAt: string; travelMinutes: number; stops: TourStopView[];
  /** Letters of the confirmation: waiting to be printed, and in all. */
  letters: { queued: number; total: number };
}
export type LeftOutView = Omit<StopRequestView, 'id'> & { requestId: string; reason: string };
export interface WeekView {
  weekStart: string;
  depot: Point;
  tours: TourView[];
  lastRun: { id: string; createdAt: string; createdByName: string; figures: Record<string, number>; leftOut: LeftOutView[] } | null;
  /** Eligible requests not on a tour of this week (waitlist first). */
  /** Open offers of freed slots: the dispatcher takes one for a requester who calls back. */
  waiting: (StopRequestView & { waitlistedAt: string | null; pinnedKitId: string | null; pinnedDate: string | null; offers: PendingOffer[] })[];
  unavailableKits: { date: string; kitId: string; name: string; reasons: string[] }[];
}

const subjectName = (r: { subject: { givenNames: string; familyName: string } }): string => `${r.subject.givenNames} ${r.subject.familyName}`.trim();

function requireRead(principal: Principal): void {
  if (!actorCan(principal, 'planning.read')) throw new AppError('FORBIDDEN', 'Viewing tours needs the planning.read permission.', 403);
}
function requireWrite(principal: Principal): void {
  if (!actorCan(principal, 'planning.write')) throw new AppError('FORBIDDEN', 'Changing tours needs the planning.write permission.', 403);
}

export async function getWeek(ctx: AppContext, principal: Principal, weekStart: string): Promise<WeekView> {
  requireRead(principal);
  assertWeekStart(weekStart);
  const { db } = ctx.database;
  const municipalityId = principal.municipalityId;
  const dates = daysBetween(weekStart, addDays(weekStart, 6));
  const tourRows = await db.select({ tour: tours, kitName: kits.name }).from(tours).innerJoin(kits, eq(kits.id, tours.kitId))
    .where(and(eq(tours.municipalityId, municipalityId), ne(tours.status, 'cancelled'), inArray(tours.date, dates)))
    .orderBy(asc(tours.date), asc(kits.name));
  const stopRows = tourRows.length === 0 ? [] : await db.select().from(tourStops)
    .where(inArray(tourStops.tourId, tourRows.map((t) => t.tour.id))).orderBy(asc(tourStops.sequence));
  const officerRows = await db.select({ id: officers.id, name: staffUsers.displayName }).from(officers)
    .innerJoin(staffUsers, eq(staffUsers.id, officers.staffUserId)).where(eq(officers.municipalityId, municipalityId));
  const officerName = new Map(officerRows.map((o) => [o.id, o.name]));

  const [run] = await db.select().from(planRuns).where(and(eq(planRuns.municipalityId, municipalityId), eq(planRuns.weekStart, weekStart)))
    .orderBy(desc(planRuns.createdAt)).limit(1);
  const requestIds = new Set([...stopRows.flatMap((s) => s.requestIds), ...(run?.unassigned ?? []).map((u) => u.requestId)]);
  // Only the requests on the week's tours or left out by its last run, and the waitlist.
  const requestRows = await db.select().from(visitRequests).where(and(
    eq(visitRequests.municipalityId, municipalityId), isNull(visitRequests.mergedIntoId),
    requestIds.size > 0 ? or(inArray(visitRequests.id, [...requestIds]), eq(visitRequests.status, 'eligible')) : eq(visitRequests.status, 'eligible'),
  ));
  const byId = new Map(requestRows.map((r) => [r.id, r]));
  const view = (id: string): StopRequestView => {
    const r = byId.get(id);
    return r ? { id, reference: r.reference, subjectName: subjectName(r), services: r.services, status: r.status }
      : { id, reference: '?', subjectName: '', services: [], status: 'unknown' };
  };
  const onTours = new Set(stopRows.flatMap((s) => s.requestIds));
  const days = await loadPlanningResources(db, municipalityId, weekStart, addDays(weekStart, 6));
  const letters = await tourLetterCounts(db, municipalityId, tourRows.filter((t) => t.tour.status !== 'draft').map((t) => t.tour.id));
  return {
    weekStart,
    depot: ctx.config.plannerDepot ?? defaultDepot,
    tours: tourRows.map(({ tour, kitName }) => ({
      id: tour.id, date: tour.date, kitId: tour.kitId, kitName,
      officers: tour.officerIds.map((id) => ({ id, name: officerName.get(id) ?? '?' })),
      status: tour.status, locked: tour.locked, departAt: tour.departAt.toISOString(), returnAt: tour.returnAt.toISOString(),
      travelMinutes: tour.travelMinutes,
      stops: stopRows.filter((s) => s.tourId === tour.id).map((s) => ({
        id: s.id, sequence: s.sequence, place: s.place, institutionId: s.institutionId, latitude: s.latitude, longitude: s.longitude,
        arriveAt: s.arriveAt.toISOString(), startAt: s.startAt.toISOString(), endAt: s.endAt.toISOString(), requests: s.requestIds.map(view),
      })),
      letters: letters.get(tour.id) ?? { queued: 0, total: 0 },
    })),
    lastRun: run ? {
      id: run.id, createdAt: run.createdAt.toISOString(), createdByName: run.createdByName, figures: run.figures,
      leftOut: run.unassigned.filter((u) => !onTours.has(u.requestId)).map((u) => {
        const { id: _id, ...rest } = view(u.requestId);
        return { ...rest, requestId: u.requestId, reason: u.reason };
      }),
    } : null,
    waiting: await Promise.all(requestRows.filter((r) => r.status === 'eligible' && !onTours.has(r.id))
      .sort((a, b) => (a.waitlistedAt?.getTime() ?? Infinity) - (b.waitlistedAt?.getTime() ?? Infinity) || a.createdAt.getTime() - b.createdAt.getTime())
      .map(async (r) => ({
        ...view(r.id), waitlistedAt: r.waitlistedAt?.toISOString() ?? null, pinnedKitId: r.pinnedKitId, pinnedDate: r.pinnedDate,
        offers: r.waitlistedAt ? await pendingOffers(db, r, ctx.now()) : [],
      }))),
    unavailableKits: days.flatMap((d) => d.unavailableKits.map((k) => ({ date: d.date, ...k }))),
  };
}

/** A locked tour is kept as it is when the rest of the week is re-planned. */
export async function setTourLocked(ctx: AppContext, principal: Principal, tourId: string, locked: boolean): Promise<void> {
  requireWrite(principal);
  const updated = await ctx.database.db.update(tours).set({ locked, updatedAt: ctx.now() })
    .where(and(eq(tours.id, tourId), eq(tours.municipalityId, principal.municipalityId), ne(tours.status, 'cancelled')))
    .returning({ id: tours.id });
  if (updated.length === 0) throw new AppError('TOUR_NOT_FOUND', `There is no tour ${tourId} in your municipality.`, 404);
}

/** Pins a request to a kit and/or a day (null clears); the next plan run respects it. */
export async function pinVisitRequest(
  ctx: AppContext, principal: Principal, requestId: string, pin: { kitId: string | null; date: string | null },
): Promise<void> {
  requireWrite(principal);
  const { db } = ctx.database;
  if (pin.date !== null && !isIsoDate(pin.date)) throw new AppError('PIN_DATE_INVALID', `Give the day as YYYY-MM-DD (got "${pin.date}").`, 400);
  if (pin.kitId !== null) {
    const [kit] = await db.select({ id: kits.id }).from(kits).where(and(eq(kits.id, pin.kitId), eq(kits.municipalityId, principal.municipalityId)));
    if (!kit) throw new AppError('KIT_NOT_FOUND', `There is no kit ${pin.kitId} in your municipality.`, 404);
  }
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const updated = await t.update(visitRequests).set({ pinnedKitId: pin.kitId, pinnedDate: pin.date, updatedAt: ctx.now() })
      .where(and(eq(visitRequests.id, requestId), eq(visitRequests.municipalityId, principal.municipalityId)))
      .returning({ id: visitRequests.id });
    if (updated.length === 0) throw new AppError('REQUEST_NOT_FOUND', `There is no visit request ${requestId} in your municipality.`, 404);
    await recordRequestEvent(t, { municipalityId: principal.municipalityId, requestId, kind: 'updated', detail: { pinned: pin }, actor: principal, at: ctx.now() });
  });
}
