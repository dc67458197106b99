// Runs the solver on a week's planning problem (pure): stops and crews in, tours with their times
// and the stops left out (with the reason the dispatcher sees) back.
import type { PlanningProblem, Span } from './build-problem.ts';
import type { SolveOptions, VrpProblem } from './solver/model.ts';
import { solveVrptw } from './solver/solver.ts';

/**
 * Minutes a unit of request value is worth: more than any week's travel, so serving comes first
 * and travel time only decides between plans that serve the same.
 */
const PENALTY_PER_VALUE = 1e6;

export interface PlannedStop {
  stopId: string;
  /** Minutes since the week's Monday 00:00 (Berlin wall clock), like the problem's times. */
  arrival: number;
  start: number;
  end: number;
  travelMinutes: number;
}

export interface PlannedTour {
  vehicleId: string;
  departure: number;
  returnAt: number;
  travelMinutes: number;
  stops: PlannedStop[];
}

export interface PlanResult {
  tours: PlannedTour[];
  /** Stops the solver could not fit (capacity, windows, stop limits); left-out requests of the problem come on top. */
  unplannedStopIds: string[];
  travelMinutes: number;
  /** Sum of the values of the planned stops. */
  servedValue: number;
  iterations: number;
  elapsedMs: number;
}

/** Merges overlapping windows into a sorted, disjoint list [start₀, end₀, …]. */
export function flattenWindows(spans: Span[]): number[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged.flatMap((s) => [s.start, s.end]);
}

export function toVrpProblem(problem: PlanningProblem, minutes: number[][]): VrpProblem {
  const size = problem.points.length;
  if (minutes.length !== size) throw new RangeError(`travel matrix has ${minutes.length} rows for ${size} points`);
  const travel = new Float64Array(size * size);
  minutes.forEach((row, i) => row.forEach((m, j) => { travel[i * size + j] = Math.ceil(m); }));
  const vehicleIndex = new Map(problem.vehicles.map((v, i) => [v.id, i]));
  return {
    size, travel,
    customers: problem.stops.map((s) => ({
      location: s.location, demand: 0, service: s.serviceMinutes, windows: flattenWindows(s.windows),
      penalty: s.value * PENALTY_PER_VALUE,
      allowedVehicles: s.allowedVehicles.map((id) => vehicleIndex.get(id)).filter((i): i is number => i !== undefined),
    })),
    vehicles: problem.vehicles.map((v) => ({
      start: v.depot, end: v.depot, earliest: v.shift.start, latest: v.shift.end, capacity: Number.POSITIVE_INFINITY, maxStops: v.maxStops,
    })),
  };
}

/** Times of a tour: services as early as their windows allow, departure as late as keeps them. */
function schedule(vrp: VrpProblem, vehicle: number, route: number[]): Omit<PlannedTour, 'vehicleId' | 'stops'> & { stops: Omit<PlannedStop, 'stopId'>[] } {
  const v = vrp.vehicles[vehicle]!;
  const leg = (a: number, b: number): number => vrp.travel[a * vrp.size + b]!;
  const stops: Omit<PlannedStop, 'stopId'>[] = [];
  let time = v.earliest;
  let at = v.start;
  let travelMinutes = 0;
  for (const c of route) {
    const customer = vrp.customers[c]!;
    const travel = leg(at, customer.location);
    const arrival = time + travel;
    let start = arrival;
    for (let i = 0; i < customer.windows.length; i += 2) {
      if (arrival <= customer.windows[i + 1]!) { start = Math.max(arrival, customer.windows[i]!); break; }
    }
    stops.push({ arrival, start, end: start + customer.service, travelMinutes: travel });
    travelMinutes += travel;
    time = start + customer.service;
    at = customer.location;
  }
  const back = leg(at, v.end);
  travelMinutes += back;
  const first = stops[0];
  const departure = first ? first.start - first.travelMinutes : v.earliest;
  if (first) first.arrival = first.start;
  return { departure, returnAt: time + back, travelMinutes, stops };
}

export function solvePlanningProblem(problem: PlanningProblem, minutes: number[][], options: SolveOptions = {}): PlanResult {
  const vrp = toVrpProblem(problem, minutes);
  const { best, iterations, elapsedMs } = solveVrptw(vrp, options);
  const tours: PlannedTour[] = [];
  let servedValue = 0;
  best.routes.forEach((route, v) => {
    if (route.length === 0) return;
    const times = schedule(vrp, v, route);
    tours.push({
      vehicleId: problem.vehicles[v]!.id, departure: times.departure, returnAt: times.returnAt, travelMinutes: times.travelMinutes,
      stops: times.stops.map((t, i) => ({ stopId: problem.stops[route[i]!]!.id, ...t })),
    });
    for (const c of route) servedValue += problem.stops[c]!.value;
  });
  return {
    tours, unplannedStopIds: best.unassigned.map((c) => problem.stops[c]!.id),
    travelMinutes: best.travel, servedValue, iterations, elapsedMs,
  };
}
