import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { serve } from '../cli/serve.ts';
import { openAppContext } from '../platform/bootstrap.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { createProgress } from '../platform/progress.ts';
import { maxResidents, minResidents } from './generate/city.ts';
import { demoPersonas } from './generate/personas.ts';
import { defaultDemoResidents, defaultDemoSeed, demoAccounts, demoPassword, demoState, seedDemo } from './seed-demo.ts';

interface DemoOptions {
  residents: number;
  seed: number;
  serve: boolean;
  reset?: boolean;
}

function wholeNumber(label: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw.replace(/[_.,](?=\d{3}\b)/g, ''));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${label} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}, e.g. 20000.`);
    }
    return value;
  };
}

export function registerDemoCommand(program: Command): void {
  program.command('demo')
    .description('Seed the demo city (a synthetic Bochum) if it is not there yet, print the demo accounts and run the server.')
    .option('--residents <n>', `number of residents to generate (${minResidents}–${maxResidents.toLocaleString('en')})`, wholeNumber('--residents', minResidents, maxResidents), defaultDemoResidents)
    .option('--seed <n>', 'seed of the generator: the same seed gives the same city', wholeNumber('--seed', 0, 2 ** 32 - 1), defaultDemoSeed)
    .option('--no-serve', 'seed only, then exit')
    .option('--reset', 'delete the embedded demo database under DATA_DIR first and seed anew')
    .addHelpText('after', `
Without DATABASE_URL the data lives in an embedded database under DATA_DIR (default ./data).
A second run finds the city and starts at once; --residents and --seed apply only when seeding.

Examples:
  $ buergerkoffer demo
  $ buergerkoffer demo --residents 100000 --seed 7 --no-serve
  $ buergerkoffer demo --reset`)
    .action(async (options: DemoOptions) => {
      await runDemo(options);
    });
}

async function runDemo(options: DemoOptions): Promise<void> {
  const config = loadConfig();
  if (options.reset) resetDemoDatabase(config);
  const ctx = await openAppContext();
  // Per-batch logs of the writer would tear the progress bar apart; the server logs as configured.
  ctx.logger.level = process.env.LOG_LEVEL ? ctx.config.logLevel : 'warn';
  const out = process.stdout;
  try {
    const state = await demoState(ctx);
    if (state.seeded) {
      out.write(`Demo city Bochum found (${state.persons.toLocaleString('de-DE')} persons in the register); seeding skipped.\n` +
        'Use --reset to start again with a new city.\n');
    } else {
      await seed(ctx, options);
    }
    out.write(describeDemo(ctx.config));
  } catch (error) {
    await ctx.database.close();
    throw error;
  }
  if (!options.serve) {
    await ctx.database.close();
    return;
  }
  ctx.logger.level = ctx.config.logLevel;
  await serve(ctx);
}

async function seed(ctx: AppContext, options: DemoOptions): Promise<void> {
  process.stdout.write(`Seeding the demo city Bochum: ${options.residents.toLocaleString('de-DE')} residents, seed ${options.seed} …\n`);
  const progress = createProgress('Residents', options.residents);
  const result = await seedDemo(ctx, { residents: options.residents, seed: options.seed, onProgress: (done) => progress.update(done) });
  const seconds = (result.milliseconds / 1000).toFixed(1);
  progress.finish(`Seeded in ${seconds} s: ${result.persons.created.toLocaleString('de-DE')} persons created` +
    (result.persons.updated + result.persons.unchanged > 0 ? ` (${result.persons.updated + result.persons.unchanged} already there)` : '') +
    `, ${result.institutions} care homes, ${result.kits} kits, ${result.users} staff accounts, ${result.visitRequests} visit requests.`);
}

/** Deletes the embedded database only: a PostgreSQL database named by DATABASE_URL is never dropped from here. */
function resetDemoDatabase(config: Config): void {
  if (config.databaseUrl) {
    throw new AppError('DEMO_RESET_POSTGRES',
      '--reset deletes only the embedded demo database under DATA_DIR, but DATABASE_URL points at a PostgreSQL server. ' +
      'Drop and recreate that database yourself (e.g. dropdb/createdb), or unset DATABASE_URL to use the embedded one.');
  }
  const dir = join(config.dataDir, 'pglite');
  if (!existsSync(dir)) {
    process.stdout.write(`No demo database at ${dir} yet; nothing to reset.\n`);
    return;
  }
  process.stdout.write(`Deleting the demo database at ${dir} (all its data: residents, accounts, logs) …\n`);
  rmSync(dir, { recursive: true, force: true });
}

export function describeDemo(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${config.port}/`;
  const width = Math.max(...demoAccounts.map((a) => a.username.length));
  const lines = demoAccounts.map((a) => `  ${a.username.padEnd(width)}  ${a.label} (${a.displayName})`);
  return [
    '',
    'Demo accounts (all with the password below):',
    ...lines,
    `  Password: ${demoPassword}`,
    '',
    `Frau K. from the product story: ref ${demoPersonas.frauK}, Seniorenzentrum Am Stadtpark.`,
    `Office app: ${url}`,
    `API docs:   ${url}api/docs`,
    '',
  ].join('\n');
}
