import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { generateMessageId, mailSenderFor, type OutgoingMail } from '../../platform/mail/sender.ts';
import { recordRequestEvent } from '../events.ts';
import { inboundMails, requestCorrespondence, visitRequests } from '../schema.ts';
import { threadIds } from './thread.ts';

export const correspondenceKinds = ['acknowledgement', 'denial', 'confirmation', 'reminder', 'cancellation', 'waitlist_offer', 'reply'] as const;
export type CorrespondenceKind = (typeof correspondenceKinds)[number];

export interface RequestMailInput {
  requestId: string;
  kind: CorrespondenceKind;
  subject: string;
  text: string;
  attachments?: OutgoingMail['attachments'];
  /** The letter or PDF this mail carries (issued_document), recorded with the correspondence. */
  documentId?: string | null;
  /** Reminders: the tour stop it is about (each reminder goes out once). */
  tourStopId?: string | null;
}

/** References kept on a reply: the thread's first and its latest ones, as RFC 5322 § 3.6.4 suggests for long threads. */
const maxReferences = 20;

/**
 * Mails the requester about their request, as a reply in the thread of their last mail to us
 * (In-Reply-To, References; our last mail when they never wrote), the reference in the subject
 * so their answer finds its way back. Recorded as request_correspondence (queued → sent | failed)
 * and, once sent, as a mail_out event.
 */
export async function sendRequestMail(ctx: AppContext, actor: Actor, input: RequestMailInput): Promise<{ correspondenceId: string; messageId: string }> {
  if (!actorCan(actor, 'requests.write')) throw forbidden('Your role does not allow mailing requesters.');
  const { db } = ctx.database;
  const [request] = await db.select().from(visitRequests)
    .where(and(eq(visitRequests.id, input.requestId), eq(visitRequests.municipalityId, actor.municipalityId))).limit(1);
  if (!request) throw notFound('The visit request');
  const to = request.requester.email?.trim();
  if (!to) {
    throw new AppError('REQUEST_NO_EMAIL',
      `The requester of ${request.reference} has no email address. Add one to the request, or send a letter instead.`, 409);
  }
  const subject = withReference(input.subject, request.reference);
  const thread = await threadOf(db, actor.municipalityId, request.id);
  const messageId = generateMessageId(ctx.config.mailFrom);
  const [row] = await db.insert(requestCorrespondence).values({
    municipalityId: actor.municipalityId,
    requestId: request.id,
    kind: input.kind,
    channel: 'email',
    recipient: to,
    subject,
    messageId,
    inReplyTo: thread?.inReplyTo ?? null,
    documentId: input.documentId ?? null,
    status: 'queued',
    tourStopId: input.tourStopId ?? null,
    createdAt: ctx.now(),
  }).returning({ id: requestCorrespondence.id });
  if (!row) throw new Error('request_correspondence insert returned nothing');

  try {
    await mailSenderFor(ctx.config).send({
      to,
      ...(request.requester.name ? { toName: request.requester.name } : {}),
      subject,
      text: input.text,
      messageId,
      ...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
      ...(input.attachments ? { attachments: input.attachments } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.update(requestCorrespondence).set({ status: 'failed', error: reason.slice(0, 1000) }).where(eq(requestCorrespondence.id, row.id));
    throw new AppError('MAIL_NOT_SENT', `The mail to ${to} was not sent: ${reason}`, 502, { correspondenceId: row.id });
  }

  const at = ctx.now();
  await db.transaction(async (tx) => {
    await tx.update(requestCorrespondence).set({ status: 'sent', sentAt: at }).where(eq(requestCorrespondence.id, row.id));
    await recordRequestEvent(tx, {
      municipalityId: actor.municipalityId, requestId: request.id, kind: 'mail_out', actor, at,
      detail: { correspondenceId: row.id, kind: input.kind, to, subject, messageId, ...(thread ? { inReplyTo: thread.inReplyTo } : {}) },
    });
  });
  return { correspondenceId: row.id, messageId };
}

/** "Ihr Hausbesuch" → "Ihr Hausbesuch [HB-7K2M-Q9*4]"; a subject that already names the reference stays as it is. */
export function withReference(subject: string, reference: string): string {
  const trimmed = subject.replace(/[\r\n]+/g, ' ').trim();
  if (trimmed.toUpperCase().includes(reference.toUpperCase())) return trimmed;
  return trimmed ? `${trimmed} [${reference}]` : `[${reference}]`;
}

/**
 * Where a new mail hangs in the thread: under the requester's last mail (its own References
 * carried on), or under our last mail when they have not written.
 */
async function threadOf(db: Db, municipalityId: string, requestId: string): Promise<{ inReplyTo: string; references: string[] } | null> {
  const [inbound] = await db.select({ messageId: inboundMails.messageId, raw: inboundMails.raw }).from(inboundMails)
    .where(and(eq(inboundMails.municipalityId, municipalityId), eq(inboundMails.requestId, requestId), inArray(inboundMails.status, ['new', 'linked'])))
    .orderBy(desc(inboundMails.receivedAt), desc(inboundMails.createdAt)).limit(1);
  if (inbound) {
    const earlier = await referencesOf(Buffer.from(inbound.raw));
    return { inReplyTo: inbound.messageId, references: trimReferences([...earlier.filter((id) => id !== inbound.messageId), inbound.messageId]) };
  }
  const [ours] = await db.select({ messageId: requestCorrespondence.messageId }).from(requestCorrespondence)
    .where(and(eq(requestCorrespondence.municipalityId, municipalityId), eq(requestCorrespondence.requestId, requestId),
      eq(requestCorrespondence.channel, 'email'), eq(requestCorrespondence.status, 'sent'), isNotNull(requestCorrespondence.messageId)))
    .orderBy(desc(requestCorrespondence.sentAt)).limit(1);
  return ours?.messageId ? { inReplyTo: ours.messageId, references: [ours.messageId] } : null;
}

/** The References of a stored mail, oldest first, read from its header block only (the body may be megabytes of scans). */
async function referencesOf(raw: Buffer): Promise<string[]> {
  const end = raw.indexOf('\r\n\r\n');
  const endLf = raw.indexOf('\n\n');
  const cut = [end, endLf].filter((i) => i >= 0);
  const header = cut.length > 0 ? raw.subarray(0, Math.min(...cut)) : raw;
  try {
    const parsed = await simpleParser(Buffer.concat([header, Buffer.from('\r\n\r\n')]));
    // threadIds lists nearest first; References are written oldest first.
    return threadIds(undefined, parsed.references).reverse();
  } catch {
    return [];
  }
}

function trimReferences(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length <= maxReferences) return unique;
  return [unique[0] as string, ...unique.slice(unique.length - (maxReferences - 1))];
}
