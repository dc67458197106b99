// Solomon instances through the planner's solver: times and distances in integer tenths, so the
// DIMACS convention (floor(10 · euclidean) / 10 per arc) is kept exactly.
import type { SolveOptions, VrpProblem } from '../solver/model.ts';
import { solveVrptw } from '../solver/solver.ts';
import { dimacsTenths, type SolomonInstance } from './read.ts';

export interface SolomonResult {
  vehicles: number;
  distance: number;
  /** Customer ids per used route. */
  routes: number[][];
  unserved: number[];
  iterations: number;
  elapsedMs: number;
}

/** Leaving a customer out costs more than any plan's whole distance. */
const UNSERVED_PENALTY = 1e9;

export function solomonProblem(instance: SolomonInstance): VrpProblem {
  const points = [instance.depot, ...instance.customers];
  const size = points.length;
  const travel = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) for (let j = 0; j < size; j += 1) travel[i * size + j] = dimacsTenths(points[i]!, points[j]!);
  return {
    size, travel,
    customers: instance.customers.map((c, i) => ({
      location: i + 1, demand: c.demand, service: c.service * 10, windows: [c.ready * 10, c.due * 10], penalty: UNSERVED_PENALTY,
    })),
    vehicles: Array.from({ length: instance.vehicles }, () => ({
      start: 0, end: 0, earliest: instance.depot.ready * 10, latest: instance.depot.due * 10,
      capacity: instance.capacity, maxStops: Number.POSITIVE_INFINITY,
    })),
  };
}

export function solveSolomon(instance: SolomonInstance, options: SolveOptions): SolomonResult {
  // The paper's temperatures (100 → 1) are in distance units; here they are tenths.
  const { best, iterations, elapsedMs } = solveVrptw(solomonProblem(instance), { temperature: { start: 1000, end: 10 }, ...options });
  const routes = best.routes.filter((r) => r.length > 0).map((r) => r.map((c) => instance.customers[c]!.id));
  return {
    vehicles: routes.length, distance: best.travel / 10, routes,
    unserved: best.unassigned.map((c) => instance.customers[c]!.id), iterations, elapsedMs,
  };
}
