// Tour planner benchmark: `npm run bench:planner -- [--time-limit S] [--seed N] [--week-iterations N]`.
// 1. Every Solomon instance in ../shared/data/solomon/: the solver's plan under the time limit,
//    checked by the independent checker, its gap to bks.csv (DIMACS distances), routes and time,
//    against a baseline measured in the same run: the greedy insertion the search starts from.
// 2. Generated home-visit weeks of 20, 40 and 60 requests (two kits, five days): plan time and
//    quality with the planner's default budget against the best plan found with 10× that budget.
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildProblem } from '../src/planning/build-problem.ts';
import { defaultPlanIterations } from '../src/planning/plan-budget.ts';
import { solvePlanningProblem } from '../src/planning/solve-plan.ts';
import { checkSolomonSolution } from '../src/planning/solomon/check.ts';
import { parseSolomon } from '../src/planning/solomon/read.ts';
import { solveSolomon } from '../src/planning/solomon/solve.ts';
import { syntheticWeek } from '../src/planning/testing.ts';
import { haversineMatrix } from '../src/planning/travel.ts';

const { values: args } = parseArgs({
  options: {
    'time-limit': { type: 'string', default: '1.9' },
    seed: { type: 'string', default: '1' },
    'week-iterations': { type: 'string' },
  },
});
const timeLimitMs = Number(args['time-limit']) * 1000;
const seed = Number(args.seed);
const dataDir = new URL('../../shared/data/solomon/', import.meta.url);
const bks = new Map(readFileSync(new URL('bks.csv', dataDir), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => {
  const [name, routes, distance] = line.split(',');
  return [name!, { routes: Number(routes), distance: Number(distance) }];
}));
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

console.log(`Solomon VRPTW, ${timeLimitMs / 1000} s per instance, seed ${seed}, one thread (Node ${process.version})`);
console.log('instance  BKS       dist      gap      routes(BKS)  time    iters   valid | baseline greedy: dist  gap');
const gaps: number[] = [];
const baselineGaps: number[] = [];
let allValid = true;
let slowest = 0;
for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort()) {
  const started = performance.now();
  const instance = parseSolomon(readFileSync(new URL(file, dataDir), 'utf8'));
  const result = solveSolomon(instance, { seed, timeLimitMs: timeLimitMs - (performance.now() - started) });
  const elapsed = performance.now() - started;
  const check = checkSolomonSolution(instance, result.routes);
  const greedy = solveSolomon(instance, { seed, maxIterations: 0 });
  const greedyCheck = checkSolomonSolution(instance, greedy.routes);
  const best = bks.get(instance.name)!;
  const gap = (check.distance - best.distance) / best.distance;
  const baselineGap = (greedyCheck.distance - best.distance) / best.distance;
  gaps.push(gap);
  baselineGaps.push(baselineGap);
  allValid &&= check.valid;
  slowest = Math.max(slowest, elapsed);
  console.log(`${instance.name.padEnd(9)} ${best.distance.toFixed(1).padEnd(9)} ${check.distance.toFixed(1).padEnd(9)} ${pct(gap).padStart(7)}  ` +
    `${String(check.vehicles).padStart(3)} (${String(best.routes).padStart(2)})     ${(elapsed / 1000).toFixed(2)} s  ${String(result.iterations).padStart(6)}  ` +
    `${check.valid ? "yes" : `NO: ${check.errors[0]}`}   |  ${greedyCheck.distance.toFixed(1).padStart(8)}  ${pct(baselineGap).padStart(7)}${greedyCheck.valid ? "" : ` (invalid: ${greedyCheck.errors[0]})`}`);
}
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const meanGap = mean(gaps);
const worstGap = Math.max(...gaps);
console.log(`mean gap ${pct(meanGap)} (baseline ${pct(mean(baselineGaps))}), worst ${pct(worstGap)}, slowest ${(slowest / 1000).toFixed(2)} s, ` +
  `all valid: ${allValid ? 'yes' : 'NO'}`);
const solomonOk = allValid && meanGap <= 0.03 && worstGap <= 0.08 && slowest <= 2000;
console.log(`targets (valid, mean ≤ 3 %, worst ≤ 8 %, ≤ 2 s): ${solomonOk ? 'met' : 'MISSED'}\n`);

console.log('Home-visit weeks (2 kits × 5 days, max 6 stops per tour, haversine × 1.3 at 30 km/h)');
console.log('requests  stops  budget   time     planned  travel   | 10× budget: time   planned  travel   | quality gap');
let weeksOk = true;
for (const requests of [20, 40, 60]) {
  const problem = buildProblem(syntheticWeek({ seed, requests }));
  const minutes = haversineMatrix(problem.points, { speedKmh: 30, detourFactor: 1.3 });
  const iterations = args['week-iterations'] ? Number(args['week-iterations']) : defaultPlanIterations(problem.stops.length);
  const quick = solvePlanningProblem(problem, minutes, { seed, maxIterations: iterations });
  const long = solvePlanningProblem(problem, minutes, { seed, maxIterations: iterations * 10 });
  const planned = (r: typeof quick): number => r.tours.reduce((n, t) => n + t.stops.length, 0);
  // Lexicographic objective: served value first, then travel. The gap compares travel when both serve the same.
  const sameService = Math.abs(quick.servedValue - long.servedValue) < 1e-9;
  const gap = sameService ? (quick.travelMinutes - long.travelMinutes) / long.travelMinutes : Number.NaN;
  const ok = quick.servedValue >= long.servedValue - 1e-9 && (!sameService || gap <= 0.01);
  weeksOk &&= ok;
  console.log(`${String(requests).padStart(8)}  ${String(problem.stops.length).padStart(5)}  ${String(iterations).padStart(6)}  ` +
    `${(quick.elapsedMs / 1000).toFixed(2)} s  ${String(planned(quick)).padStart(7)}  ${String(quick.travelMinutes).padStart(6)} min | ` +
    `${(long.elapsedMs / 1000).toFixed(2)} s  ${String(planned(long)).padStart(7)}  ${String(long.travelMinutes).padStart(6)} min | ` +
    `${sameService ? pct(gap) : quick.servedValue > long.servedValue ? 'serves more' : 'SERVES LESS'}`);
}
console.log(`target (default plan within 1 % of the 10× plan): ${weeksOk ? 'met' : 'MISSED'}`);
process.exitCode = solomonOk && weeksOk ? 0 : 1;
