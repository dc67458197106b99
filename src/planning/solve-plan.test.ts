import { describe, expect, it } from 'vitest';
import { buildProblem, type BuildProblemInput, type CrewDay, type PlannableRequest } from './build-problem.ts';
import { flattenWindows, solvePlanningProblem, type PlanResult } from './solve-plan.ts';
import { syntheticWeek } from './testing.ts';
import { haversineMatrix } from './travel.ts';

const monday = '2026-12-07';
const travel = { speedKmh: 30, detourFactor: 1.3 };
const home = (id: string, over: Partial<PlannableRequest> = {}): PlannableRequest => ({
  id, services: ['meldebescheinigung'], point: { latitude: 51.48 + Number(id.slice(1)) / 200, longitude: 7.22 },
  location: { kind: 'home', street: 'Hauptstr.', houseNumber: '1', postcode: '44787', city: 'Bochum' },
  availability: [], urgency: 'normal', neededBy: null, waitingSince: monday, pinnedKitId: null, pinnedDate: null, ...over,
});
const crew = (date: string, over: Partial<CrewDay> = {}): CrewDay => ({
  date, kitId: 'k1', kitName: 'Koffer 1', officerIds: ['o1', 'o2'],
  shift: { start: `${date}T08:00:00+01:00`, end: `${date}T16:00:00+01:00` }, maxStops: 5, skills: 'all', ...over,
});
const input = (over: Partial<BuildProblemInput>): BuildProblemInput => ({
  weekStart: monday, requests: [], institutions: new Map(), crews: [crew(monday)], kitDevices: new Map(),
  depot: { latitude: 51.48, longitude: 7.21 }, setupMinutes: 10, today: monday, ...over,
});

function plan(over: Partial<BuildProblemInput>, iterations = 300): { result: PlanResult; problem: ReturnType<typeof buildProblem>; minutes: number[][] } {
  const problem = buildProblem(input(over));
  const minutes = haversineMatrix(problem.points, travel);
  return { result: solvePlanningProblem(problem, minutes, { seed: 1, maxIterations: iterations }), problem, minutes };
}

/** Checks every tour against the problem without the solver: windows, shift, allowed vehicle, stop limit, travel. */
function violations(problem: ReturnType<typeof buildProblem>, minutes: number[][], result: PlanResult): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const tour of result.tours) {
    const vehicle = problem.vehicles.find((v) => v.id === tour.vehicleId)!;
    if (tour.departure < vehicle.shift.start || tour.returnAt > vehicle.shift.end) errors.push(`${tour.vehicleId} outside its shift`);
    if (tour.stops.length > vehicle.maxStops) errors.push(`${tour.vehicleId} has too many stops`);
    let at = 0;
    let time = tour.departure;
    for (const s of tour.stops) {
      const stop = problem.stops.find((x) => x.id === s.stopId)!;
      if (seen.has(stop.id)) errors.push(`${stop.id} twice`);
      seen.add(stop.id);
      if (!stop.allowedVehicles.includes(vehicle.id)) errors.push(`${stop.id} on a vehicle it may not use`);
      const arrival = time + Math.ceil(minutes[at]![stop.location]!);
      if (s.start < arrival) errors.push(`${stop.id} starts before the crew can arrive`);
      if (!stop.windows.some((w) => s.start >= w.start && s.start <= w.end)) errors.push(`${stop.id} starts outside its windows`);
      time = s.start + stop.serviceMinutes;
      at = stop.location;
    }
    if (time + Math.ceil(minutes[at]![0]!) > tour.returnAt) errors.push(`${tour.vehicleId} returns too early for its travel`);
  }
  return errors;
}

describe('flattenWindows', () => {
  it('sorts and merges overlapping windows', () => {
    expect(flattenWindows([{ start: 50, end: 60 }, { start: 0, end: 10 }, { start: 5, end: 20 }])).toEqual([0, 20, 50, 60]);
  });
});

describe('solvePlanningProblem', () => {
  it('plans a stop inside its window on an allowed day, departing as late as it can', () => {
    const r = home('r1', { availability: [{ date: '2026-12-08', from: '13:00', to: '14:00' }] });
    const { result, problem, minutes } = plan({ requests: [r], crews: [crew(monday), crew('2026-12-08')] });
    expect(result.unplannedStopIds).toEqual([]);
    expect(result.tours).toHaveLength(1);
    const [tour] = result.tours;
    expect(tour!.vehicleId).toBe('2026-12-08:k1');
    expect(tour!.stops[0]!.start).toBe(1440 + 13 * 60);
    expect(tour!.departure).toBe(tour!.stops[0]!.start - tour!.stops[0]!.travelMinutes);
    expect(violations(problem, minutes, result)).toEqual([]);
  });

  it('serves the more valuable request when only one fits, and names the one left out', () => {
    const requests = [home('r1'), home('r2', { urgency: 'urgent' }), home('r3')];
    const { result } = plan({ requests, crews: [crew(monday, { maxStops: 1 })] });
    expect(result.tours[0]!.stops.map((s) => s.stopId)).toEqual(['r:r2']);
    expect(result.unplannedStopIds.sort()).toEqual(['r:r1', 'r:r3']);
  });

  it('gives the same plan for the same seed and iteration budget', () => {
    const week = syntheticWeek({ seed: 4, requests: 30 });
    const problem = buildProblem(week);
    const minutes = haversineMatrix(problem.points, travel);
    const a = solvePlanningProblem(problem, minutes, { seed: 9, maxIterations: 400 });
    const b = solvePlanningProblem(problem, minutes, { seed: 9, maxIterations: 400 });
    expect(b.tours).toEqual(a.tours);
  });

  it('plans a generated week of 40 requests without a violation, Sammeltermine included', () => {
    const week = syntheticWeek({ seed: 2, requests: 40 });
    const problem = buildProblem(week);
    const minutes = haversineMatrix(problem.points, travel);
    const result = solvePlanningProblem(problem, minutes, { seed: 1, maxIterations: 2000 });
    expect(violations(problem, minutes, result)).toEqual([]);
    const planned = result.tours.flatMap((t) => t.stops.map((s) => s.stopId));
    expect(new Set([...planned, ...result.unplannedStopIds])).toEqual(new Set(problem.stops.map((s) => s.id)));
    expect(problem.stops.some((s) => s.requestIds.length > 1)).toBe(true);
    expect(planned.length).toBeGreaterThan(problem.stops.length / 2);
  });
});
