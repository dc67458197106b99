import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import { testContext } from '../platform/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { entryHash } from './chain.ts';
import { applyRetention, retentionReport } from './retention.ts';
import { auditChains, auditEntries } from './schema.ts';
import { writeEntries } from './testing.ts';
import { chainedFieldsOf, verifyAuditChain } from './verify-chain.ts';

// Written at (UTC); German dates in the comments.
const written = [
  '2024-06-01T10:00:00Z', // 2024-06-01
  '2025-02-28T10:00:00Z', // 2025-02-28
  '2025-03-01T10:00:00Z', // 2025-03-01
  '2025-03-01T22:59:00Z', // 2025-03-01 23:59
  '2025-03-01T23:00:00Z', // 2025-03-02 00:00
  '2025-12-31T12:00:00Z', // 2025-12-31
  '2026-01-05T09:00:00Z', // 2026-01-05
].map((iso) => new Date(iso));
const firstOfMarchRun = new Date('2026-03-01T01:15:00Z'); // 02:15 German time

describe('applyRetention', () => {
  let database: Database;
  let ags = 5_913_000;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  async function municipalityWith(instants: Date[]): Promise<string> {
    ags += 1;
    const { id } = await ensureMunicipality(database.db, String(ags).padStart(8, '0'), `Stadt ${ags}`);
    await writeEntries(database.db, id, instants);
    return id;
  }
  const seqs = async (id: string) => (await database.db.select({ seq: auditEntries.seq }).from(auditEntries)
    .where(eq(auditEntries.municipalityId, id)).orderBy(asc(auditEntries.seq))).map((r) => r.seq);
  const lastEntry = async (id: string) => (await database.db.select().from(auditEntries)
    .where(eq(auditEntries.municipalityId, id)).orderBy(desc(auditEntries.seq)).limit(1))[0]!;

  it('deletes what is due, oldest first, moves the anchor and still verifies', async () => {
    const id = await municipalityWith(written);
    const ctx = testContext(database, { now: firstOfMarchRun });
    const result = await applyRetention(ctx, id);
    expect(result).toMatchObject({
      dryRun: false, deleted: 4, fromSeq: 1, toSeq: 4, oldestAt: '2024-06-01T10:00:00.000Z', newestAt: '2025-03-01T22:59:00.000Z',
    });
    expect(result.cutoff.toISOString()).toBe('2025-03-01T23:00:00.000Z');
    expect(await seqs(id)).toEqual([5, 6, 7, 8]);
    const [head] = await database.db.select().from(auditChains).where(eq(auditChains.municipalityId, id));
    const [five] = await database.db.select().from(auditEntries).where(and(eq(auditEntries.municipalityId, id), eq(auditEntries.seq, 5)));
    expect(head).toMatchObject({ anchorSeq: 5, anchorPrevHash: five!.prevHash, lastSeq: 8 });
    expect(await verifyAuditChain(database.db, id)).toMatchObject({ ok: true, checked: 4, fromSeq: 5, toSeq: 8 });
  });

  it('records the run in the log itself, with counts and dates but no personal data', async () => {
    const id = await municipalityWith(written);
    await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
    const entry = await lastEntry(id);
    expect(entry).toMatchObject({
      seq: 8, action: 'audit.retention', actorName: 'audit-retention', actorRoles: ['system'], personIds: [], hitCount: 0,
      dataCategories: ['access_log'],
      details: { cutoff: '2025-03-01T23:00:00.000Z', deleted: 4, fromSeq: 1, toSeq: 4, oldestAt: '2024-06-01T10:00:00.000Z', newestAt: '2025-03-01T22:59:00.000Z' },
    });
    expect(new Date(entry.at).toISOString()).toBe(firstOfMarchRun.toISOString());
  });

  it('only reports on a dry run', async () => {
    const id = await municipalityWith(written);
    const result = await applyRetention(testContext(database, { now: firstOfMarchRun }), id, { dryRun: true });
    expect(result).toMatchObject({ dryRun: true, deleted: 4, fromSeq: 1, toSeq: 4 });
    expect(await seqs(id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives the same result in small batches', async () => {
    const id = await municipalityWith(written);
    const result = await applyRetention(testContext(database, { now: firstOfMarchRun }), id, { batchSize: 1 });
    expect(result).toMatchObject({ deleted: 4, fromSeq: 1, toSeq: 4 });
    expect(await seqs(id)).toEqual([5, 6, 7, 8]);
    expect((await verifyAuditChain(database.db, id)).ok).toBe(true);
  });

  it('has removed the whole previous year after the run on 31 December', async () => {
    const id = await municipalityWith(written);
    const result = await applyRetention(testContext(database, { now: new Date('2026-12-31T01:15:00Z') }), id);
    expect(result.deleted).toBe(6);
    expect(await seqs(id)).toEqual([7, 8]);
    expect((await verifyAuditChain(database.db, id)).ok).toBe(true);
  });

  it('runs again without harm: nothing more is due, the run is logged again', async () => {
    const id = await municipalityWith(written);
    const ctx = testContext(database, { now: firstOfMarchRun });
    await applyRetention(ctx, id);
    const again = await applyRetention(ctx, id);
    expect(again).toMatchObject({ deleted: 0, fromSeq: null, toSeq: null });
    expect(await seqs(id)).toEqual([5, 6, 7, 8, 9]);
    expect((await verifyAuditChain(database.db, id)).ok).toBe(true);
  });

  it('deletes everything when all is due, and the chain continues from the old head', async () => {
    const id = await municipalityWith(written.slice(0, 3));
    const result = await applyRetention(testContext(database, { now: firstOfMarchRun }), id, { batchSize: 2 });
    expect(result.deleted).toBe(3);
    expect(await seqs(id)).toEqual([4]);
    expect(await verifyAuditChain(database.db, id)).toMatchObject({ ok: true, fromSeq: 4, toSeq: 4 });
  });

  it('stops at the first entry not yet due, so the retained chain stays contiguous', async () => {
    // Entry 2 carries a later clock than entry 3 (another server's clock, or a synced kit).
    const id = await municipalityWith([written[0]!, new Date('2025-06-01T10:00:00Z'), written[1]!]);
    const result = await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
    expect(result.deleted).toBe(1);
    expect(await seqs(id)).toEqual([2, 3, 4]);
    expect((await verifyAuditChain(database.db, id)).ok).toBe(true);
  });

  describe('after retention, verification still catches tampering', () => {
    async function retained(): Promise<string> {
      const id = await municipalityWith(written);
      await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
      return id;
    }
    const at = (id: string, seq: number) => and(eq(auditEntries.municipalityId, id), eq(auditEntries.seq, seq));

    it('an altered entry', async () => {
      const id = await retained();
      await database.db.update(auditEntries).set({ details: { n: 'rewritten' } }).where(at(id, 6));
      expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[6, 'altered']]);
    });

    it('the first retained entry altered', async () => {
      const id = await retained();
      await database.db.update(auditEntries).set({ actorName: 'somebody else' }).where(at(id, 5));
      expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[5, 'altered']]);
    });

    it('a middle entry deleted', async () => {
      const id = await retained();
      await database.db.delete(auditEntries).where(at(id, 6));
      expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[6, 'missing']]);
    });

    it('the last entry deleted', async () => {
      const id = await retained();
      await database.db.delete(auditEntries).where(at(id, 8));
      expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[8, 'missing']]);
    });

    it('the first retained entry deleted', async () => {
      const id = await retained();
      await database.db.delete(auditEntries).where(at(id, 5));
      expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[5, 'missing']]);
    });
  });

  it('does not paper over entries missing at the end', async () => {
    const id = await municipalityWith([written[0]!, written[1]!, new Date('2026-02-01T10:00:00Z')]);
    await database.db.delete(auditEntries).where(and(eq(auditEntries.municipalityId, id), eq(auditEntries.seq, 3)));
    // Everything left is due; the anchor must not jump past the head and hide the deleted entry 3.
    const result = await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
    expect(result.deleted).toBe(2);
    expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[3, 'missing']]);
  });

  it('does not paper over a first retained entry rewritten with recomputed hashes', async () => {
    const id = await municipalityWith(written);
    const [five] = await database.db.select().from(auditEntries).where(and(eq(auditEntries.municipalityId, id), eq(auditEntries.seq, 5)));
    const forgedPrev = 'a'.repeat(64);
    const forged = { ...five!, prevHash: forgedPrev, details: { n: 'forged' } };
    await database.db.update(auditEntries).set({ prevHash: forgedPrev, details: forged.details, hash: entryHash(forgedPrev, chainedFieldsOf(forged)) })
      .where(and(eq(auditEntries.municipalityId, id), eq(auditEntries.seq, 5)));
    await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
    expect((await verifyAuditChain(database.db, id)).problems.map((p) => [p.seq, p.kind])).toEqual([[5, 'reordered'], [6, 'reordered']]);
  });

  it('reports what is due and the last run', async () => {
    const id = await municipalityWith(written);
    const before = await retentionReport(testContext(database, { now: firstOfMarchRun }), id);
    expect(before).toEqual({
      timeZone: 'Europe/Berlin',
      cutoff: '2025-03-01T23:00:00.000Z',
      oldestEntry: { seq: 1, at: '2024-06-01T10:00:00.000Z' },
      due: { count: 4, fromSeq: 1, toSeq: 4, oldestAt: '2024-06-01T10:00:00.000Z', newestAt: '2025-03-01T22:59:00.000Z' },
      lastRun: null,
    });
    await applyRetention(testContext(database, { now: firstOfMarchRun }), id);
    const after = await retentionReport(testContext(database, { now: new Date('2026-03-01T09:00:00Z') }), id);
    expect(after).toMatchObject({
      oldestEntry: { seq: 5, at: '2025-03-01T23:00:00.000Z' },
      due: { count: 0, fromSeq: null },
      lastRun: { seq: 8, at: firstOfMarchRun.toISOString(), actorName: 'audit-retention', deleted: 4, cutoff: '2025-03-01T23:00:00.000Z' },
    });
  });
});
