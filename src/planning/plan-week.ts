// Plans a week with one click: the eligible requests and the week's crews become a problem, the
// solver (in a worker thread) makes tours, and the draft tours of the week are replaced by the new
// ones. Locked and confirmed tours stay as they are, with their crews and requests.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { actorCan, type Principal } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { recordRequestEvent } from '../requests/events.ts';
import { visitRequests } from '../requests/schema.ts';
import { addresses, institutions } from '../register/schema.ts';
import { buildProblem, type CrewDay, type LeftOutReason, type InstitutionInfo, type PlannableRequest, type Point, type PlanningProblem } from './build-problem.ts';
import { travelMatrix } from './osrm.ts';
import { requestPoints } from './request-points.ts';
import { defaultPlanIterations, defaultPlanTimeLimitMs } from './plan-budget.ts';
import { loadPlanningResources } from './resources/load-resources.ts';
import { addDays, berlinInstant, daysBetween, isIsoDate, isoWeekday } from './resources/hours.ts';
import { planRuns, tourStops, tours } from './schema.ts';
import { solveInWorker } from './solve-in-worker.ts';
import type { PlanResult } from './solve-plan.ts';
import { getWeek, type WeekView } from './week-view.ts';

/** Where the tours start and end: the Bürgerbüro (Bochum Rathaus, Willy-Brandt-Platz) unless PLANNER_DEPOT says otherwise. */
export const defaultDepot: Point = { latitude: 51.4818, longitude: 7.2162 };

/** Why a request is not on a tour, as the dispatcher reads it. */
export type UnplannedReason = LeftOutReason | 'week_full' | 'no_time_with_travel';

export function assertWeekStart(weekStart: string): void {
  if (!isIsoDate(weekStart) || isoWeekday(weekStart) !== 1) {
    throw new AppError('PLAN_WEEK_INVALID', `A week is given by its Monday as YYYY-MM-DD (got "${weekStart}").`, 400);
  }
}

/** Week minutes (since Monday 00:00 Berlin) as an instant. */
export function weekInstant(weekStart: string, minutes: number): Date {
  return new Date(berlinInstant(addDays(weekStart, Math.floor(minutes / 1440)), minutes % 1440));
}


async function loadInstitutions(db: Db, municipalityId: string): Promise<Map<string, InstitutionInfo>> {
  const rows = await db.select({ institution: institutions, address: addresses }).from(institutions)
    .innerJoin(addresses, eq(addresses.id, institutions.addressId))
    .where(eq(institutions.municipalityId, municipalityId));
  return new Map(rows.map(({ institution, address }) => [institution.id, {
    id: institution.id, name: institution.name,
    place: `${institution.name}, ${address.street} ${address.houseNumber}, ${address.postcode} ${address.city}`,
    point: address.latitude !== null && address.longitude !== null ? { latitude: address.latitude, longitude: address.longitude } : null,
    visitingHours: institution.visitingHours,
  }]));
}

/** Whether a stop left out would fit alone into one of its vehicles: then the week is full, else travel makes its windows too tight. */
function reasonLeftOut(problem: PlanningProblem, minutes: number[][], stopId: string): UnplannedReason {
  const stop = problem.stops.find((s) => s.id === stopId)!;
  for (const v of problem.vehicles.filter((x) => stop.allowedVehicles.includes(x.id))) {
    const there = Math.ceil(minutes[v.depot]![stop.location]!);
    const back = Math.ceil(minutes[stop.location]![v.depot]!);
    for (const w of stop.windows) {
      const start = Math.max(w.start, v.shift.start + there);
      if (start <= w.end && start + stop.serviceMinutes + back <= v.shift.end) return 'week_full';
    }
  }
  return 'no_time_with_travel';
}

export interface PlanWeekInput { weekStart: string; seed?: number; timeLimitSeconds?: number }

export async function planWeek(ctx: AppContext, principal: Principal, input: PlanWeekInput): Promise<WeekView> {
  if (!actorCan(principal, 'planning.write')) throw new AppError('FORBIDDEN', 'Planning the week needs the planning.write permission.', 403);
  assertWeekStart(input.weekStart);
  const { db } = ctx.database;
  const municipalityId = principal.municipalityId;
  const weekEnd = addDays(input.weekStart, 6);
  const now = ctx.now();

  const weekTours = await db.select().from(tours).where(and(
    eq(tours.municipalityId, municipalityId), ne(tours.status, 'cancelled'),
    inArray(tours.date, daysBetween(input.weekStart, weekEnd)),
  ));
  const kept = weekTours.filter((t) => t.locked || t.status !== 'draft');
  const replaced = weekTours.filter((t) => !kept.includes(t));
  const keptStops = kept.length === 0 ? [] : await db.select({ requestIds: tourStops.requestIds }).from(tourStops)
    .where(inArray(tourStops.tourId, kept.map((t) => t.id)));
  const keptRequests = new Set(keptStops.flatMap((s) => s.requestIds));
  const keptCrews = new Set(kept.map((t) => `${t.date}:${t.kitId}`));

  const days = await loadPlanningResources(db, municipalityId, input.weekStart, weekEnd);
  const crews: CrewDay[] = days.flatMap((d) => d.crews.map((c) => ({ ...c, date: d.date }))).filter((c) => !keptCrews.has(`${c.date}:${c.kitId}`));
  const rows = (await db.select().from(visitRequests).where(and(
    eq(visitRequests.municipalityId, municipalityId), inArray(visitRequests.status, ['eligible', 'planned']), isNull(visitRequests.mergedIntoId),
  ))).filter((r) => !keptRequests.has(r.id));
  const points = await requestPoints(db, municipalityId, rows);
  const requests: PlannableRequest[] = rows.map((r) => ({
    id: r.id, services: r.services, location: r.location, point: points.get(r.id) ?? null, availability: r.availability,
    urgency: r.urgency, neededBy: r.neededBy, waitingSince: (r.waitlistedAt ?? r.createdAt).toISOString(),
    pinnedKitId: r.pinnedKitId, pinnedDate: r.pinnedDate,
  }));
  const problem = buildProblem({
    weekStart: input.weekStart, requests, institutions: await loadInstitutions(db, municipalityId), crews,
    kitDevices: new Map(), depot: ctx.config.plannerDepot ?? defaultDepot, setupMinutes: ctx.config.plannerSetupMinutes,
    today: now.toISOString().slice(0, 10),
  });
  const matrix = await travelMatrix(problem.points, {
    speedKmh: ctx.config.plannerSpeedKmh, detourFactor: ctx.config.plannerDetourFactor, osrmUrl: ctx.config.osrmUrl,
  }, (warning) => ctx.logger.warn(warning));
  const seed = input.seed ?? 1;
  const timeLimitMs = Math.min(defaultPlanTimeLimitMs, (input.timeLimitSeconds ?? ctx.config.plannerTimeLimitSeconds) * 1000);
  const result: PlanResult = problem.stops.length === 0
    ? { tours: [], unplannedStopIds: [], travelMinutes: 0, servedValue: 0, iterations: 0, elapsedMs: 0 }
    : await solveInWorker(problem, matrix.minutes, { seed, timeLimitMs, maxIterations: defaultPlanIterations(problem.stops.length) });

  const stopById = new Map(problem.stops.map((s) => [s.id, s]));
  const vehicleById = new Map(problem.vehicles.map((v) => [v.id, v]));
  const unassigned: { requestId: string; reason: UnplannedReason }[] = [
    ...problem.leftOut,
    ...result.unplannedStopIds.flatMap((id) => {
      const reason = reasonLeftOut(problem, matrix.minutes, id);
      return stopById.get(id)!.requestIds.map((requestId) => ({ requestId, reason }));
    }),
  ];
  const plannedIds = new Set(result.tours.flatMap((t) => t.stops.flatMap((s) => stopById.get(s.stopId)!.requestIds)));

  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (replaced.length > 0) {
      await t.delete(tourStops).where(inArray(tourStops.tourId, replaced.map((r) => r.id)));
      await t.delete(tours).where(inArray(tours.id, replaced.map((r) => r.id)));
    }
    const [run] = await t.insert(planRuns).values({
      municipalityId, weekStart: input.weekStart, seed, timeLimitMs,
      figures: {
        requests: requests.length, stops: problem.stops.length, crews: crews.length, tours: result.tours.length,
        planned: plannedIds.size, unplanned: unassigned.length, travelMinutes: result.travelMinutes,
        iterations: result.iterations, elapsedMs: Math.round(result.elapsedMs), osrm: matrix.source === 'osrm' ? 1 : 0,
      },
      unassigned, createdBy: principal.userId, createdByName: principal.displayName,
    }).returning({ id: planRuns.id });
    for (const planned of result.tours) {
      const vehicle = vehicleById.get(planned.vehicleId)!;
      const [tour] = await t.insert(tours).values({
        municipalityId, planRunId: run!.id, date: vehicle.date, kitId: vehicle.kitId, officerIds: [...vehicle.officerIds],
        departAt: weekInstant(input.weekStart, planned.departure), returnAt: weekInstant(input.weekStart, planned.returnAt),
        travelMinutes: planned.travelMinutes,
      }).returning({ id: tours.id });
      let sequence = 0;
      for (const s of planned.stops) {
        const stop = stopById.get(s.stopId)!;
        const point = problem.points[stop.location]!;
        sequence += 1;
        await t.insert(tourStops).values({
          municipalityId, tourId: tour!.id, sequence, institutionId: stop.institutionId, place: stop.place,
          latitude: point.latitude, longitude: point.longitude,
          arriveAt: weekInstant(input.weekStart, s.arrival), startAt: weekInstant(input.weekStart, s.start), endAt: weekInstant(input.weekStart, s.end),
          requestIds: stop.requestIds,
        });
      }
    }
    // Requests follow the plan: planned ones on a draft tour, the others back to eligible and on the waitlist.
    for (const r of rows) {
      const isPlanned = plannedIds.has(r.id);
      const status = isPlanned ? 'planned' : 'eligible';
      const reason = unassigned.find((u) => u.requestId === r.id)?.reason ?? null;
      const waitlistedAt = isPlanned ? r.waitlistedAt : (r.waitlistedAt ?? now);
      if (status === r.status && waitlistedAt === r.waitlistedAt && !isPlanned) continue;
      await t.update(visitRequests).set({ status, waitlistedAt, updatedAt: now, version: r.version + 1 }).where(eq(visitRequests.id, r.id));
      await recordRequestEvent(t, {
        municipalityId, requestId: r.id, kind: isPlanned ? 'planned' : (r.waitlistedAt ? 'unplanned' : 'waitlisted'),
        detail: { weekStart: input.weekStart, planRunId: run!.id, ...(reason ? { reason } : {}) }, actor: principal, at: now,
      });
    }
  });
  return getWeek(ctx, principal, input.weekStart);
}
