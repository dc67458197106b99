// How long the planner searches a week by default. An iteration budget, not a clock: the same
// requests and seed give the same plan on every machine; the time limit only caps slow machines.
export function defaultPlanIterations(stops: number): number {
  return Math.max(5000, 2000 * stops);
}
export const defaultPlanTimeLimitMs = 10_000;
