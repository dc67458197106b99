import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DevicePorts } from '../src/devices/types.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { Config } from '../src/platform/config.ts';
import { createTestDatabase } from '../src/platform/db/testing.ts';
import { buildServer } from '../src/platform/http/server.ts';
import { startJobs } from '../src/platform/jobs.ts';
import type { App } from '../src/platform/http/types.ts';
import { testContext } from '../src/platform/testing.ts';
import { seedDemo, type SeedDemoResult } from '../src/demo/seed-demo.ts';

export interface RunningCity {
  baseUrl: string;
  /** The city's data directory: the outbox drops its files under outbox/. */
  dataDir: string;
  database: Database;
  seeded: SeedDemoResult;
  close(): Promise<void>;
}

export interface DemoCityOptions {
  /** How many residents the register gets (default 1500). */
  residents?: number;
  /** Settings over the test defaults, e.g. smtpUrl and imapUrl for real mail servers on loopback. */
  config?: Partial<Config>;
  /** Device ports for the server (e.g. devicePortsFromConfig with real drivers); absent = the simulators. */
  devices?: DevicePorts;
}

/**
 * A small demo city on a fresh database, served with the built web app on a free loopback port,
 * with the job runner (outbox deliveries, and the mailbox poll when imapUrl is set) running as
 * under `buergerkoffer serve`. `startDemoCity(300)` is short for `startDemoCity({ residents: 300 })`.
 */
export async function startDemoCity(options: number | DemoCityOptions = {}): Promise<RunningCity> {
  const { residents = 1500, config = {}, devices } = typeof options === 'number' ? { residents: options } : options;
  const webRoot = resolve('dist/web');
  if (!existsSync(resolve(webRoot, 'index.html'))) {
    throw new Error('The web app is not built: run "npm run build" first (npm test does it).');
  }
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-e2e-city-'));
  const ctx = testContext(database, { config: { dataDir, outboxDir: join(dataDir, 'outbox'), ...config } });
  if (devices) ctx.devices = devices;
  const seeded = await seedDemo(ctx, { residents, seed: 7 });
  const app: App = await buildServer(ctx, { webRoot });
  const stopJobs = await startJobs(ctx, { pollingIntervalSeconds: 1, outbox: { pollingIntervalSeconds: 1 }, mailIntake: { pollingIntervalSeconds: 1 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    dataDir,
    database,
    seeded,
    async close() {
      await app.close();
      await stopJobs();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
