import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { checkSolomonSolution } from './solomon/check.ts';
import { parseSolomon, SolomonFormatError, type SolomonInstance } from './solomon/read.ts';
import { AppError } from '../platform/errors.ts';
import { solveSolomon } from './solomon/solve.ts';

function positiveNumber(label: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${label} must be a positive number, e.g. 2.`);
    return value;
  };
}

function seedNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('--seed must be a whole number ≥ 0, e.g. 1.');
  return value;
}

function readInstance(file: string): SolomonInstance {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('instance_unreadable', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give the path of a Solomon instance, e.g. ../shared/data/solomon/C101.txt.`);
  }
  try {
    return parseSolomon(text);
  } catch (error) {
    if (error instanceof SolomonFormatError) throw new AppError('instance_invalid', `${file}: ${error.message}`);
    throw error;
  }
}

export function registerPlanningCommands(program: Command): void {
  program.command('plan')
    .description('Run the tour planner. With --solomon: solve a Solomon VRPTW instance (DIMACS distances) and print the plan.')
    .requiredOption('--solomon <file>', 'Solomon VRPTW instance (text format, see ../shared/data/README.md)')
    .option('--time-limit <seconds>', 'time budget', positiveNumber('--time-limit'), 2)
    .option('--seed <n>', 'random seed; the same seed and --iterations give the same plan', seedNumber, 1)
    .option('--iterations <n>', 'iteration budget instead of the clock (deterministic)', positiveNumber('--iterations'))
    .option('--json', 'print { vehicles, distance, routes } as JSON')
    .action((options: { solomon: string; timeLimit: number; seed: number; iterations?: number; json?: boolean }) => {
      const started = performance.now();
      const instance = readInstance(options.solomon);
      // The budget counts from the start of the command, reading the file included.
      const timeLimitMs = options.timeLimit * 1000 - (performance.now() - started);
      const result = solveSolomon(instance, {
        seed: options.seed, timeLimitMs, ...(options.iterations ? { maxIterations: Math.floor(options.iterations) } : {}),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ vehicles: result.vehicles, distance: result.distance, routes: result.routes })}\n`);
      } else {
        const check = checkSolomonSolution(instance, result.routes);
        process.stdout.write(`${instance.name}: ${result.vehicles} routes, distance ${result.distance.toFixed(1)}, ` +
          `${result.iterations} iterations in ${(result.elapsedMs / 1000).toFixed(2)} s, ${check.valid ? 'valid' : `INVALID: ${check.errors.join('; ')}`}\n`);
        result.routes.forEach((r, i) => process.stdout.write(`  ${String(i + 1).padStart(2)}: ${r.join(' ')}\n`));
      }
      if (result.unserved.length > 0) {
        process.stderr.write(`Warning: customers ${result.unserved.join(', ')} fit in no route within the vehicles of the instance.\n`);
        process.exitCode = 3;
      }
    });
}
