import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/testing.ts';
import { migrateDatabase, openDatabase, type Database } from '../platform/db/database.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { auditEntries } from './schema.ts';
import { writeEntries } from './testing.ts';

// The CLI always runs on the embedded database under DATA_DIR here, also when the other database
// tests run on PostgreSQL: it is the command, not the engine, under test.
const cli = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  runCli(dataDir, args, { env: { NODE_ENV: 'development', LOG_LEVEL: undefined } });

// Each command opens the embedded database (about 4 s), hence the generous timeout.
describe('buergerkoffer audit', { timeout: 120_000 }, () => {
  let dataDir: string;
  let municipalityId: string;
  // One process per PGlite directory: the test opens it only while no command runs.
  const withDatabase = async <T>(work: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      await migrateDatabase(database);
      return await work(database);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bk-audit-cli-'));
    municipalityId = await withDatabase(async (database) => {
      const { id } = await ensureMunicipality(database.db, '05911000', 'Bochum');
      const old = Array.from({ length: 3 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)));
      const recent = Array.from({ length: 4 }, (_, i) => new Date(Date.now() - (4 - i) * 60_000));
      await writeEntries(database.db, id, [...old, ...recent]);
      return id;
    });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('verifies an intact log: exit code 0, the range checked as JSON', async () => {
    const { code, stdout } = await cli(dataDir, 'audit', 'verify', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      municipalities: [{ ags: '05911000', name: 'Bochum', ok: true, checked: 7, fromSeq: 1, toSeq: 7, problems: [], problemsOmitted: 0 }],
    });
  });

  it('reports what retention would delete on a dry run, and deletes it for real', async () => {
    const dry = await cli(dataDir, 'audit', 'retain', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Access log of Bochum \(05911000\): 3 entries due for deletion \(entries 1–3, written 2020-01-01T00:00:00.000Z – 2020-01-03T00:00:00.000Z\); cutoff /);
    const real = await cli(dataDir, 'audit', 'retain', '--municipality', '05911000');
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('3 entries deleted (entries 1–3');
    const { code, stdout } = await cli(dataDir, 'audit', 'verify');
    expect(code).toBe(0);
    expect(stdout).toBe('Access log of Bochum (05911000): entries 4–8, 5 checked — intact.\n');
  });

  it('fails on a tampered log: exit code 1, each problem named', async () => {
    await withDatabase(async (database) => {
      await database.db.delete(auditEntries).where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.seq, 5)));
      await database.db.update(auditEntries).set({ actorName: 'nobody' }).where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.seq, 7)));
    });
    const json = await cli(dataDir, 'audit', 'verify', '--json');
    expect(json.code).toBe(1);
    const body = JSON.parse(json.stdout) as { ok: boolean; municipalities: { problems: { seq: number; kind: string }[] }[] };
    expect(body.ok).toBe(false);
    expect(body.municipalities[0]?.problems.map((p) => [p.seq, p.kind])).toEqual([[5, 'missing'], [7, 'altered']]);
    const text = await cli(dataDir, 'audit', 'verify', '--municipality', '05911000');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('BROKEN, 2 problems');
    expect(text.stdout).toMatch(/entry\s+5\s+missing\s+Entry 5 is missing/);
  });

  it('names an unknown municipality', async () => {
    const { code, stderr } = await cli(dataDir, 'audit', 'verify', '--municipality', '09162000');
    expect(code).toBe(2);
    expect(stderr).toContain('MUNICIPALITY_UNKNOWN');
  });
});
