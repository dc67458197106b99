// Register bulk load throughput: `node bench/register-import.ts [count] [batchSize]`.
// 1. writePersonRecords (what the demo seeding uses): first load, then an unchanged re-load.
// 2. importJsonLines (what `buergerkoffer register import` uses: parse, validate, write) into a second municipality.
// Runs on in-memory PGlite, or on PostgreSQL when BK_TEST_DATABASE_URL is set (a fresh database is created and dropped).
import { createTestDatabase, testMunicipality } from '../src/platform/db/testing.ts';
import { ensureMunicipality } from '../src/platform/tenancy/municipalities.ts';
import { testContext } from '../src/platform/testing.ts';
import { importJsonLines } from '../src/register/import/import-json-lines.ts';
import { syntheticRecords } from '../src/register/import/testing.ts';
import { writePersonRecords } from '../src/register/import/write-records.ts';

const count = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 1_000);

const database = await createTestDatabase();
const report = (label: string, started: number, extra: unknown) => {
  const seconds = (performance.now() - started) / 1000;
  console.log(`${database.kind} ${label}: ${count} persons in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} persons/s`, extra);
};
try {
  const municipality = await testMunicipality(database);
  const ctx = testContext(database);
  const actor = { kind: 'system' as const, name: 'bench', municipalityId: municipality.id };
  // Generated up front, so that only the register work is timed.
  const records = syntheticRecords(count);
  const lines = syntheticRecords(count, { refPrefix: 'J', ags: '05913000' }).map((r) => JSON.stringify(r));

  for (const pass of ['writePersonRecords, first load', 'writePersonRecords, unchanged re-load']) {
    const started = performance.now();
    const totals = { created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < count; i += batchSize) {
      const result = await writePersonRecords(ctx, actor, municipality.id, records.slice(i, i + batchSize));
      totals.created += result.created;
      totals.updated += result.updated;
      totals.unchanged += result.unchanged;
    }
    report(pass, started, totals);
  }

  const second = await ensureMunicipality(database.db, '05913000', 'Dortmund');
  async function* jsonLines() {
    for (let i = 0; i < count; i += batchSize) yield lines.slice(i, i + batchSize).join('\n');
  }
  const started = performance.now();
  const imported = await importJsonLines(ctx, { ...actor, municipalityId: second.id }, second.id, jsonLines(), { batchSize });
  report('importJsonLines (parse + validate + write)', started, { created: imported.created, rejected: imported.rejected.length });
} finally {
  await database.close();
}
