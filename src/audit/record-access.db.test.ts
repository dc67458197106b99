import { asc, desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { entryHash, genesisHash } from './chain.ts';
import { recordAccess } from './record-access.ts';
import { auditEntries } from './schema.ts';
import { verifyAuditChain } from './verify-chain.ts';

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

  it('hashes what the database gives back: upper-case uuids, Dates and undefined in the details', async () => {
    const actor = {
      userId: '7D444840-9DC0-11D1-B245-5FFDCE74FAD2', municipalityId, username: 'k.klein', displayName: 'K', roles: ['clerk' as const],
      sessionId: 's', csrfToken: 'c',
    };
    await recordAccess(database.db, {
      municipalityId: municipalityId.toUpperCase(), actor, action: 'register.person.read', dataCategories: ['names'],
      personIds: ['0F8B5A3E-1C2D-4E5F-8A9B-0C1D2E3F4A5B'],
      details: { since: new Date('2026-01-01T00:00:00Z'), unset: undefined, ratio: Number.NaN, nested: { list: [1, undefined] } },
    }, new Date(Date.UTC(2026, 0, 2)));
    const [row] = await database.db.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1);
    expect(row).toMatchObject({
      personIds: ['0f8b5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'], details: { since: '2026-01-01T00:00:00.000Z', ratio: null, nested: { list: [1, null] } },
    });
    expect(await verifyAuditChain(database.db, municipalityId)).toMatchObject({ ok: true, problems: [] });
  });
});
