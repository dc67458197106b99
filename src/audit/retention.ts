import { and, asc, count, desc, eq, gte, lt, max, min } from 'drizzle-orm';
import type { SystemActor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { addDays, addMonths, auditTimeZone, calendarDate, startOfDay } from './calendar.ts';
import { recordAccess } from './record-access.ts';
import { auditChains, auditEntries } from './schema.ts';

/**
 * BMG § 40 Abs. 3: log entries are kept at least twelve months and deleted by the end of the
 * calendar year after the year they were written. We delete as early as allowed: an entry is due
 * on the same calendar day twelve months after the day it was written (German civil time), so a
 * daily run deletes the entries of 1 March 2025 on 1 March 2026 and those of 31 December 2025 on
 * 31 December 2026. Twelve months back from any day always lands in an earlier calendar year, so
 * an entry is never deleted in the year it was written, and the run on 31 December has removed
 * every entry of the previous year.
 *
 * Returns the instant before which entries are due (exclusive): the start of the day after
 * "today twelve months ago". A 29 February is twelve months before 28 February (the missing day
 * is clamped), so entries of 29 February 2024 are due on 1 March 2025, never earlier.
 */
export function retentionCutoff(now: Date, timeZone: string = auditTimeZone): Date {
  const sameDayLastYear = addMonths(calendarDate(now, timeZone), -12);
  return startOfDay(addDays(sameDayLastYear, 1), timeZone);
}

/** What a retention run deleted (or, on a dry run, would delete). */
export interface RetentionResult {
  municipalityId: string;
  dryRun: boolean;
  /** Entries written before this instant are due. */
  cutoff: Date;
  /** Entries deleted, or due for deletion on a dry run. */
  deleted: number;
  /** The range deleted; null when nothing was. */
  fromSeq: number | null;
  toSeq: number | null;
  oldestAt: string | null;
  newestAt: string | null;
}

interface RetentionPlan {
  /** The first entry that stays: every entry with a lower seq goes. */
  keepFromSeq: number;
  due: number;
  fromSeq: number | null;
  toSeq: number | null;
  oldestAt: string | null;
  newestAt: string | null;
}

export interface RetentionOptions {
  /** Only report what is due. */
  dryRun?: boolean;
  /** Entries deleted per transaction, so a first run over years of log does not hold the chain head for minutes. */
  batchSize?: number;
  /** Who runs it; recorded in the retention run's own log entry. */
  actor?: SystemActor;
}

/**
 * Deletes the due entries of a municipality's access log, oldest first, and moves the chain's
 * anchor to the first entry kept in the same transaction, so the retained log still verifies.
 * Deletion stops at the first entry that is not yet due (an entry written with a later clock
 * holds back the ones after it for a day or so) because a hole in the middle could not be told
 * apart from tampering. The run records itself in the log with counts and dates, no personal data.
 */
export async function applyRetention(ctx: AppContext, municipalityId: string, options: RetentionOptions = {}): Promise<RetentionResult> {
  const db = ctx.database.db;
  const now = ctx.now();
  const cutoff = retentionCutoff(now);
  const plan = await planRetention(db, municipalityId, cutoff);
  if (options.dryRun) {
    return {
      municipalityId, dryRun: true, cutoff, deleted: plan.due,
      fromSeq: plan.fromSeq, toSeq: plan.toSeq, oldestAt: plan.oldestAt, newestAt: plan.newestAt,
    };
  }
  const batchSize = options.batchSize ?? 10_000;
  const actor: SystemActor = options.actor ?? { kind: 'system', name: 'audit-retention', municipalityId };
  const deleted = { count: 0, fromSeq: null as number | null, toSeq: null as number | null, oldest: null as Date | null, newest: null as Date | null };
  let finished = false;
  while (!finished) {
    await db.transaction(async (tx) => {
      const [head] = await tx.select().from(auditChains).where(eq(auditChains.municipalityId, municipalityId)).for('update');
      if (head && head.anchorSeq < plan.keepFromSeq) {
        const boundary = Math.min(head.anchorSeq + batchSize, plan.keepFromSeq);
        const rows = await tx.delete(auditEntries)
          .where(and(eq(auditEntries.municipalityId, municipalityId), lt(auditEntries.seq, boundary)))
          .returning({ seq: auditEntries.seq, at: auditEntries.at, hash: auditEntries.hash });
        for (const row of rows) {
          const at = new Date(row.at);
          deleted.count += 1;
          if (deleted.fromSeq === null || row.seq < deleted.fromSeq) deleted.fromSeq = row.seq;
          if (deleted.toSeq === null || row.seq > deleted.toSeq) deleted.toSeq = row.seq;
          if (!deleted.oldest || at < deleted.oldest) deleted.oldest = at;
          if (!deleted.newest || at > deleted.newest) deleted.newest = at;
        }
        // The anchor keeps the hash of the last entry deleted: the first retained entry must link to it,
        // so a rewritten first entry (prev_hash and hash recomputed) still shows.
        const anchorPrevHash = rows.find((row) => row.seq === boundary - 1)?.hash
          ?? await prevHashAt(tx as unknown as Db, municipalityId, boundary, head);
        await tx.update(auditChains).set({ anchorSeq: boundary, anchorPrevHash })
          .where(eq(auditChains.municipalityId, municipalityId));
        finished = boundary >= plan.keepFromSeq;
      } else {
        finished = true;
      }
      if (finished) {
        await recordAccess(tx as unknown as Db, {
          municipalityId, actor, action: 'audit.retention', dataCategories: ['access_log'], personIds: [],
          purpose: 'Löschfrist nach § 40 Abs. 3 BMG',
          details: {
            cutoff: cutoff.toISOString(), deleted: deleted.count, fromSeq: deleted.fromSeq, toSeq: deleted.toSeq,
            oldestAt: deleted.oldest?.toISOString() ?? null, newestAt: deleted.newest?.toISOString() ?? null,
          },
        }, now);
      }
    });
  }
  return {
    municipalityId, dryRun: false, cutoff, deleted: deleted.count, fromSeq: deleted.fromSeq, toSeq: deleted.toSeq,
    oldestAt: deleted.oldest?.toISOString() ?? null, newestAt: deleted.newest?.toISOString() ?? null,
  };
}

/** The link into entry seq when the entry before it was already missing: taken from the entry itself, or the head. */
async function prevHashAt(db: Db, municipalityId: string, seq: number, head: { lastSeq: number; lastHash: string; anchorPrevHash: string }): Promise<string> {
  const [row] = await db.select({ prevHash: auditEntries.prevHash }).from(auditEntries)
    .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.seq, seq)));
  if (row) return row.prevHash;
  if (seq === head.lastSeq + 1) return head.lastHash;
  // Entries on both sides of the boundary are gone; verification reports the gap whatever the anchor says.
  return head.anchorPrevHash;
}

/** Which entries are due: the run of entries from the anchor up to the first one written on or after the cutoff. */
async function planRetention(db: Db, municipalityId: string, cutoff: Date): Promise<RetentionPlan> {
  const [head] = await db.select().from(auditChains).where(eq(auditChains.municipalityId, municipalityId));
  if (!head) return { keepFromSeq: 1, due: 0, fromSeq: null, toSeq: null, oldestAt: null, newestAt: null };
  const [firstKept] = await db.select({ seq: auditEntries.seq }).from(auditEntries)
    .where(and(eq(auditEntries.municipalityId, municipalityId), gte(auditEntries.seq, head.anchorSeq), gte(auditEntries.at, cutoff.toISOString())))
    .orderBy(asc(auditEntries.seq)).limit(1);
  // Without an entry that is not yet due, all existing entries go. Counting from the last existing
  // entry, not the head, keeps entries missing at the end missing (and reported) after retention.
  const [last] = firstKept ? [] : await db.select({ seq: max(auditEntries.seq) }).from(auditEntries).where(eq(auditEntries.municipalityId, municipalityId));
  const keepFromSeq = firstKept?.seq ?? (last?.seq ?? head.anchorSeq - 1) + 1;
  const [stats] = await db.select({
    due: count(), fromSeq: min(auditEntries.seq), toSeq: max(auditEntries.seq), oldestAt: min(auditEntries.at), newestAt: max(auditEntries.at),
  }).from(auditEntries).where(and(eq(auditEntries.municipalityId, municipalityId), lt(auditEntries.seq, keepFromSeq)));
  return {
    keepFromSeq,
    due: stats?.due ?? 0,
    fromSeq: stats?.fromSeq ?? null,
    toSeq: stats?.toSeq ?? null,
    oldestAt: stats?.oldestAt ? new Date(stats.oldestAt).toISOString() : null,
    newestAt: stats?.newestAt ? new Date(stats.newestAt).toISOString() : null,
  };
}

/** The auditor's view of retention: how old the log is, what is due and when retention last ran. */
export interface RetentionReport {
  timeZone: string;
  cutoff: string;
  oldestEntry: { seq: number; at: string } | null;
  due: { count: number; fromSeq: number | null; toSeq: number | null; oldestAt: string | null; newestAt: string | null };
  lastRun: { seq: number; at: string; actorName: string; deleted: number; cutoff: string | null } | null;
}

export async function retentionReport(ctx: AppContext, municipalityId: string): Promise<RetentionReport> {
  const db = ctx.database.db;
  const cutoff = retentionCutoff(ctx.now());
  const plan = await planRetention(db, municipalityId, cutoff);
  const [oldest] = await db.select({ seq: auditEntries.seq, at: auditEntries.at }).from(auditEntries)
    .where(eq(auditEntries.municipalityId, municipalityId)).orderBy(asc(auditEntries.seq)).limit(1);
  const [lastRun] = await db.select({ seq: auditEntries.seq, at: auditEntries.at, actorName: auditEntries.actorName, details: auditEntries.details })
    .from(auditEntries)
    .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.action, 'audit.retention')))
    .orderBy(desc(auditEntries.seq)).limit(1);
  return {
    timeZone: auditTimeZone,
    cutoff: cutoff.toISOString(),
    oldestEntry: oldest ? { seq: oldest.seq, at: new Date(oldest.at).toISOString() } : null,
    due: { count: plan.due, fromSeq: plan.fromSeq, toSeq: plan.toSeq, oldestAt: plan.oldestAt, newestAt: plan.newestAt },
    lastRun: lastRun
      ? {
        seq: lastRun.seq,
        at: new Date(lastRun.at).toISOString(),
        actorName: lastRun.actorName,
        deleted: typeof lastRun.details.deleted === 'number' ? lastRun.details.deleted : 0,
        cutoff: typeof lastRun.details.cutoff === 'string' ? lastRun.details.cutoff : null,
      }
      : null,
  };
}
