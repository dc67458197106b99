import { and, count, desc, eq, lt, notInArray, type SQL } from 'drizzle-orm';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import type { OutboxList } from './outbox-view.types.ts';
import { germanDay, presentMessage } from './present-message.ts';
import { outboundMessages, type OutboundStatus } from './schema.ts';

export interface OutboxFilter {
  status?: OutboundStatus | undefined;
  kind?: string | undefined;
  caseId?: string | undefined;
  /** Only messages past their due day that have not gone out. */
  overdue?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * The municipality's outgoing messages, newest first, with status, attempts, last error, due day
 * and the overdue flag. No payload: the list shows no personal data beyond the recipient authority,
 * so it is not an access to register data.
 */
export async function listOutbox(ctx: AppContext, actor: Actor, filter: OutboxFilter = {}): Promise<OutboxList> {
  if (!actorCan(actor, 'outbox.read')) throw forbidden();
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 50;
  const now = ctx.now();
  const conditions: SQL[] = [eq(outboundMessages.municipalityId, actor.municipalityId)];
  if (filter.status) conditions.push(eq(outboundMessages.status, filter.status));
  if (filter.kind) conditions.push(eq(outboundMessages.kind, filter.kind));
  if (filter.caseId) conditions.push(eq(outboundMessages.caseId, filter.caseId));
  if (filter.overdue) {
    conditions.push(lt(outboundMessages.dueBy, germanDay(now)), notInArray(outboundMessages.status, ['delivered', 'cancelled']));
  }
  const where = and(...conditions);
  const db = ctx.database.db;
  const [rows, [total]] = [
    await db.select().from(outboundMessages).where(where)
      .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
      .limit(pageSize).offset((page - 1) * pageSize),
    await db.select({ n: count() }).from(outboundMessages).where(where),
  ];
  return { messages: rows.map((row) => presentMessage(row, now)), total: total?.n ?? 0, page, pageSize };
}
