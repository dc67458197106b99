// Bulk writer throughput: `node bench/register-import.ts [count] [batchSize]`.
// Runs on in-memory PGlite, or on PostgreSQL when BK_TEST_DATABASE_URL is set (a fresh database is created and dropped).
import { createTestDatabase, testMunicipality } from '../src/platform/db/testing.ts';
import { testContext } from '../src/platform/testing.ts';
import { writePersonRecords } from '../src/register/import/write-records.ts';
import { syntheticRecords } from '../src/register/import/testing.ts';

const count = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 2_000);

const database = await createTestDatabase();
try {
  const municipality = await testMunicipality(database);
  const ctx = testContext(database);
  const actor = { kind: 'system' as const, name: 'bench', municipalityId: municipality.id };
  const generated = performance.now();
  const records = syntheticRecords(count);
  console.log(`generated ${count} records in ${Math.round(performance.now() - generated)} ms`);

  for (const pass of ['first load', 'unchanged re-load']) {
    const started = performance.now();
    const totals = { created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < records.length; i += batchSize) {
      const result = await writePersonRecords(ctx, actor, municipality.id, records.slice(i, i + batchSize));
      totals.created += result.created;
      totals.updated += result.updated;
      totals.unchanged += result.unchanged;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`${database.kind} ${pass}: ${count} persons in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} persons/s`, totals);
  }
} finally {
  await database.close();
}
