import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase, testMunicipality } from '../db/testing.ts';
import { testContext } from '../testing.ts';
import { buildServer } from './server.ts';
import type { App } from './types.ts';

export interface TestServer {
  database: Database;
  ctx: ReturnType<typeof testContext>;
  app: App;
  /** The test municipality (Bochum) every test server starts with. */
  municipalityId: string;
}

/** A fresh database with the test municipality and the full API server on it (no web app), for route tests. */
export async function startTestServer(options: { now?: Date; config?: Partial<Config> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const municipalityId = (await testMunicipality(database)).id;
  const ctx = testContext(database, options);
  const app = await buildServer(ctx, { webRoot: '/nonexistent' });
  return { database, ctx, app, municipalityId };
}
