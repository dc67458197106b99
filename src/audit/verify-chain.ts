import { and, asc, count, eq, gt, lt, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { entryHash, genesisHash, type ChainedFields } from './chain.ts';
import { auditChains, auditEntries } from './schema.ts';

export type ChainProblemKind = 'altered' | 'missing' | 'reordered' | 'head_mismatch';

export interface ChainProblem {
  /** The first entry the problem concerns. */
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries read and recomputed. */
  checked: number;
  /** The range the chain head vouches for: from the anchor (first retained entry) to the last entry. Empty when toSeq < fromSeq. */
  fromSeq: number;
  toSeq: number;
  problems: ChainProblem[];
  /** Problems found beyond the listed ones (the list is capped so a wrecked log cannot exhaust memory). */
  problemsOmitted: number;
}

export interface VerifyOptions {
  /** Entries read per query; the log can have millions, so it is never loaded whole. */
  pageSize?: number;
  maxProblems?: number;
}

interface ChainHead {
  anchorSeq: number;
  anchorPrevHash: string;
  lastSeq: number;
  lastHash: string;
}

/**
 * Recomputes a municipality's access-log chain from the anchor to the head and reports every
 * place where the stored log disagrees with it:
 * - altered: an entry's content no longer matches its hash;
 * - missing: entries absent in the middle (a gap in seq) or at the end (the head names a later entry);
 * - reordered: an entry does not link to its predecessor (prev_hash ≠ the predecessor's hash), e.g.
 *   a rewritten predecessor whose hash was recomputed, or an entry moved in from elsewhere;
 * - head_mismatch: entries beyond the head or before the anchor (inserted), or a head hash that
 *   is not the hash of the last entry.
 * Runs without a long transaction so it never blocks writers: entries appended meanwhile lie
 * beyond the head read at the start and are left for the next run; if retention moved the anchor
 * meanwhile, the check starts over.
 */
export async function verifyAuditChain(db: Db, municipalityId: string, options: VerifyOptions = {}): Promise<ChainVerification> {
  for (let attempt = 1; ; attempt += 1) {
    const head = await readHead(db, municipalityId);
    const result = await verifyFrom(db, municipalityId, head, options);
    const after = await readHead(db, municipalityId);
    if (after.anchorSeq === head.anchorSeq || attempt === 3) return result;
  }
}

async function readHead(db: Db, municipalityId: string): Promise<ChainHead> {
  const [row] = await db.select().from(auditChains).where(eq(auditChains.municipalityId, municipalityId));
  if (row) return { anchorSeq: row.anchorSeq, anchorPrevHash: row.anchorPrevHash, lastSeq: row.lastSeq, lastHash: row.lastHash };
  const genesis = genesisHash(municipalityId);
  return { anchorSeq: 1, anchorPrevHash: genesis, lastSeq: 0, lastHash: genesis };
}

/** The hashed fields of a stored entry, as recordAccess hashed them. */
export function chainedFieldsOf(row: typeof auditEntries.$inferSelect): ChainedFields {
  return {
    municipalityId: row.municipalityId,
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    actorRoles: row.actorRoles,
    action: row.action,
    dataCategories: row.dataCategories,
    personIds: row.personIds,
    hitCount: row.hitCount,
    purpose: row.purpose,
    details: row.details,
  };
}

class ProblemList {
  readonly problems: ChainProblem[] = [];
  omitted = 0;
  private readonly max: number;
  constructor(max: number) { this.max = max; }
  add(seq: number, kind: ChainProblemKind, message: string): void {
    if (this.problems.length < this.max) this.problems.push({ seq, kind, message });
    else this.omitted += 1;
  }
  get count(): number { return this.problems.length + this.omitted; }
}

async function verifyFrom(db: Db, municipalityId: string, head: ChainHead, options: VerifyOptions): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 2000;
  const problems = new ProblemList(options.maxProblems ?? 1000);
  const ofMunicipality = eq(auditEntries.municipalityId, municipalityId);

  const [early] = await db.select({ first: min(auditEntries.seq), n: count() }).from(auditEntries)
    .where(and(ofMunicipality, lt(auditEntries.seq, head.anchorSeq)));
  if (early?.first != null && early.n > 0) {
    problems.add(early.first, 'head_mismatch',
      `${early.n} entr${early.n === 1 ? 'y lies' : 'ies lie'} before the chain's anchor (entry ${head.anchorSeq}), from entry ${early.first}: ` +
      'retention deleted up to the anchor, so these were inserted or restored afterwards.');
  }

  let expectedSeq = head.anchorSeq;
  let expectedPrev = head.anchorPrevHash;
  let checked = 0;
  let cursor = head.anchorSeq - 1;
  for (;;) {
    const rows = await db.select().from(auditEntries)
      .where(and(ofMunicipality, gt(auditEntries.seq, cursor), lte(auditEntries.seq, head.lastSeq)))
      .orderBy(asc(auditEntries.seq)).limit(pageSize);
    for (const row of rows) {
      if (row.seq > expectedSeq) {
        problems.add(expectedSeq, 'missing', row.seq - 1 === expectedSeq
          ? `Entry ${expectedSeq} is missing: entry ${row.seq} follows entry ${expectedSeq - 1}.`
          : `Entries ${expectedSeq}–${row.seq - 1} are missing: entry ${row.seq} follows entry ${expectedSeq - 1}.`);
      } else if (row.prevHash !== expectedPrev) {
        problems.add(row.seq, 'reordered', row.seq === head.anchorSeq
          ? `Entry ${row.seq} does not link to the chain's anchor: its prev_hash differs from the anchor hash recorded at the last retention.`
          : `Entry ${row.seq} does not link to entry ${row.seq - 1}: its prev_hash is not the hash of entry ${row.seq - 1} ` +
            `(entry ${row.seq - 1} was rewritten with a recomputed hash, or entry ${row.seq} was moved here).`);
      }
      const recomputed = entryHash(row.prevHash, chainedFieldsOf(row));
      if (recomputed !== row.hash) {
        problems.add(row.seq, 'altered', `Entry ${row.seq} (${row.action}) was altered: its content no longer matches its hash.`);
      }
      expectedSeq = row.seq + 1;
      expectedPrev = row.hash;
      checked += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) break;
    cursor = last.seq;
  }

  if (expectedSeq <= head.lastSeq) {
    problems.add(expectedSeq, 'missing', expectedSeq === head.lastSeq
      ? `Entry ${expectedSeq} is missing: the chain head records it as the last entry, but the log ends before it.`
      : `Entries ${expectedSeq}–${head.lastSeq} are missing: the chain head records entry ${head.lastSeq} as the last, but the log ends before them.`);
  } else if (expectedPrev !== head.lastHash) {
    problems.add(head.lastSeq, 'head_mismatch',
      `The chain head's hash is not the hash of entry ${head.lastSeq}: the last entry or the head was rewritten.`);
  }

  // One statement, so an append committing meanwhile cannot count as an entry beyond the head.
  const [beyond] = await db.select({ first: min(auditEntries.seq), n: count() }).from(auditEntries)
    .where(and(ofMunicipality, sql`${auditEntries.seq} > coalesce((select ${auditChains.lastSeq} from ${auditChains} where ${auditChains.municipalityId} = ${municipalityId}), 0)`));
  if (beyond?.first != null && beyond.n > 0) {
    problems.add(beyond.first, 'head_mismatch',
      `${beyond.n} entr${beyond.n === 1 ? 'y lies' : 'ies lie'} beyond the chain head, from entry ${beyond.first}: they were inserted without extending the chain.`);
  }

  return {
    ok: problems.count === 0,
    checked,
    fromSeq: head.anchorSeq,
    toSeq: head.lastSeq,
    problems: problems.problems,
    problemsOmitted: problems.omitted,
  };
}
