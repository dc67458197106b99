// The solver's own model of a vehicle routing problem with time windows (VRPTW). Pure data, no
// units: the caller picks one time unit (minutes for home visits, tenths for Solomon instances) and
// uses integers in it, so every feasibility check is exact.

/** A customer (a stop to serve). */
export interface VrpCustomer {
  /** Index into the travel matrix. */
  location: number;
  /** Load the stop takes (Solomon demand; 0 for home visits). */
  demand: number;
  /** Service duration at the stop. */
  service: number;
  /** Start-of-service windows [start₀, end₀, start₁, end₁, …], sorted and disjoint. */
  windows: number[];
  /** Cost of leaving the stop unserved: larger than any travel it could save, so serving comes first. */
  penalty: number;
  /** Vehicles (indices) that may serve the stop; absent = all. */
  allowedVehicles?: number[];
}

/** A vehicle: one tour that starts and ends at a depot within its shift. */
export interface VrpVehicle {
  start: number;
  end: number;
  /** Earliest departure from the start depot. */
  earliest: number;
  /** Latest arrival at the end depot. */
  latest: number;
  capacity: number;
  maxStops: number;
}

export interface VrpProblem {
  /** Number of locations; travel is size × size, row-major: travel[from * size + to]. */
  size: number;
  /** Travel time between locations; also the cost that is minimised. */
  travel: ArrayLike<number>;
  customers: VrpCustomer[];
  vehicles: VrpVehicle[];
}

export interface VrpSolution {
  /** Customer indices per vehicle, in visiting order (routes[v] belongs to vehicles[v]). */
  routes: number[][];
  unassigned: number[];
  /** Total travel time of the routes. */
  travel: number;
  /** Sum of the penalties of the unassigned customers. */
  penalty: number;
}

export interface SolveOptions {
  seed?: number;
  /** Wall-clock budget. With maxIterations as well, whichever ends first. */
  timeLimitMs?: number;
  /**
   * Iteration budget. The cooling schedule follows iterations when this is set, so the result
   * depends only on the problem and the seed (deterministic); otherwise it follows the clock.
   */
  maxIterations?: number;
  /** Called with every new best solution (anytime: the caller always holds a valid plan). */
  onImprovement?: (best: VrpSolution, iteration: number) => void;
  /** Polled between iterations; true ends the search with the best solution so far. */
  shouldStop?: () => boolean;
  /** Simulated annealing start and end temperature, in travel units. */
  temperature?: { start: number; end: number };
}

export interface SolveResult {
  best: VrpSolution;
  iterations: number;
  elapsedMs: number;
}
