// VRPTW solver: Slack Induction by String Removals (Christiaens & Vanden Berghe, Transportation
// Science 2020) under simulated annealing. Each iteration removes a few strings of neighbouring
// stops from nearby tours and reinserts them greedily with "blinks"; the annealing accepts
// slightly worse plans early on to escape local optima. Every solution the search holds is
// feasible (windows, shifts, capacity, stop limits), so the best one so far is a valid plan at
// any moment; stops that fit nowhere stay unassigned at their penalty.
import type { SolveOptions, SolveResult, VrpProblem, VrpSolution } from './model.ts';
import { createRandom, type Random } from './random.ts';

const INF = Number.POSITIVE_INFINITY;

/** SISR parameters from the paper (average removed customers, maximum string length, split rate and depth, blink rate). */
const AVERAGE_REMOVED = 10;
const MAX_STRING_LENGTH = 10;
const SPLIT_RATE = 0.5;
const SPLIT_DEPTH = 0.01;
const BLINK_RATE = 0.01;
const DEFAULT_TEMPERATURE = { start: 100, end: 1 };
/**
 * A cost per used tour that fades out over the first part of the search. It is not part of the
 * objective (the best plan is judged without it); it pushes the early search towards fewer, fuller
 * tours, from where plans with long tours (few vehicles, wide windows) are reachable at all.
 */
const TOUR_COST_FADE = 0.5;

/** Earliest service start at or after t inside the windows, or Infinity. */
export function earliestStart(windows: number[], t: number): number {
  for (let i = 0; i < windows.length; i += 2) {
    if (t <= windows[i + 1]!) return t < windows[i]! ? windows[i]! : t;
  }
  return INF;
}

/** Latest service start at or before t inside the windows, or -Infinity. */
export function latestStart(windows: number[], t: number): number {
  for (let i = windows.length - 2; i >= 0; i -= 2) {
    if (t >= windows[i]!) return t > windows[i + 1]! ? windows[i + 1]! : t;
  }
  return -INF;
}

/** The problem in flat arrays, with neighbour lists. */
interface Instance {
  size: number;
  travel: Float64Array;
  n: number;
  location: Int32Array;
  demand: Float64Array;
  service: Float64Array;
  windows: number[][];
  lastEnd: Float64Array;
  penalty: Float64Array;
  /** allowed[v * n + c] = 1 when vehicle v may serve customer c. */
  allowed: Uint8Array;
  vehicles: VrpProblem['vehicles'];
  /** Vehicles with the same depots, shift, capacity and stop limit share a class: one empty one is enough to try. */
  vehicleClass: Int32Array;
  classCount: number;
  neighbours: Int32Array[];
  /** Distance from the nearest start depot, for the "far" and "close" insertion orders. */
  depotDistance: Float64Array;
}

function prepare(problem: VrpProblem): Instance {
  const { size, customers, vehicles } = problem;
  const n = customers.length;
  const travel = Float64Array.from(problem.travel as ArrayLike<number>);
  if (travel.length !== size * size) throw new RangeError(`travel has ${travel.length} entries, expected ${size}×${size}`);
  const location = Int32Array.from(customers, (c) => c.location);
  const allowed = new Uint8Array(vehicles.length * n);
  customers.forEach((c, ci) => {
    if (!c.allowedVehicles) for (let v = 0; v < vehicles.length; v += 1) allowed[v * n + ci] = 1;
    else for (const v of c.allowedVehicles) allowed[v * n + ci] = 1;
  });
  const classKeys = new Map<string, number>();
  const vehicleClass = Int32Array.from(vehicles, (v) => {
    const key = `${v.start}:${v.end}:${v.earliest}:${v.latest}:${v.capacity}:${v.maxStops}`;
    if (!classKeys.has(key)) classKeys.set(key, classKeys.size);
    return classKeys.get(key)!;
  });
  const distance = (a: number, b: number): number => Math.min(travel[a * size + b]!, travel[b * size + a]!);
  const neighbours = customers.map((c, ci) => Int32Array.from(
    customers.map((_, j) => j).filter((j) => j !== ci)
      .sort((a, b) => distance(c.location, location[a]!) - distance(c.location, location[b]!) || a - b),
  ));
  const depots = [...new Set(vehicles.map((v) => v.start))];
  return {
    size, travel, n, location,
    demand: Float64Array.from(customers, (c) => c.demand),
    service: Float64Array.from(customers, (c) => c.service),
    windows: customers.map((c) => c.windows),
    lastEnd: Float64Array.from(customers, (c) => (c.windows.length ? c.windows[c.windows.length - 1]! : -INF)),
    penalty: Float64Array.from(customers, (c) => c.penalty),
    allowed, vehicles, vehicleClass, classCount: classKeys.size, neighbours,
    depotDistance: Float64Array.from(customers, (c) => Math.min(...depots.map((d) => distance(d, c.location)))),
  };
}

/** One tour with its schedule: earliest[p] and latest[p] are service starts at position p (0 = start depot, k + 1 = end depot). */
interface Route {
  vehicle: number;
  stops: number[];
  earliest: number[];
  latest: number[];
  load: number;
  travel: number;
  /** The solution generation that owns this route; older ones are shared and copied before a change. */
  generation: number;
}

interface Solution {
  routes: Route[];
  unassigned: number[];
  routeOf: Int32Array;
  positionOf: Int32Array;
  travel: number;
  penalty: number;
  generation: number;
}

function total(s: { travel: number; penalty: number }): number {
  return s.travel + s.penalty;
}

function usedTours(s: Solution): number {
  let used = 0;
  for (const r of s.routes) if (r.stops.length > 0) used += 1;
  return used;
}

/**
 * Recomputes a route's schedule. Returns the index (in stops) of the first stop that is no longer
 * feasible (possible after a removal when travel times break the triangle inequality), or -1.
 */
function refresh(inst: Instance, route: Route, solution: Solution): number {
  const { travel, size, location, service, windows } = inst;
  const vehicle = inst.vehicles[route.vehicle]!;
  const stops = route.stops;
  const k = stops.length;
  const earliest = route.earliest;
  const latest = route.latest;
  earliest.length = k + 2;
  latest.length = k + 2;
  let time = vehicle.earliest;
  let previous = vehicle.start;
  let previousService = 0;
  let distance = 0;
  let load = 0;
  earliest[0] = time;
  for (let p = 0; p < k; p += 1) {
    const c = stops[p]!;
    const leg = travel[previous * size + location[c]!]!;
    const start = earliestStart(windows[c]!, time + previousService + leg);
    if (start === INF) return p;
    distance += leg;
    time = start;
    earliest[p + 1] = start;
    previous = location[c]!;
    previousService = service[c]!;
    load += inst.demand[c]!;
    solution.routeOf[c] = route.vehicle;
    solution.positionOf[c] = p;
  }
  const back = travel[previous * size + vehicle.end]!;
  const arrival = time + previousService + back;
  if (arrival > vehicle.latest) return k - 1;
  if (load > vehicle.capacity) return k - 1;
  distance += back;
  earliest[k + 1] = arrival;
  latest[k + 1] = vehicle.latest;
  let next = vehicle.end;
  for (let p = k - 1; p >= 0; p -= 1) {
    const c = stops[p]!;
    latest[p + 1] = latestStart(windows[c]!, latest[p + 2]! - service[c]! - travel[location[c]! * size + next]!);
    next = location[c]!;
  }
  latest[0] = k === 0 ? vehicle.latest - travel[vehicle.start * size + vehicle.end]! : latest[1]! - travel[vehicle.start * size + next]!;
  route.load = load;
  route.travel = distance;
  return -1;
}

function ownRoute(solution: Solution, v: number): Route {
  const route = solution.routes[v]!;
  if (route.generation === solution.generation) return route;
  const own: Route = {
    vehicle: v, stops: route.stops.slice(), earliest: route.earliest.slice(), latest: route.latest.slice(),
    load: route.load, travel: route.travel, generation: solution.generation,
  };
  solution.routes[v] = own;
  return own;
}

function derive(solution: Solution, generation: number): Solution {
  return {
    routes: solution.routes.slice(), unassigned: solution.unassigned.slice(),
    routeOf: solution.routeOf.slice(), positionOf: solution.positionOf.slice(),
    travel: solution.travel, penalty: solution.penalty, generation,
  };
}

/** Refreshes a changed route; stops that became infeasible go back to the pool. */
function settle(inst: Instance, solution: Solution, route: Route, pool: number[]): void {
  for (;;) {
    const broken = refresh(inst, route, solution);
    if (broken < 0) return;
    const [c] = route.stops.splice(broken, 1);
    solution.routeOf[c!] = -1;
    pool.push(c!);
  }
}

function retotal(inst: Instance, solution: Solution): void {
  let distance = 0;
  for (const r of solution.routes) distance += r.travel;
  let penalty = 0;
  for (const c of solution.unassigned) penalty += inst.penalty[c]!;
  solution.travel = distance;
  solution.penalty = penalty;
}

/** Removes strings of neighbouring stops from a few tours around a random seed stop (SISR ruin). */
function ruin(inst: Instance, solution: Solution, random: Random): number[] {
  let served = 0;
  let used = 0;
  for (const r of solution.routes) if (r.stops.length > 0) { served += r.stops.length; used += 1; }
  if (served === 0) return [];
  const maxLength = Math.min(MAX_STRING_LENGTH, served / used);
  const maxStrings = (4 * AVERAGE_REMOVED) / (1 + maxLength) - 1;
  const strings = Math.floor(random.next() * maxStrings) + 1;
  let seed = random.int(inst.n);
  while (solution.routeOf[seed]! < 0) seed = random.int(inst.n);

  const removed: number[] = [];
  const ruined: number[] = [];
  const visit = (c: number): boolean => {
    const v = solution.routeOf[c]!;
    if (v < 0 || ruined.includes(v)) return false;
    const route = ownRoute(solution, v);
    const size = route.stops.length;
    const length = Math.floor(random.next() * Math.min(size, maxLength)) + 1;
    const at = solution.positionOf[c]!;
    if (length === size || random.next() >= SPLIT_RATE) {
      const first = randomStart(at, length, size, random);
      removed.push(...route.stops.splice(first, length));
    } else {
      // Split string: remove `length` stops from a longer string, keeping `kept` consecutive ones in it.
      let kept = 1;
      while (kept < size - length && random.next() >= SPLIT_DEPTH) kept += 1;
      const span = length + kept;
      const first = randomStart(at, span, size, random);
      const keepFrom = first + random.int(length + 1);
      const taken: number[] = [];
      const rest: number[] = [];
      for (let p = first; p < first + span; p += 1) (p >= keepFrom && p < keepFrom + kept ? rest : taken).push(route.stops[p]!);
      route.stops.splice(first, span, ...rest);
      removed.push(...taken);
    }
    ruined.push(v);
    return ruined.length >= strings;
  };
  if (!visit(seed)) {
    for (const c of inst.neighbours[seed]!) if (visit(c)) break;
  }
  for (const c of removed) solution.routeOf[c] = -1;
  for (const v of ruined) settle(inst, solution, solution.routes[v]!, removed);
  return removed;
}

/** A uniformly random start of a string of `length` stops that contains position `at` of a route of `size`. */
function randomStart(at: number, length: number, size: number, random: Random): number {
  const low = Math.max(0, at - length + 1);
  const high = Math.min(at, size - length);
  return low + random.int(high - low + 1);
}

type Order = (a: number, b: number) => number;

function insertionOrder(inst: Instance, random: Random): Order | null {
  const roll = random.int(13);
  if (roll < 4) return null; // random order
  if (roll < 8) return (a, b) => inst.demand[b]! - inst.demand[a]!;
  if (roll < 10) return (a, b) => inst.depotDistance[b]! - inst.depotDistance[a]!;
  if (roll < 11) return (a, b) => inst.depotDistance[a]! - inst.depotDistance[b]!;
  // Tightest windows first: they have the fewest places to go.
  return (a, b) => windowWidth(inst, a) - windowWidth(inst, b);
}

function windowWidth(inst: Instance, c: number): number {
  const w = inst.windows[c]!;
  let width = 0;
  for (let i = 0; i < w.length; i += 2) width += w[i + 1]! - w[i]!;
  return width;
}

function shuffle(items: number[], random: Random): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}

/** Greedy insertion with blinks (SISR recreate): each stop goes where it adds the least travel. */
function recreate(
  inst: Instance, solution: Solution, pool: number[], random: Random, emptyTried: Int32Array, stamp: { value: number }, tourCost: number,
): void {
  shuffle(pool, random);
  const order = insertionOrder(inst, random);
  if (order) pool.sort(order);
  const { travel, size, location, service, windows, vehicles, n } = inst;
  for (let i = 0; i < pool.length; i += 1) {
    const c = pool[i]!;
    const lc = location[c]!;
    const cWindows = windows[c]!;
    const lastEnd = inst.lastEnd[c]!;
    const serviceC = service[c]!;
    stamp.value += 1;
    let bestDelta = INF;
    let bestVehicle = -1;
    let bestGap = -1;
    for (let v = 0; v < vehicles.length; v += 1) {
      if (inst.allowed[v * n + c] === 0) continue;
      const vehicle = vehicles[v]!;
      const route = solution.routes[v]!;
      const k = route.stops.length;
      if (k >= vehicle.maxStops || route.load + inst.demand[c]! > vehicle.capacity) continue;
      if (k === 0) {
        const cls = inst.vehicleClass[v]!;
        if (emptyTried[cls] === stamp.value) continue;
        emptyTried[cls] = stamp.value;
      }
      const { stops, earliest, latest } = route;
      let previous = vehicle.start;
      let previousService = 0;
      for (let p = 0; p <= k; p += 1) {
        const departure = earliest[p]! + previousService;
        if (departure > lastEnd) break;
        const next = p === k ? vehicle.end : location[stops[p]!]!;
        if (random.next() >= BLINK_RATE) {
          const toC = travel[previous * size + lc]!;
          const start = earliestStart(cWindows, departure + toC);
          if (start !== INF) {
            const fromC = travel[lc * size + next]!;
            if (start + serviceC + fromC <= latest[p + 1]!) {
              const delta = toC + fromC - travel[previous * size + next]! + (k === 0 ? tourCost : 0);
              if (delta < bestDelta) { bestDelta = delta; bestVehicle = v; bestGap = p; }
            }
          }
        }
        if (p < k) { previous = next; previousService = service[stops[p]!]!; }
      }
    }
    if (bestVehicle < 0) {
      solution.unassigned.push(c);
      continue;
    }
    const route = ownRoute(solution, bestVehicle);
    route.stops.splice(bestGap, 0, c);
    refresh(inst, route, solution);
  }
}

function snapshot(inst: Instance, s: Solution): VrpSolution {
  return {
    routes: s.routes.map((r) => r.stops.slice()),
    unassigned: s.unassigned.slice().sort((a, b) => a - b),
    travel: s.travel,
    penalty: s.penalty,
  };
}

/** Solves the problem; see SolveOptions for budget and determinism. */
export function solveVrptw(problem: VrpProblem, options: SolveOptions = {}): SolveResult {
  const started = performance.now();
  const inst = prepare(problem);
  const random = createRandom(options.seed ?? 1);
  const { start: t0, end: t1 } = options.temperature ?? DEFAULT_TEMPERATURE;
  const maxIterations = options.maxIterations ?? INF;
  const timeLimit = options.timeLimitMs ?? (options.maxIterations === undefined ? 1000 : INF);
  const emptyTried = new Int32Array(Math.max(1, inst.classCount));
  const stamp = { value: 0 };

  let generation = 0;
  const empty: Solution = {
    routes: inst.vehicles.map((_, v) => ({ vehicle: v, stops: [], earliest: [], latest: [], load: 0, travel: 0, generation: 0 })),
    unassigned: [], routeOf: new Int32Array(inst.n).fill(-1), positionOf: new Int32Array(inst.n).fill(-1),
    travel: 0, penalty: 0, generation: 0,
  };
  for (const r of empty.routes) refresh(inst, r, empty);
  const all = Array.from({ length: inst.n }, (_, c) => c);
  let depotTrips = 0;
  for (let c = 0; c < inst.n; c += 1) depotTrips += 2 * inst.depotDistance[c]!;
  const tourCostStart = inst.n > 0 ? depotTrips / inst.n : 0;
  recreate(inst, empty, all, random, emptyTried, stamp, tourCostStart);
  retotal(inst, empty);
  let current = empty;
  let best = current;
  options.onImprovement?.(snapshot(inst, best), 0);

  let iteration = 0;
  for (;;) {
    const elapsed = performance.now() - started;
    if (iteration >= maxIterations || elapsed >= timeLimit || options.shouldStop?.()) break;
    const progress = Number.isFinite(maxIterations) ? iteration / maxIterations : elapsed / timeLimit;
    const temperature = t0 * (t1 / t0) ** progress;
    const tourCost = tourCostStart * Math.max(0, 1 - progress / TOUR_COST_FADE);
    iteration += 1;
    generation += 1;
    const candidate = derive(current, generation);
    const pool = ruin(inst, candidate, random);
    // Stops left out before get another chance with every iteration.
    pool.push(...candidate.unassigned);
    candidate.unassigned = [];
    recreate(inst, candidate, pool, random, emptyTried, stamp, tourCost);
    retotal(inst, candidate);
    const candidateCost = total(candidate) + tourCost * usedTours(candidate);
    const currentCost = total(current) + tourCost * usedTours(current);
    if (candidateCost < currentCost - temperature * Math.log(random.next())) {
      current = candidate;
      if (total(current) < total(best)) {
        best = current;
        options.onImprovement?.(snapshot(inst, best), iteration);
      }
    }
  }
  return { best: snapshot(inst, best), iterations: iteration, elapsedMs: performance.now() - started };
}
