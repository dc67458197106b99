// Runs the solver in a worker thread, so the server keeps answering while a week is planned.
import { Worker } from 'node:worker_threads';
import type { PlanningProblem } from './build-problem.ts';
import type { SolveOptions } from './solver/model.ts';
import type { PlanResult } from './solve-plan.ts';

export type WorkerSolveOptions = Pick<SolveOptions, 'seed' | 'maxIterations' | 'timeLimitMs'>;

export function solveInWorker(problem: PlanningProblem, minutes: number[][], options: WorkerSolveOptions): Promise<PlanResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./solver-worker.ts', import.meta.url), { workerData: { problem, minutes, options } });
    worker.once('message', (result: PlanResult) => { resolve(result); void worker.terminate(); });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`the planner's worker stopped with exit code ${code}`)); });
  });
}
