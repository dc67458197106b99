import { join } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import type { AppContext } from './context.ts';
import { migrateDatabase, openDatabase } from './db/database.ts';
import { createLogger } from './logger.ts';

/** Opens configuration, logger and database (migrated) for the server or a CLI command. */
export async function openAppContext(overrides: Partial<Config> = {}): Promise<AppContext> {
  const config = { ...loadConfig(), ...overrides };
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, 'pglite') });
  await migrateDatabase(database);
  return { config, database, logger, now: () => new Date() };
}
