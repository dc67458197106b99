/**
 * What the requester sees and does through the status link: the reference, the state in plain
 * words, the visit once planned (day, time window, place), open offers from the waitlist; and
 * cancelling, which frees the slot for the next on the waitlist. Only what the requester gave
 * and what is planned for them: nothing from the register, no staff names, no notes.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { tourStops, tours } from '../../planning/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordRequestEvent } from '../events.ts';
import { sendRequestMail } from '../mail/send-request-mail.ts';
import { requestIdOfLink } from '../links.ts';
import { statusTokenHash } from '../reference.ts';
import { inTransaction, type VisitRequestRow } from '../request-store.ts';
import { visitRequests } from '../schema.ts';
import { acceptOfferAndConfirm } from '../waitlist/accept-offer.ts';
import { offerFreedSlot, pendingOffers, type PendingOffer } from '../waitlist/offer-freed-slot.ts';
import { portalActor } from './submit-request.ts';

export const statusTokenPattern = /^[A-Za-z0-9_-]{40,64}$/;

/** What the requester may read. */
export interface RequesterStatus {
  reference: string;
  /** received | in_review | waiting | planned | confirmed | done | declined | cancelled */
  state: 'received' | 'in_review' | 'waiting' | 'planned' | 'confirmed' | 'done' | 'declined' | 'cancelled';
  stateText: { de: string; en: string };
  subjectName: string;
  services: string[];
  createdAt: string;
  visit: { date: string; from: string; to: string; place: string } | null;
  canCancel: boolean;
  offers: PendingOffer[];
}

const stateTexts: Record<RequesterStatus['state'], { de: string; en: string }> = {
  received: { de: 'Ihre Anfrage ist eingegangen. Wir prüfen sie bald.', en: 'Your request has arrived. We will look at it soon.' },
  in_review: { de: 'Wir prüfen, ob ein Hausbesuch möglich ist.', en: 'We are checking whether a home visit is possible.' },
  waiting: { de: 'Ein Hausbesuch ist möglich. Sobald ein Termin frei ist, planen wir ihn ein und sagen Ihnen Bescheid.', en: 'A home visit is possible. As soon as a slot is free we will plan it and let you know.' },
  planned: { de: 'Der Besuch ist eingeplant. Die Uhrzeit kann sich noch leicht ändern, bis wir sie bestätigen.', en: 'The visit is planned. The time may still change slightly until we confirm it.' },
  confirmed: { de: 'Der Termin ist bestätigt.', en: 'The appointment is confirmed.' },
  done: { de: 'Der Besuch hat stattgefunden.', en: 'The visit has taken place.' },
  declined: { de: 'Ein Hausbesuch ist leider nicht möglich. Sie erhalten oder erhielten einen Brief mit den Gründen und anderen Möglichkeiten.', en: 'Unfortunately a home visit is not possible. You will receive (or received) a letter with the reasons and other options.' },
  cancelled: { de: 'Die Anfrage ist zurückgezogen.', en: 'The request has been cancelled.' },
};

function stateOf(row: VisitRequestRow): RequesterStatus['state'] {
  switch (row.status) {
    case 'draft': return 'received';
    case 'open': return 'in_review';
    case 'eligible': return row.waitlistedAt ? 'waiting' : 'in_review';
    case 'planned': return 'planned';
    case 'confirmed': return 'confirmed';
    case 'done': return 'done';
    case 'denied': return 'declined';
    case 'merged': return 'in_review';
    default: return 'cancelled';
  }
}

const cancellable = new Set(['draft', 'open', 'eligible', 'planned', 'confirmed']);

const unknownLink = () => new AppError('STATUS_LINK_UNKNOWN', 'This status link is not known. Check that you copied it completely from the mail.', 404, {
  text: { de: 'Diesen Link kennen wir nicht. Prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.', en: 'This status link is not known. Check that you copied it completely from the mail.' },
});

/** The request of a status link, or of an offer link (which works as a status link of its request). */
async function requestOfToken(db: Db, token: string, now: Date, lock = false): Promise<VisitRequestRow & { viaMerge?: boolean }> {
  if (!statusTokenPattern.test(token)) throw unknownLink();
  const byHash = (id?: string) => {
    const query = db.select().from(visitRequests)
      .where(id ? eq(visitRequests.id, id) : eq(visitRequests.statusTokenHash, statusTokenHash(token))).limit(1);
    return lock ? query.for('update') : query;
  };
  let [row] = await byHash();
  if (!row) {
    const linked = await requestIdOfLink(db, token, now);
    if (linked) [row] = await byHash(linked);
  }
  if (!row) throw unknownLink();
  // A duplicate merged into another request: the link shows the request that is being worked on
  // (read only: the other requester's request is not this link's to cancel).
  if (!lock && row.status === 'merged' && row.mergedIntoId) {
    const [kept] = await byHash(row.mergedIntoId);
    if (kept) return { ...kept, viaMerge: true };
  }
  return row;
}

/** The request's current stop (a tour that is not cancelled), if any. */
async function currentStop(db: Db, requestId: string) {
  const [stop] = await db.select({ stop: tourStops, tour: tours }).from(tourStops).innerJoin(tours, eq(tours.id, tourStops.tourId))
    .where(and(ne(tours.status, 'cancelled'), sql`${tourStops.requestIds} @> ${JSON.stringify([requestId])}::jsonb`))
    .orderBy(asc(tours.date)).limit(1);
  return stop ?? null;
}

export async function requesterStatus(ctx: AppContext, token: string): Promise<RequesterStatus> {
  const { db } = ctx.database;
  const row = await requestOfToken(db, token, ctx.now());
  const state = stateOf(row);
  const planned = state === 'planned' || state === 'confirmed' ? await currentStop(db, row.id) : null;
  return {
    reference: row.reference,
    state,
    stateText: stateTexts[state],
    subjectName: `${row.subject.givenNames} ${row.subject.familyName}`.trim(),
    services: row.services,
    createdAt: row.createdAt.toISOString(),
    visit: planned ? { date: planned.tour.date, from: planned.stop.startAt.toISOString(), to: planned.stop.endAt.toISOString(), place: planned.stop.place } : null,
    canCancel: !row.viaMerge && cancellable.has(row.status),
    offers: row.viaMerge ? [] : await pendingOffers(db, row, ctx.now()),
  };
}

/**
 * Cancels the request for the requester. The request leaves its tour stop (a stop left without
 * requests is deleted; the tour's times stay as planned — the planner tightens them on its next
 * run), then the freed room is offered to the waitlist.
 */
export async function cancelByRequester(ctx: AppContext, token: string, reason: string | null): Promise<RequesterStatus> {
  const now = ctx.now();
  const { row, freedTours } = await inTransaction(ctx.database.db, async (tx) => {
    const row = await requestOfToken(tx, token, now, true);
    if (!cancellable.has(row.status)) {
      throw new AppError('REQUEST_NOT_CANCELLABLE', `The request ${row.reference} cannot be cancelled any more (${stateOf(row)}).`, 409, {
        state: stateOf(row),
        text: { de: `Die Anfrage ${row.reference} kann nicht mehr zurückgezogen werden: ${stateTexts[stateOf(row)].de}`, en: `The request ${row.reference} cannot be cancelled any more: ${stateTexts[stateOf(row)].en}` },
      });
    }
    const actor = portalActor(row.municipalityId);
    const stops = await tx.select({ stop: tourStops, tour: tours }).from(tourStops).innerJoin(tours, eq(tours.id, tourStops.tourId))
      .where(and(eq(tourStops.municipalityId, row.municipalityId), ne(tours.status, 'cancelled'), sql`${tourStops.requestIds} @> ${JSON.stringify([row.id])}::jsonb`));
    const freedTours = new Set<string>();
    for (const { stop, tour } of stops) {
      const rest = stop.requestIds.filter((id) => id !== row.id);
      if (rest.length > 0) {
        await tx.update(tourStops).set({ requestIds: rest }).where(eq(tourStops.id, stop.id));
      } else {
        await tx.delete(tourStops).where(eq(tourStops.id, stop.id));
        await tx.update(tourStops).set({ sequence: sql`${tourStops.sequence} - 1` })
          .where(and(eq(tourStops.tourId, tour.id), sql`${tourStops.sequence} > ${stop.sequence}`));
      }
      await tx.update(tours).set({ updatedAt: now }).where(eq(tours.id, tour.id));
      freedTours.add(tour.id);
    }
    await tx.update(visitRequests).set({ status: 'cancelled', updatedAt: now, version: row.version + 1 }).where(eq(visitRequests.id, row.id));
    await recordRequestEvent(tx, {
      municipalityId: row.municipalityId, requestId: row.id, kind: 'cancelled', actor, at: now,
      detail: { by: 'requester', previousStatus: row.status, ...(reason ? { reason } : {}), tours: [...freedTours] },
    });
    return { row, freedTours };
  });
  const actor = portalActor(row.municipalityId);
  if (row.requester.email?.trim()) {
    try {
      await sendRequestMail(ctx, actor, {
        requestId: row.id, kind: 'cancellation', subject: 'Ihre Anfrage für einen Hausbesuch ist zurückgezogen',
        text: [
          `Guten Tag ${row.requester.name},`, '',
          `Ihre Anfrage ${row.reference} (Hausbesuch für ${row.subject.givenNames} ${row.subject.familyName}) ist wie gewünscht zurückgezogen${freedTours.size > 0 ? '; der geplante Termin entfällt' : ''}.`,
          'Wenn Sie doch einen Besuch brauchen, stellen Sie bitte eine neue Anfrage.', '',
          'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
          `Your request ${row.reference} has been cancelled as you asked. If you need a visit after all, please send a new request.`,
        ].join('\n'),
      });
    } catch (error) {
      ctx.logger.warn({ err: error, requestId: row.id }, 'cancellation mail not sent');
    }
  }
  for (const tourId of freedTours) {
    try {
      await offerFreedSlot(ctx, actor, { tourId });
    } catch (error) {
      // The cancellation stands; the dispatcher can still plan the freed room by hand.
      ctx.logger.error({ err: error, tourId }, 'waitlist offer failed');
    }
  }
  return requesterStatus(ctx, token);
}

export async function acceptOfferByRequester(ctx: AppContext, token: string, slotId: string | undefined): Promise<RequesterStatus> {
  const row = await requestOfToken(ctx.database.db, token, ctx.now(), true);
  await acceptOfferAndConfirm(ctx, portalActor(row.municipalityId), { requestId: row.id, ...(slotId ? { slotId } : {}) });
  return requesterStatus(ctx, token);
}
