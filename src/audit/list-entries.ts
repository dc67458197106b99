import { and, count, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { forbidden } from '../platform/errors.ts';
import { addDays, auditTimeZone, parseDate, startOfDay } from './calendar.ts';
import { recordAccess } from './record-access.ts';
import { auditEntries } from './schema.ts';

export interface AuditEntryFilter {
  /** Entries written at or after this instant. */
  from?: Date | undefined;
  /** Entries written before this instant. */
  to?: Date | undefined;
  /** Who acted: the username (or system actor name), case-insensitive. */
  actor?: string | undefined;
  /** An action (register.person.read) or a family of actions (register.*). */
  action?: string | undefined;
  /** Entries that touched this person. */
  personId?: string | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** An access-log entry as the auditor sees it. */
export interface AuditEntryView {
  seq: number;
  at: string;
  actorName: string;
  actorRoles: string[];
  action: string;
  dataCategories: string[];
  personIds: string[];
  hitCount: number;
  purpose: string | null;
  details: Record<string, unknown>;
}

export interface AuditEntryPage {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of the municipality's access log, newest first. Reading the log is itself an access
 * that has to be accountable, so the read is logged in the same transaction (action audit.read,
 * with the filter; the person filter is kept in the details, not as a person touched, because
 * the auditor saw log entries, not that person's register data).
 */
export async function listAuditEntries(ctx: AppContext, actor: Actor, filter: AuditEntryFilter): Promise<AuditEntryPage> {
  if (!actorCan(actor, 'audit.read')) throw forbidden('Reading the access log needs the permission audit.read (role auditor).');
  const municipalityId = actor.municipalityId;
  return ctx.database.db.transaction(async (tx) => {
    const where = and(eq(auditEntries.municipalityId, municipalityId), ...conditions(filter));
    const [totalRow] = await tx.select({ n: count() }).from(auditEntries).where(where);
    const rows = await tx.select().from(auditEntries).where(where)
      .orderBy(desc(auditEntries.seq)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
    const total = totalRow?.n ?? 0;
    await recordAccess(tx as unknown as Db, {
      municipalityId, actor, action: 'audit.read', dataCategories: ['access_log'], personIds: [], hitCount: rows.length,
      details: {
        filter: {
          from: filter.from?.toISOString(), to: filter.to?.toISOString(), actor: filter.actor, action: filter.action, personId: filter.personId,
        },
        page: filter.page, pageSize: filter.pageSize, total,
      },
    }, ctx.now());
    return {
      entries: rows.map((row) => ({
        seq: row.seq,
        at: new Date(row.at).toISOString(),
        actorName: row.actorName,
        actorRoles: row.actorRoles,
        action: row.action,
        dataCategories: row.dataCategories,
        personIds: row.personIds,
        hitCount: row.hitCount,
        purpose: row.purpose,
        details: row.details,
      })),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  });
}

function conditions(filter: AuditEntryFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.from) where.push(gte(auditEntries.at, filter.from.toISOString()));
  if (filter.to) where.push(lt(auditEntries.at, filter.to.toISOString()));
  if (filter.actor) where.push(sql`lower(${auditEntries.actorName}) = ${filter.actor.toLowerCase()}`);
  if (filter.action) {
    where.push(filter.action.endsWith('.*')
      ? like(auditEntries.action, `${escapeLike(filter.action.slice(0, -1))}%`)
      : eq(auditEntries.action, filter.action));
  }
  if (filter.personId) where.push(sql`${auditEntries.personIds} @> array[${filter.personId.toLowerCase()}]::uuid[]`);
  return where;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A from/to bound as an auditor writes it: a day (YYYY-MM-DD, German civil time; the whole day is
 * included, so to=2026-03-01 ends at midnight after 1 March) or an instant with offset
 * (2026-03-01T08:00:00Z, to exclusive). Null when it is neither.
 */
export function timeBound(text: string, edge: 'from' | 'to', timeZone: string = auditTimeZone): Date | null {
  const day = parseDate(text);
  if (day) return startOfDay(edge === 'from' ? day : addDays(day, 1), timeZone);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}
