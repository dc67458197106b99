/** The office's list of visit requests (inbox and search): filters, text search and paging. */
import { and, count, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { presentSummary, type VisitRequestSummary } from './get-request.ts';
import { requirePermission } from './request-store.ts';
import { visitRequests } from './schema.ts';

export const maxRequestListLimit = 200;
export const defaultRequestListLimit = 50;

export interface ListVisitRequestsQuery {
  /** One or more statuses; without it, every request except merged ones. */
  status?: string[] | undefined;
  channel?: string | undefined;
  /** Reference (HB-…), the subject's or the requester's name, or the organisation; any part of it. */
  text?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Newest first. `total` counts every match, for paging. */
export async function listVisitRequests(ctx: AppContext, actor: Actor, query: ListVisitRequestsQuery): Promise<{ requests: VisitRequestSummary[]; total: number }> {
  requirePermission(actor, 'requests.read');
  const db = ctx.database.db;
  const conditions: SQL[] = [eq(visitRequests.municipalityId, actor.municipalityId)];
  if (query.status && query.status.length > 0) conditions.push(inArray(visitRequests.status, query.status));
  else conditions.push(ne(visitRequests.status, 'merged'));
  if (query.channel) conditions.push(eq(visitRequests.channel, query.channel));
  const text = query.text?.trim();
  if (text) {
    // LIKE wildcards typed by the user are taken literally.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (expression: SQL) => sql`unaccent(${expression}) ILIKE unaccent(${pattern})`;
    const match = or(
      like(sql`${visitRequests.reference}`),
      like(sql`(${visitRequests.subject}->>'givenNames') || ' ' || (${visitRequests.subject}->>'familyName')`),
      like(sql`(${visitRequests.subject}->>'familyName') || ', ' || (${visitRequests.subject}->>'givenNames')`),
      like(sql`coalesce(${visitRequests.requester}->>'name', '')`),
      like(sql`coalesce(${visitRequests.requester}->>'organisation', '')`),
      like(sql`coalesce(${visitRequests.requester}->>'email', '')`),
    );
    if (match) conditions.push(match);
  }
  const where = and(...conditions);
  const limit = Math.min(Math.max(1, query.limit ?? defaultRequestListLimit), maxRequestListLimit);
  const offset = Math.max(0, query.offset ?? 0);
  const rows = await db.select().from(visitRequests).where(where)
    .orderBy(desc(visitRequests.createdAt), desc(visitRequests.id)).limit(limit).offset(offset);
  const [total] = await db.select({ n: count() }).from(visitRequests).where(where);
  return { requests: rows.map(presentSummary), total: total?.n ?? 0 };
}
