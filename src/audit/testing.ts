import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { entryHash, genesisHash, type ChainedFields } from './chain.ts';
import { recordAccess, type AccessRecord } from './record-access.ts';
import { auditChains, auditEntries } from './schema.ts';

/** Log entries through recordAccess, one per instant, as a system actor reading register data. */
export async function writeEntries(db: Db, municipalityId: string, instants: readonly Date[], record: Partial<AccessRecord> = {}): Promise<void> {
  for (const [i, at] of instants.entries()) {
    await recordAccess(db, {
      municipalityId,
      actor: { kind: 'system', name: 'test', municipalityId },
      action: 'register.person.read',
      dataCategories: ['names', 'addresses'],
      personIds: [],
      details: { n: i },
      ...record,
    }, at);
  }
}

/**
 * A long, valid chain written in bulk (hashes computed here, one insert per chunk), for
 * benchmarks and paging tests where recordAccess's transaction per entry would take minutes.
 */
export async function seedChain(db: Db, municipalityId: string, count: number, firstAt: Date, stepMs: number): Promise<void> {
  let prev = genesisHash(municipalityId);
  const chunk: (ChainedFields & { prevHash: string; hash: string })[] = [];
  const flush = async () => {
    if (chunk.length) await db.insert(auditEntries).values(chunk);
    chunk.length = 0;
  };
  for (let seq = 1; seq <= count; seq += 1) {
    const fields: ChainedFields = {
      municipalityId, seq, at: new Date(firstAt.getTime() + (seq - 1) * stepMs).toISOString(), actorId: null, actorName: 'seed',
      actorRoles: ['system'], action: 'register.search', dataCategories: ['names'], personIds: [], hitCount: 3,
      purpose: null, details: { query: `name ${seq}` },
    };
    const hash = entryHash(prev, fields);
    chunk.push({ ...fields, prevHash: prev, hash });
    prev = hash;
    if (chunk.length === 1000) await flush();
  }
  await flush();
  const genesis = genesisHash(municipalityId);
  await db.insert(auditChains).values({ municipalityId, lastSeq: count, lastHash: prev, anchorSeq: 1, anchorPrevHash: genesis })
    .onConflictDoUpdate({ target: auditChains.municipalityId, set: { lastSeq: count, lastHash: prev, updatedAt: sql`now()` } });
}
