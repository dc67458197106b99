import { eq, sql } from 'drizzle-orm';
import { actorName, type Actor } from '../identity/principal.ts';
import type { Db } from '../platform/db/database.ts';
import { entryHash, genesisHash, type ChainedFields } from './chain.ts';
import { auditChains, auditEntries } from './schema.ts';

/** One access to register data, as BMG § 40 wants it logged. */
export interface AccessRecord {
  municipalityId: string;
  actor: Actor;
  /** What was done, e.g. register.search, register.person.read, register.person.create. */
  action: string;
  /** Which kinds of data were disclosed or changed: names, birth, addresses, documents, blocks, relations … */
  dataCategories: string[];
  /** The persons whose data was touched (the hits). */
  personIds: string[];
  /** Number of hits; defaults to personIds.length. */
  hitCount?: number;
  /** Reason or Aktenzeichen. */
  purpose?: string | null;
  /** Search terms, filters and other details needed to reconstruct the access. */
  details?: Record<string, unknown>;
}

/**
 * Appends an entry to the municipality's hash-chained access log. The chain head row is
 * locked for the append, so concurrent writers (several server instances) serialise here.
 * Call it inside the transaction of the access it records, so neither exists without the other.
 */
export async function recordAccess(db: Db, record: AccessRecord, at: Date): Promise<void> {
  // The hash must cover exactly what the database hands back later, or verification fails:
  // uuid columns come back lower-case, jsonb comes back as JSON (Dates as strings, no undefined).
  const municipalityId = record.municipalityId.toLowerCase();
  await db.transaction(async (tx) => {
    const head = await lockChainHead(tx as unknown as Db, municipalityId);
    const fields: ChainedFields = {
      municipalityId,
      seq: head.lastSeq + 1,
      at: at.toISOString(),
      actorId: 'kind' in record.actor ? null : record.actor.userId.toLowerCase(),
      actorName: actorName(record.actor),
      actorRoles: 'kind' in record.actor ? ['system'] : [...record.actor.roles],
      action: record.action,
      dataCategories: [...record.dataCategories],
      personIds: record.personIds.map((id) => id.toLowerCase()),
      hitCount: record.hitCount ?? record.personIds.length,
      purpose: record.purpose ?? null,
      details: JSON.parse(JSON.stringify(record.details ?? {})) as Record<string, unknown>,
    };
    const hash = entryHash(head.lastHash, fields);
    await tx.insert(auditEntries).values({ ...fields, prevHash: head.lastHash, hash });
    await tx.update(auditChains)
      .set({ lastSeq: fields.seq, lastHash: hash, updatedAt: sql`now()` })
      .where(eq(auditChains.municipalityId, municipalityId));
  });
}

async function lockChainHead(tx: Db, municipalityId: string) {
  const genesis = genesisHash(municipalityId);
  await tx.insert(auditChains)
    .values({ municipalityId, lastSeq: 0, lastHash: genesis, anchorSeq: 1, anchorPrevHash: genesis })
    .onConflictDoNothing();
  const [head] = await tx.select().from(auditChains).where(eq(auditChains.municipalityId, municipalityId)).for('update');
  if (!head) throw new Error(`audit chain head of ${municipalityId} missing after insert`);
  return head;
}
