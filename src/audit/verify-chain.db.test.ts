import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { entryHash } from './chain.ts';
import { recordAccess } from './record-access.ts';
import { auditChains, auditEntries } from './schema.ts';
import { seedChain, writeEntries } from './testing.ts';
import { chainedFieldsOf, verifyAuditChain } from './verify-chain.ts';

describe('verifyAuditChain', () => {
  let database: Database;
  let ags = 5_911_000;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(() => database.close());

  /** A fresh municipality with n entries, so each case tampers with its own chain. */
  async function chainOf(n: number): Promise<string> {
    ags += 1;
    const { id } = await ensureMunicipality(database.db, String(ags).padStart(8, '0'), `Stadt ${ags}`);
    await writeEntries(database.db, id, Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1, 8, 0, i, 7))));
    return id;
  }
  const entry = (municipalityId: string, seq: number) => and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.seq, seq));

  it('passes an intact chain, reading it in pages', async () => {
    const id = await chainOf(25);
    const result = await verifyAuditChain(database.db, id, { pageSize: 7 });
    expect(result).toEqual({ ok: true, checked: 25, fromSeq: 1, toSeq: 25, problems: [], problemsOmitted: 0 });
  });

  it('passes an empty log, with or without a chain head', async () => {
    ags += 1;
    const { id } = await ensureMunicipality(database.db, String(ags).padStart(8, '0'), 'Leer');
    expect(await verifyAuditChain(database.db, id)).toMatchObject({ ok: true, checked: 0, fromSeq: 1, toSeq: 0 });
  });

  it('finds an altered entry and names only that one', async () => {
    const id = await chainOf(12);
    await database.db.update(auditEntries).set({ details: { n: 'something else' } }).where(entry(id, 5));
    const result = await verifyAuditChain(database.db, id, { pageSize: 4 });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ seq: 5, kind: 'altered', message: expect.stringContaining('Entry 5') }]);
  });

  it('finds a rewritten entry whose hash was recomputed: the next entry no longer links to it', async () => {
    const id = await chainOf(12);
    const [row] = await database.db.select().from(auditEntries).where(entry(id, 5));
    const forged = { ...row!, hitCount: 0, details: { n: 'forged' } };
    const hash = entryHash(forged.prevHash, chainedFieldsOf(forged));
    await database.db.update(auditEntries).set({ hitCount: forged.hitCount, details: forged.details, hash }).where(entry(id, 5));
    const result = await verifyAuditChain(database.db, id);
    expect(result.problems).toEqual([{ seq: 6, kind: 'reordered', message: expect.stringContaining('does not link to entry 5') }]);
  });

  it('finds entries deleted from the middle', async () => {
    const id = await chainOf(12);
    await database.db.delete(auditEntries).where(and(eq(auditEntries.municipalityId, id), sql`${auditEntries.seq} in (4, 8, 9)`));
    const result = await verifyAuditChain(database.db, id, { pageSize: 5 });
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[4, 'missing'], [8, 'missing']]);
    expect(result.problems[1]?.message).toContain('Entries 8–9 are missing');
    expect(result.checked).toBe(9);
  });

  it('finds entries deleted at the end (the head names a later entry)', async () => {
    const id = await chainOf(12);
    await database.db.delete(auditEntries).where(and(eq(auditEntries.municipalityId, id), sql`${auditEntries.seq} >= 11`));
    const result = await verifyAuditChain(database.db, id);
    expect(result.problems).toEqual([{ seq: 11, kind: 'missing', message: expect.stringContaining('Entries 11–12 are missing') }]);
    expect(result).toMatchObject({ ok: false, checked: 10, fromSeq: 1, toSeq: 12 });
  });

  it('finds an entry inserted beyond the head', async () => {
    const id = await chainOf(6);
    const [last] = await database.db.select().from(auditEntries).where(entry(id, 6));
    const { id: _rowId, ...copy } = last!;
    await database.db.insert(auditEntries).values({ ...copy, seq: 7, prevHash: last!.hash });
    const result = await verifyAuditChain(database.db, id);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[7, 'head_mismatch']]);
  });

  it('finds entries inserted before the anchor', async () => {
    const id = await chainOf(6);
    await database.db.update(auditChains).set({ anchorSeq: 3, anchorPrevHash: sql`(select prev_hash from audit_entry where municipality_id = ${id} and seq = 3)` })
      .where(eq(auditChains.municipalityId, id));
    const result = await verifyAuditChain(database.db, id);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[1, 'head_mismatch']]);
    expect(result.checked).toBe(4);
  });

  it('finds a head whose hash is not that of the last entry', async () => {
    const id = await chainOf(6);
    await database.db.update(auditChains).set({ lastHash: 'f'.repeat(64) }).where(eq(auditChains.municipalityId, id));
    const result = await verifyAuditChain(database.db, id);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[6, 'head_mismatch']]);
  });

  it('finds swapped entries', async () => {
    const id = await chainOf(6);
    await database.db.update(auditEntries).set({ seq: -3 }).where(entry(id, 3));
    await database.db.update(auditEntries).set({ seq: 3 }).where(entry(id, 4));
    await database.db.update(auditEntries).set({ seq: 4 }).where(entry(id, -3));
    const result = await verifyAuditChain(database.db, id);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([3, 4]));
  });

  it('keeps one tenant\'s tampering out of another\'s result', async () => {
    const tampered = await chainOf(4);
    const clean = await chainOf(4);
    await database.db.update(auditEntries).set({ hitCount: 99 }).where(entry(tampered, 2));
    expect((await verifyAuditChain(database.db, tampered)).ok).toBe(false);
    expect((await verifyAuditChain(database.db, clean)).ok).toBe(true);
  });

  it('caps the problem list', async () => {
    const id = await chainOf(10);
    await database.db.update(auditEntries).set({ hitCount: 42 }).where(eq(auditEntries.municipalityId, id));
    const result = await verifyAuditChain(database.db, id, { maxProblems: 3 });
    expect(result.problems).toHaveLength(3);
    expect(result.problemsOmitted).toBe(7);
  });

  it('stays consistent while entries are appended during the check', async () => {
    ags += 1;
    const { id } = await ensureMunicipality(database.db, String(ags).padStart(8, '0'), 'Busy');
    await seedChain(database.db, id, 3000, new Date('2026-01-01T00:00:00Z'), 1000);
    const actor = { kind: 'system' as const, name: 'writer', municipalityId: id };
    const writes = Array.from({ length: 20 }, (_, i) => recordAccess(database.db, {
      municipalityId: id, actor, action: 'register.search', dataCategories: ['names'], personIds: [],
    }, new Date(Date.UTC(2026, 5, 1, 0, 0, i))));
    const [result] = await Promise.all([verifyAuditChain(database.db, id, { pageSize: 100 }), ...writes]);
    expect(result.problems).toEqual([]);
    expect(result.checked).toBeGreaterThanOrEqual(3000);
    expect((await verifyAuditChain(database.db, id)).toSeq).toBe(3020);
  });
});
