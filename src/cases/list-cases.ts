import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { mayReadBlockedPerson, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { registerToday } from '../register/dates.ts';
import { outboundMessages } from '../exchange/schema.ts';
import { activeDisclosureBlocks } from '../register/persons/get-person.ts';
import { persons } from '../register/schema.ts';
import type { CaseRow } from './case-store.ts';
import type { CaseSummary } from './case-view.types.ts';
import { isUuid } from './facts.ts';
import { caseSummary } from './present-case.ts';
import { serviceCases } from './schema.ts';
import { germanDate } from './workflows/text.ts';

export interface CaseListFilter {
  personId?: string | undefined;
  state?: string | undefined;
  serviceId?: string | undefined;
  limit?: number | undefined;
}

export const maxListLimit = 200;

/**
 * Cases by person, state or service, most recently changed first. Names shown in the list are
 * register data: the list is logged, and cases of persons under a block the officer may not see
 * are left out (asking for such a person's cases answers an empty list, logged as refused).
 */
export async function listCases(ctx: AppContext, actor: Actor, filter: CaseListFilter): Promise<CaseSummary[]> {
  const db = ctx.database.db;
  const conditions: SQL[] = [eq(serviceCases.municipalityId, actor.municipalityId)];
  if (filter.personId !== undefined) {
    if (!isUuid(filter.personId)) return [];
    conditions.push(eq(serviceCases.personId, filter.personId.toLowerCase()));
  }
  if (filter.state) conditions.push(eq(serviceCases.state, filter.state));
  if (filter.serviceId) conditions.push(eq(serviceCases.serviceId, filter.serviceId));
  const limit = Math.min(Math.max(1, filter.limit ?? 50), maxListLimit);
  const rows = await db.select().from(serviceCases).where(and(...conditions)).orderBy(desc(serviceCases.updatedAt)).limit(limit);
  return summarise(ctx, db, actor, rows, 'case.list', { filter });
}

const stalledAfterDays = 7;

/**
 * The clerk's review queue: cases put into review (needs_review); captured or paid cases nobody
 * has touched for a week — an application taken at a bedside that was never completed is a
 * decision waiting to be made (complete it, or cancel and refund); and completed cases whose
 * outgoing message failed for good or was rejected (retry or cancel it in the outbox). Oldest first.
 */
export async function listReviewCases(ctx: AppContext, actor: Actor): Promise<CaseSummary[]> {
  const db = ctx.database.db;
  const now = ctx.now();
  const stalledBefore = new Date(now.getTime() - stalledAfterDays * 24 * 3600 * 1000);
  const stuck = db.select({ caseId: outboundMessages.caseId }).from(outboundMessages).where(and(
    eq(outboundMessages.municipalityId, actor.municipalityId), inArray(outboundMessages.status, ['failed', 'rejected']),
  ));
  const rows = await db.select().from(serviceCases).where(and(
    eq(serviceCases.municipalityId, actor.municipalityId),
    or(
      eq(serviceCases.state, 'needs_review'),
      and(inArray(serviceCases.state, ['captured', 'paid']), lt(serviceCases.updatedAt, stalledBefore)),
      and(eq(serviceCases.state, 'completed'), inArray(serviceCases.id, stuck)),
    ),
  )).orderBy(serviceCases.updatedAt).limit(maxListLimit);
  const failed = new Map<string, { kind: string; recipientName: string; status: string }>();
  const completedIds = rows.filter((r) => r.state === 'completed').map((r) => r.id);
  if (completedIds.length > 0) {
    const messages = await db.select({ caseId: outboundMessages.caseId, kind: outboundMessages.kind, recipientName: outboundMessages.recipientName, status: outboundMessages.status })
      .from(outboundMessages).where(and(inArray(outboundMessages.caseId, completedIds), inArray(outboundMessages.status, ['failed', 'rejected'])));
    for (const m of messages) if (m.caseId && !failed.has(m.caseId)) failed.set(m.caseId, m);
  }
  return summarise(ctx, db, actor, rows, 'case.review_queue', {}, (row) => {
    if (row.state === 'needs_review') return row.reviewReason;
    const message = failed.get(row.id);
    if (row.state === 'completed') {
      return `Nachricht an ${message?.recipientName ?? 'den Empfänger'} ${message?.status === 'rejected' ? 'abgewiesen' : 'endgültig nicht zugestellt'}: im Postausgang erneut senden oder stornieren.`;
    }
    const since = germanDate(registerToday(row.updatedAt));
    return row.state === 'captured'
      ? `Seit ${since} erfasst, aber nicht bezahlt: abschließen oder stornieren.`
      : `Seit ${since} bezahlt, aber nicht abgeschlossen: abschließen oder stornieren und erstatten.`;
  });
}

async function summarise(
  ctx: AppContext, db: Db, actor: Actor, rows: CaseRow[], action: string, details: Record<string, unknown>,
  reasonOf?: (row: CaseRow) => string | null,
): Promise<CaseSummary[]> {
  const now = ctx.now();
  const today = registerToday(now);
  const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const blocked = await activeDisclosureBlocks(db, personIds, today);
  const hidden = new Set([...blocked.keys()].filter((id) => !mayReadBlockedPerson(actor, id)));
  const shownIds = personIds.filter((id) => !hidden.has(id));
  const people = shownIds.length === 0 ? [] : await db.select({
    id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames, birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay,
  }).from(persons).where(inArray(persons.id, shownIds));
  const byId = new Map(people.map((p) => [p.id, { id: p.id, familyName: p.familyName, givenNames: p.givenNames, birthDate: partialDate(p.birthYear, p.birthMonth, p.birthDay) }]));

  if (shownIds.length > 0 || hidden.size > 0) {
    await recordAccess(db, {
      municipalityId: actor.municipalityId, actor, action, dataCategories: shownIds.length > 0 ? ['names', 'birth'] : [], personIds: shownIds,
      purpose: null,
      details: { ...details, ...(hidden.size > 0 ? { hiddenPersonIds: [...hidden], refused: true } : {}), ...([...blocked.keys()].some((id) => !hidden.has(id)) ? { blocked: true } : {}) },
    }, now);
  }
  return rows
    .filter((row) => row.personId === null || !hidden.has(row.personId))
    .map((row) => caseSummary(row, row.personId ? byId.get(row.personId) ?? null : null, reasonOf ? reasonOf(row) : undefined));
}

function partialDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}${month === null ? '' : `-${pad(month)}${day === null ? '' : `-${pad(day)}`}`}`;
}
