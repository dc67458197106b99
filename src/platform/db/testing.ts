import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateDatabase, migrationsFolder, openDatabase, type Database } from './database.ts';
import { ensureMunicipality, type Municipality } from '../tenancy/municipalities.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or — when
 * BK_TEST_DATABASE_URL points at a PostgreSQL server — a new database created on it
 * and dropped again by `close()`.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.BK_TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ pgliteDump: await migratedTemplate() });
    // A no-op on the template; it keeps the database current if a migration came after the dump.
    await migrateDatabase(database);
    return database;
  }
  const name = `bk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateDatabase(database);
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      // pool.end() resolves before its sockets are closed; a FORCE drop that kills a connection
      // still ending surfaces as an unhandled "terminating connection" error in the test run.
      for (let i = 0; i < 50; i += 1) {
        const { rows } = await cleanup.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (!rows[0]?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testMunicipality = (database: Database): Promise<Municipality> =>
  ensureMunicipality(database.db, '05911000', 'Bochum');

/**
 * A dump of a freshly migrated PGlite, made once per set of migrations and shared by all test
 * workers through a file in the temp folder: opening from it takes about a second, creating and
 * migrating a new database about ten. The file name carries a hash of the migrations, so a new
 * migration makes a new template.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const path = join(migrationsFolder, name);
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(readFileSync(path));
  }
  const file = join(tmpdir(), `bk-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const fresh = await openDatabase({});
    await migrateDatabase(fresh);
    const dump = await fresh.pglite!.dumpDataDir('none');
    await fresh.close();
    // Written aside and renamed: parallel workers never read a half-written template.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}
