import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { entryHash, genesisHash } from './chain.ts';
import { recordAccess } from './record-access.ts';
import { auditEntries } from './schema.ts';

describe('recordAccess', () => {
  let database: Database;
  let municipalityId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
  });
  afterAll(() => database.close());

  it('chains entries in sequence, even when written concurrently', async () => {
    const actor = { kind: 'system' as const, name: 'test', municipalityId };
    await Promise.all(Array.from({ length: 8 }, (_, i) => recordAccess(database.db, {
      municipalityId, actor, action: 'register.search', dataCategories: ['names'], personIds: [], details: { query: `q${i}` },
    }, new Date(Date.UTC(2026, 0, 1, 10, 0, i)))));
    const rows = await database.db.select().from(auditEntries).orderBy(asc(auditEntries.seq));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows[0]?.prevHash).toBe(genesisHash(municipalityId));
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    const first = rows[0]!;
    expect(first.hash).toBe(entryHash(first.prevHash, {
      municipalityId, seq: 1, at: new Date(first.at).toISOString(), actorId: null, actorName: 'test', actorRoles: ['system'],
      action: first.action, dataCategories: first.dataCategories, personIds: first.personIds, hitCount: 0, purpose: null, details: first.details,
    }));
  });
});
