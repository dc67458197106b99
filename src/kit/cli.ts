/**
 * `buergerkoffer kit`: the notebook side. `kit pair` sets a new notebook up with its Rathaus;
 * `kit` (no subcommand) serves the field UI on localhost with the kit's own database.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildServer } from '../platform/http/server.ts';
import { loadConfig } from '../platform/config.ts';
import { migrateDatabase, openDatabase } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { devicePortsFromConfig } from '../devices/from-config.ts';
import { kitLocalRoutes } from './local-routes.ts';
import { KitRuntime, pairKit, readKitIdentity } from './runtime.ts';

export const kitSyncIntervalMs = 15_000;

export function registerKitCommands(program: Command): void {
  const kit = program.command('kit')
    .description('Run the kit notebook: the field UI on localhost (default port 3100), its own embedded database under DATA_DIR/kit, sync with the Rathaus.')
    .option('--port <port>', 'port of the field UI', '3100')
    .action(async (options: { port: string }) => {
      await runKit(Number(options.port));
    });

  kit.command('pair')
    .description('Set this notebook up as one of the Rathaus\'s kits: makes its keys and asks to be paired; an admin approves it after comparing the fingerprint.')
    .requiredOption('--rathaus <url>', 'address of the Rathaus, e.g. https://buergerkoffer.bochum.de')
    .requiredOption('--kit <name>', 'name of the kit as the Rathaus knows it, e.g. "Koffer 1"')
    .action(async (options: { rathaus: string; kit: string }) => {
      const config = loadConfig();
      const identity = await pairKit(join(config.dataDir, 'kit'), options.rathaus, options.kit);
      process.stdout.write(`Pairing requested for kit "${identity.kitName}" at ${identity.rathausUrl}.\n` +
        `Fingerprint: ${identity.fingerprint}\nAn admin compares it under Ressourcen → Koffer and approves; then start "buergerkoffer kit".\n`);
    });
}

async function runKit(port: number): Promise<void> {
  const config = loadConfig();
  const dir = join(config.dataDir, 'kit');
  const identity = readKitIdentity(dir);
  if (!identity) throw new AppError('KIT_NOT_SET_UP', 'This notebook is not paired yet: run "buergerkoffer kit pair --rathaus <url> --kit <name>" first.', 409);
  const logger = createLogger(config.logLevel);
  // On disk only the vault (keys, numbers, encrypted packages, sealed outbox); the register rows
  // and the cases live in memory and are rebuilt from the vault at the first login.
  const vault = await openDatabase({ pgliteDir: join(dir, 'vault') });
  await migrateDatabase(vault);
  const database = await openDatabase({});
  await migrateDatabase(database);
  const base: AppContext = { config: { ...config, port, host: '127.0.0.1' }, database, logger, now: () => new Date(), devices: devicePortsFromConfig(config) };
  const runtime = new KitRuntime(base, identity, { dir, vault });
  const ctx: AppContext = { ...base, ...runtime.ports() };
  const app = await buildServer(ctx, { extraRoutes: [kitLocalRoutes(runtime)] });
  await runtime.refreshPairing().catch((error: unknown) => logger.warn({ err: error }, 'Rathaus not reachable at start; working offline'));
  // Every 15 s: lock when nobody is signed in any more (the data key and the in-memory data go), else sync.
  const timer = setInterval(() => void runtime.lockWhenIdle().then((locked) => (locked ? null : runtime.syncNow())), kitSyncIntervalMs);
  const shutdown = async () => {
    clearInterval(timer);
    await app.close();
    await database.close();
    await vault.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write(`Kit "${identity.kitName}" ready at http://127.0.0.1:${port} (Rathaus ${identity.rathausUrl}).\n`);
}
