import { and, eq, sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { writeEntries } from '../audit/testing.ts';
import { verifyAuditChain } from '../audit/verify-chain.ts';
import { migrateDatabase, type Database } from './db/database.ts';
import { createTestDatabase } from './db/testing.ts';
import { jobQueues, pgBossOptions, startJobs } from './jobs.ts';
import { testContext } from './testing.ts';
import { ensureMunicipality } from './tenancy/municipalities.ts';

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('job runner', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let stop: () => Promise<void>;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = testContext(database, { now: new Date('2026-03-01T01:15:00Z') });
    for (const [ags, name] of [['05911000', 'Bochum'], ['05113000', 'Essen']] as const) {
      const { id } = await ensureMunicipality(database.db, ags, name);
      await writeEntries(database.db, id, [new Date('2025-01-10T10:00:00Z'), new Date('2025-02-10T10:00:00Z'), new Date('2026-02-10T10:00:00Z')]);
      ids.push(id);
    }
    stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await stop();
    await database.close();
  });

  it('schedules the retention daily at 02:15 German time', async () => {
    const rows = await database.db.execute(sql`select name, cron, timezone from pgboss.schedule where name = ${jobQueues.retentionDaily}`);
    const schedules = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { name: string; cron: string; timezone: string }[];
    expect(schedules).toEqual([{ name: jobQueues.retentionDaily, cron: '15 2 * * *', timezone: 'Europe/Berlin' }]);
  });

  it('runs retention for every municipality when the daily job fires', async () => {
    const producer = new PgBoss({ ...pgBossOptions(ctx), schedule: false, supervise: false });
    await producer.start();
    await producer.send(jobQueues.retentionDaily, {});
    await producer.stop({ graceful: false, close: true });
    const runs = async () => (await database.db.select({ id: auditEntries.municipalityId }).from(auditEntries)
      .where(eq(auditEntries.action, 'audit.retention'))).length;
    await until(async () => (await runs()) === 2, 20_000);
    for (const id of ids) {
      const left = await database.db.select({ seq: auditEntries.seq }).from(auditEntries)
        .where(and(eq(auditEntries.municipalityId, id))).orderBy(auditEntries.seq);
      expect(left.map((r) => r.seq)).toEqual([3, 4]);
      expect((await verifyAuditChain(database.db, id)).ok).toBe(true);
    }
  });

  it('keeps pg-boss in its own schema, out of the way of the drizzle migrations', async () => {
    const rows = await database.db.execute(sql`select table_schema, count(*)::int as n from information_schema.tables
      where table_schema in ('public', 'pgboss') and table_name in ('job', 'queue', 'schedule', 'version') group by table_schema`);
    const bySchema = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { table_schema: string; n: number }[];
    expect(bySchema).toEqual([{ table_schema: 'pgboss', n: 4 }]);
    await expect(migrateDatabase(database)).resolves.toBeUndefined();
  });

  it('stops gracefully, once', async () => {
    await stop();
    await stop();
    // The database stays open for whoever closes it after the jobs.
    await expect(database.db.execute(sql`select 1`)).resolves.toBeDefined();
  });
});
