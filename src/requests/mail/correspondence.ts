import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { inboundMails, requestCorrespondence, visitRequests } from '../schema.ts';

export const inboundStatuses = ['new', 'linked', 'bounced', 'ignored', 'failed'] as const;
export type InboundStatus = (typeof inboundStatuses)[number];

/** One mail or letter in a request's thread, in or out. */
export type CorrespondenceItem =
  | {
    direction: 'in'; id: string; at: string; from: string; fromName: string | null; subject: string; text: string;
    status: string; messageId: string;
  }
  | {
    direction: 'out'; id: string; at: string; kind: string; channel: string; recipient: string; subject: string | null;
    status: string; error: string | null; messageId: string | null; inReplyTo: string | null; documentId: string | null; sentAt: string | null;
  };

/** The mails from the requester and ours to them (and letters), and the bounces of ours, oldest first: the thread as the dispatcher reads it. */
export async function listRequestCorrespondence(ctx: AppContext, actor: Actor, requestId: string): Promise<{ reference: string; items: CorrespondenceItem[] }> {
  if (!actorCan(actor, 'requests.read')) throw forbidden();
  const { db } = ctx.database;
  const [request] = await db.select({ id: visitRequests.id, reference: visitRequests.reference }).from(visitRequests)
    .where(and(eq(visitRequests.id, requestId), eq(visitRequests.municipalityId, actor.municipalityId))).limit(1);
  if (!request) throw notFound('The visit request');
  const inbound = await db.select({
    id: inboundMails.id, receivedAt: inboundMails.receivedAt, fromAddress: inboundMails.fromAddress, fromName: inboundMails.fromName,
    subject: inboundMails.subject, text: inboundMails.text, status: inboundMails.status, messageId: inboundMails.messageId,
  }).from(inboundMails)
    .where(and(eq(inboundMails.municipalityId, actor.municipalityId), eq(inboundMails.requestId, request.id), inArray(inboundMails.status, ['new', 'linked', 'bounced'])));
  const outbound = await db.select().from(requestCorrespondence)
    .where(and(eq(requestCorrespondence.municipalityId, actor.municipalityId), eq(requestCorrespondence.requestId, request.id)));
  const items: CorrespondenceItem[] = [
    ...inbound.map((m) => ({
      direction: 'in' as const, id: m.id, at: m.receivedAt.toISOString(), from: m.fromAddress, fromName: m.fromName, subject: m.subject,
      text: m.text, status: m.status, messageId: m.messageId,
    })),
    ...outbound.map((c) => ({
      direction: 'out' as const, id: c.id, at: (c.sentAt ?? c.createdAt).toISOString(), kind: c.kind, channel: c.channel, recipient: c.recipient,
      subject: c.subject, status: c.status, error: c.error, messageId: c.messageId, inReplyTo: c.inReplyTo, documentId: c.documentId,
      sentAt: c.sentAt?.toISOString() ?? null,
    })),
  ];
  items.sort((a, b) => a.at.localeCompare(b.at) || (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1));
  return { reference: request.reference, items };
}

export interface InboundMailSummary {
  id: string;
  receivedAt: string;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  /** The start of the text, for the list. */
  excerpt: string;
  status: string;
  error: string | null;
  requestId: string | null;
  reference: string | null;
}

/** The intake inbox, newest first: what came in, what became of it, and what failed. */
export async function listInboundMails(
  ctx: AppContext,
  actor: Actor,
  query: { status?: InboundStatus | undefined; page?: number; pageSize?: number } = {},
): Promise<{ mails: InboundMailSummary[]; total: number; page: number; pageSize: number }> {
  if (!actorCan(actor, 'requests.read')) throw forbidden();
  const { db } = ctx.database;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const where: SQL[] = [eq(inboundMails.municipalityId, actor.municipalityId)];
  if (query.status) where.push(eq(inboundMails.status, query.status));
  const [total] = await db.select({ n: count() }).from(inboundMails).where(and(...where));
  const rows = await db.select({
    id: inboundMails.id, receivedAt: inboundMails.receivedAt, fromAddress: inboundMails.fromAddress, fromName: inboundMails.fromName,
    subject: inboundMails.subject, text: sql<string>`left(${inboundMails.text}, 400)`, status: inboundMails.status, error: inboundMails.error,
    requestId: inboundMails.requestId, reference: visitRequests.reference,
  }).from(inboundMails)
    .leftJoin(visitRequests, eq(visitRequests.id, inboundMails.requestId))
    .where(and(...where))
    .orderBy(desc(inboundMails.receivedAt), desc(inboundMails.uid))
    .limit(pageSize).offset((page - 1) * pageSize);
  return {
    mails: rows.map((r) => ({
      id: r.id, receivedAt: r.receivedAt.toISOString(), fromAddress: r.fromAddress, fromName: r.fromName, subject: r.subject,
      excerpt: r.text.replace(/\s+/g, ' ').trim().slice(0, 200), status: r.status, error: r.error, requestId: r.requestId, reference: r.reference ?? null,
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}
