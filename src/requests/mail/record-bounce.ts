/**
 * What a bounce in the intake mailbox changes: the mail of ours it reports is marked failed with
 * the reason, the request's history says so, the bounce stays with the request's correspondence,
 * and a tour confirmation or reminder that did not arrive goes to the tour's print pile instead
 * (as confirm-tour.ts does when the mail server refuses at once). A bounce of a mail nobody here
 * sent is kept for the dispatcher with its reason.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { SystemActor } from '../../identity/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { queueLetter } from '../../planning/confirmations/confirm-tour.ts';
import { letterRecipient } from '../../planning/confirmations/visit-letters.ts';
import { tourStops, tours } from '../../planning/schema.ts';
import { registerToday } from '../../register/dates.ts';
import { institutions } from '../../register/schema.ts';
import { recordRequestEvent } from '../events.ts';
import { inboundMails, requestCorrespondence, visitRequests } from '../schema.ts';
import { bounceReason, type DeliveryReport, type FailedRecipient } from './bounce.ts';

export type FailedReport = Extract<DeliveryReport, { outcome: 'failed' }>;

type CorrespondenceRow = typeof requestCorrespondence.$inferSelect;

/** Why no letter was queued for a bounced confirmation or reminder (in the event's detail). */
export type LetterOutcome = 'queued' | 'already_in_pile' | 'not_confirmed' | 'tour_over' | 'no_letter' | 'not_a_visit_mail';

/**
 * Applies a failed delivery report to our correspondence and updates the inbound_mail row
 * (status bounced, the reason in error, linked to the request). Run it in the transaction that
 * stored the inbound mail. Returns the requests it touched (none for an unknown original).
 */
export async function recordBounce(
  db: Db, actor: SystemActor, input: { inboundMailId: string; report: FailedReport; at: Date },
): Promise<{ requestIds: string[]; reason: string }> {
  const { municipalityId } = actor;
  const { report } = input;
  const matched = await bouncedRows(db, municipalityId, report.originalMessageIds);
  if (matched.length === 0) {
    const reason = bounceReason(report.recipients[0]);
    const original = report.originalMessageIds[0];
    await db.update(inboundMails).set({
      status: 'bounced',
      error: `${reason}. ${original ? `Die zurückgekommene E-Mail ${original} ist keiner Anfrage zuzuordnen` : 'Die Rückmeldung nennt die zurückgekommene E-Mail nicht'}: bitte im Original nachsehen, wem sie galt.`.slice(0, 2000),
    }).where(eq(inboundMails.id, input.inboundMailId));
    return { requestIds: [], reason };
  }

  // A mail to an institution's office is one Message-ID on every request of its stop: each learns of it.
  const reasons: string[] = [];
  for (const row of matched) {
    const failed = recipientFor(report.recipients, row.recipient);
    const reason = bounceReason(failed);
    reasons.push(reason);
    // A second report about the same mail (another relay, a copy) changes nothing more.
    if (row.status === 'failed') continue;
    await db.update(requestCorrespondence).set({ status: 'failed', error: reason }).where(eq(requestCorrespondence.id, row.id));
    const letter = await letterInstead(db, actor, row, input.at);
    await recordRequestEvent(db, {
      municipalityId, requestId: row.requestId, kind: 'mail_bounced', actor, at: input.at,
      detail: {
        inboundMailId: input.inboundMailId, correspondenceId: row.id, kind: row.kind, to: row.recipient, messageId: row.messageId,
        status: failed?.status ?? null, diagnostic: failed?.diagnostic ?? null, reason, letter,
      },
    });
  }
  await db.update(inboundMails).set({ status: 'bounced', requestId: matched[0]!.requestId, error: reasons[0]! })
    .where(eq(inboundMails.id, input.inboundMailId));
  return { requestIds: [...new Set(matched.map((row) => row.requestId))], reason: reasons[0]! };
}

/** Our mails with the first Message-ID the report names that is one of ours (the most certain first). */
async function bouncedRows(db: Db, municipalityId: string, ids: string[]): Promise<CorrespondenceRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(requestCorrespondence).where(and(
    eq(requestCorrespondence.municipalityId, municipalityId), eq(requestCorrespondence.channel, 'email'), inArray(requestCorrespondence.messageId, ids),
  ));
  for (const id of ids) {
    const hits = rows.filter((row) => row.messageId === id);
    if (hits.length > 0) return hits;
  }
  return [];
}

function recipientFor(recipients: FailedRecipient[], address: string): FailedRecipient | undefined {
  return recipients.find((r) => r.recipient === address.trim().toLowerCase()) ?? recipients[0];
}

/**
 * A confirmation or reminder that did not arrive: the tour's confirmation letter goes to the
 * print pile, unless the request is no longer on a coming confirmed tour or that letter already
 * lies there (or was printed: the institution's office letter, a confirmation that failed earlier).
 */
async function letterInstead(db: Db, actor: SystemActor, row: CorrespondenceRow, at: Date): Promise<LetterOutcome> {
  if ((row.kind !== 'confirmation' && row.kind !== 'reminder') || !row.tourStopId) return 'not_a_visit_mail';
  const [request] = await db.select().from(visitRequests).where(and(eq(visitRequests.id, row.requestId), eq(visitRequests.municipalityId, actor.municipalityId))).limit(1);
  if (!request || request.status !== 'confirmed') return 'not_confirmed';
  const [found] = await db.select({ stop: tourStops, tour: tours }).from(tourStops).innerJoin(tours, eq(tours.id, tourStops.tourId))
    .where(and(eq(tourStops.id, row.tourStopId), eq(tours.municipalityId, actor.municipalityId))).limit(1);
  if (!found || found.tour.status !== 'confirmed' || !found.stop.requestIds.includes(request.id)) return 'not_confirmed';
  if (found.tour.date < registerToday(at)) return 'tour_over';
  // A reminder carries no letter: the stop's confirmation letter says the same (date, window, what to have ready).
  const documentId = row.documentId ?? (await db.select({ documentId: requestCorrespondence.documentId }).from(requestCorrespondence).where(and(
    eq(requestCorrespondence.requestId, request.id), eq(requestCorrespondence.tourStopId, found.stop.id),
    eq(requestCorrespondence.kind, 'confirmation'), isNotNull(requestCorrespondence.documentId),
  )).orderBy(desc(requestCorrespondence.createdAt)).limit(1))[0]?.documentId;
  if (!documentId) return 'no_letter';
  const [inPile] = await db.select({ id: requestCorrespondence.id }).from(requestCorrespondence).where(and(
    eq(requestCorrespondence.requestId, request.id), eq(requestCorrespondence.tourStopId, found.stop.id), eq(requestCorrespondence.channel, 'letter'),
    eq(requestCorrespondence.documentId, documentId), inArray(requestCorrespondence.status, ['queued', 'sent']),
  )).limit(1);
  if (inPile) return 'already_in_pile';
  const institutionName = found.stop.institutionId
    ? (await db.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, found.stop.institutionId)).limit(1))[0]?.name ?? null
    : null;
  const recipient = letterRecipient({ requester: request.requester, subject: request.subject, place: found.stop.place, institutionName }).join(', ');
  await queueLetter(db, request, found.stop.id, documentId, recipient, actor, at);
  return 'queued';
}
