// Worker-thread entry of solveInWorker: solves the week it was given and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanningProblem } from './build-problem.ts';
import type { WorkerSolveOptions } from './solve-in-worker.ts';
import { solvePlanningProblem } from './solve-plan.ts';

const { problem, minutes, options } = workerData as { problem: PlanningProblem; minutes: number[][]; options: WorkerSolveOptions };
parentPort!.postMessage(solvePlanningProblem(problem, minutes, options));
