/**
 * The waitlist: when a visit is cancelled, the room it leaves on its tour is offered to the next
 * waitlisted requests (eligible, not planned for lack of capacity): the most urgent first, then
 * the longest waiting (waitlisted_at). Several are asked at once; the first to accept gets the
 * slot, the others are told it is taken. Offers live in the request history (event `offered`,
 * detail.slotId), acceptances as `planned` events with the same slotId — no table of their own.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Point } from '../../planning/build-problem.ts';
import { serviceMinutesOf } from '../../planning/build-problem.ts';
import { travelMatrix } from '../../planning/osrm.ts';
import { defaultDepot } from '../../planning/plan-week.ts';
import { requestPoints } from '../../planning/request-points.ts';
import { kits, tourStops, tours } from '../../planning/schema.ts';
import { addDays } from '../../register/dates.ts';
import { institutions } from '../../register/schema.ts';
import type { Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordRequestEvent } from '../events.ts';
import { createRequestLink, statusPath } from '../links.ts';
import { sendRequestMail } from '../mail/send-request-mail.ts';
import { requestEvents, visitRequests } from '../schema.ts';
import { inTransaction, type VisitRequestRow } from '../request-store.ts';
import { placeOnTour, type Placement, type TourShape } from './place-on-tour.ts';

/** How many waitlisted requests are asked at once for one freed slot. */
export const offersPerSlot = 3;
/** An offer stands this long (at most until the tour leaves). */
export const offerTtlMs = 48 * 60 * 60 * 1000;

const urgencyRank: Record<string, number> = { urgent: 0, high: 1, normal: 2 };

export interface OfferDetail {
  slotId: string;
  tourId: string;
  date: string;
  expiresAt: string;
  /** email (sent), email_failed, dispatcher (no address: the office calls). */
  channel: 'email' | 'email_failed' | 'dispatcher';
}

export interface PendingOffer { slotId: string; date: string; expiresAt: string }


type TourRow = typeof tours.$inferSelect;
type StopRow = typeof tourStops.$inferSelect;

/** Coordinates of a request, as the planner finds them. */
export async function requestPoint(db: Db, row: VisitRequestRow): Promise<Point | null> {
  return (await requestPoints(db, row.municipalityId, [row])).get(row.id) ?? null;
}

async function tourShape(ctx: AppContext, db: Db, tour: TourRow): Promise<{ shape: TourShape; stops: StopRow[] }> {
  const stops = await db.select().from(tourStops).where(eq(tourStops.tourId, tour.id)).orderBy(asc(tourStops.sequence));
  return {
    stops,
    shape: {
      date: tour.date, departAt: tour.departAt, returnAt: tour.returnAt, depot: ctx.config.plannerDepot ?? defaultDepot,
      stops: stops.map((s) => ({
        sequence: s.sequence, point: { latitude: s.latitude, longitude: s.longitude }, arriveAt: s.arriveAt, startAt: s.startAt, endAt: s.endAt, institutionId: s.institutionId,
      })),
    },
  };
}

/**
 * Where the request fits into the tour, travel estimated as the planner does (OSRM or straight
 * line). A resident of an institution without windows of their own is seen in its visiting hours.
 */
async function fit(ctx: AppContext, db: Db, shape: TourShape, row: VisitRequestRow, point: Point): Promise<Placement | null> {
  const points = [shape.depot, ...shape.stops.map((s) => s.point), point];
  const matrix = await travelMatrix(points, {
    speedKmh: ctx.config.plannerSpeedKmh, detourFactor: ctx.config.plannerDetourFactor, osrmUrl: ctx.config.osrmUrl,
  }, (warning) => ctx.logger.warn(warning));
  const index = (p: Point) => points.indexOf(p);
  const institutionId = row.location?.kind === 'institution' ? row.location.institutionId ?? null : null;
  let availability = row.availability;
  if (institutionId && availability.length === 0) {
    const [institution] = await db.select({ hours: institutions.visitingHours }).from(institutions).where(eq(institutions.id, institutionId)).limit(1);
    availability = Object.entries(institution?.hours ?? {}).flatMap(([weekday, spans]) => spans.map(([from, to]) => ({ weekday: Number(weekday), from, to })));
  }
  const serviceMinutes = serviceMinutesOf(row.services);
  return placeOnTour(shape, { point, minutes: ctx.config.plannerSetupMinutes + serviceMinutes, joinMinutes: serviceMinutes, institutionId, availability },
    (a, b) => matrix.minutes[index(a)]![index(b)]!);
}

function bookable(tour: TourRow, today: string): boolean {
  return (tour.status === 'draft' || tour.status === 'confirmed') && tour.date > today;
}

/** A request may take a slot on this tour: its pins and needed-by date allow the day and the kit. */
function allows(row: VisitRequestRow, tour: TourRow): boolean {
  return (row.pinnedKitId === null || row.pinnedKitId === tour.kitId) && (row.pinnedDate === null || row.pinnedDate === tour.date)
    && (row.neededBy === null || tour.date <= row.neededBy);
}

/**
 * Offers the room on a tour (after a cancellation) to the next waitlisted requests that fit.
 * Returns the requests asked. Mails go out after the events are stored; a failed mail leaves the
 * offer standing (the office sees `offered` with channel email_failed and can call).
 */
export async function offerFreedSlot(ctx: AppContext, actor: Actor, input: { tourId: string }): Promise<{ slotId: string; requestIds: string[] }> {
  const { db } = ctx.database;
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  const slotId = randomUUID();
  const [tour] = await db.select().from(tours).where(and(eq(tours.id, input.tourId), eq(tours.municipalityId, actor.municipalityId))).limit(1);
  if (!tour || !bookable(tour, today)) return { slotId, requestIds: [] };
  const { shape } = await tourShape(ctx, db, tour);
  const [kit] = await db.select({ maxStops: kits.maxStops }).from(kits).where(eq(kits.id, tour.kitId)).limit(1);
  // A full tour still takes residents of an institution it visits (they join the Sammeltermin).
  const roomFor = (placement: Placement | null) => placement !== null && (placement.kind === 'join' || !kit || shape.stops.length < kit.maxStops);

  const waiting = (await db.select().from(visitRequests).where(and(
    eq(visitRequests.municipalityId, actor.municipalityId), eq(visitRequests.status, 'eligible'),
    isNotNull(visitRequests.waitlistedAt), isNull(visitRequests.mergedIntoId),
  ))).sort((a, b) => (urgencyRank[a.urgency] ?? 3) - (urgencyRank[b.urgency] ?? 3)
    || a.waitlistedAt!.getTime() - b.waitlistedAt!.getTime() || a.id.localeCompare(b.id));

  const chosen: VisitRequestRow[] = [];
  for (const row of waiting) {
    if (chosen.length >= offersPerSlot) break;
    if (!allows(row, tour)) continue;
    const point = await requestPoint(db, row);
    if (point && roomFor(await fit(ctx, db, shape, row, point))) chosen.push(row);
  }
  const expiresAt = new Date(Math.min(now.getTime() + offerTtlMs, tour.departAt.getTime())).toISOString();
  // The offer's link works as a status link of the request (request_link), also after the offer lapsed.
  const linkExpiry = new Date(`${addDays(tour.date, 7)}T23:00:00Z`);
  const offers = await inTransaction(db, async (tx) => {
    const made = [];
    for (const row of chosen) {
      const email = row.requester.email?.trim();
      const detail: OfferDetail = { slotId, tourId: tour.id, date: tour.date, expiresAt, channel: email ? 'email' : 'dispatcher' };
      const token = await createRequestLink(tx, { municipalityId: actor.municipalityId, requestId: row.id, purpose: 'offer', expiresAt: linkExpiry, at: now });
      await recordRequestEvent(tx, { municipalityId: actor.municipalityId, requestId: row.id, kind: 'offered', detail: { ...detail }, actor, at: now });
      made.push({ row, token, detail });
    }
    return made;
  });
  for (const offer of offers.filter((o) => o.detail.channel === 'email')) {
    try {
      await sendRequestMail(ctx, actor, {
        requestId: offer.row.id, kind: 'waitlist_offer', subject: 'Ein früherer Termin für Ihren Hausbesuch ist frei',
        text: offerMailText(ctx, offer.row, tour.date, expiresAt, offer.token),
      });
    } catch (error) {
      ctx.logger.warn({ err: error, requestId: offer.row.id }, 'waitlist offer mail not sent');
      await db.update(requestEvents).set({ detail: { ...offer.detail, channel: 'email_failed' } })
        .where(and(eq(requestEvents.requestId, offer.row.id), eq(requestEvents.kind, 'offered'), sql`${requestEvents.detail}->>'slotId' = ${slotId}`));
    }
  }
  return { slotId, requestIds: chosen.map((r) => r.id) };
}

function offerMailText(ctx: AppContext, row: VisitRequestRow, date: string, expiresAt: string, token: string): string {
  const day = new Date(`${date}T12:00:00Z`).toLocaleDateString('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });
  const until = new Date(expiresAt).toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
  return [
    `Guten Tag ${row.requester.name},`, '',
    `für Ihre Anfrage ${row.reference} (Hausbesuch für ${row.subject.givenNames} ${row.subject.familyName}) ist am ${day} ein Termin frei geworden.`,
    `Wenn Sie ihn annehmen möchten, öffnen Sie bitte bis ${until} diesen Link und wählen „Termin annehmen“:`, '',
    `${ctx.config.publicUrl}${statusPath(token)}`, '',
    'Der Termin wird mehreren Wartenden angeboten; wer zuerst annimmt, bekommt ihn. Wenn Sie nichts tun, bleibt Ihre Anfrage auf der Warteliste.', '',
    'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
    `A visit slot on ${date} has become free for your request ${row.reference}. To take it, open the link above before ${expiresAt.slice(0, 16).replace('T', ' ')} UTC and choose "Accept". First come, first served.`,
  ].join('\n');
}

/** The offers of a request that are still open: not expired, not taken by anyone, and the request still waiting. */
export async function pendingOffers(db: Db, row: VisitRequestRow, now: Date): Promise<PendingOffer[]> {
  if (row.status !== 'eligible' || !row.waitlistedAt) return [];
  const offered = await db.select({ detail: requestEvents.detail }).from(requestEvents)
    .where(and(eq(requestEvents.requestId, row.id), eq(requestEvents.kind, 'offered'))).orderBy(asc(requestEvents.at));
  const details = offered.map((o) => o.detail as unknown as OfferDetail).filter((d) => Date.parse(d.expiresAt) > now.getTime());
  if (details.length === 0) return [];
  const taken = await takenSlots(db, row.municipalityId, details.map((d) => d.slotId));
  return details.filter((d) => !taken.has(d.slotId)).map((d) => ({ slotId: d.slotId, date: d.date, expiresAt: d.expiresAt }));
}

async function takenSlots(db: Db, municipalityId: string, slotIds: string[]): Promise<Set<string>> {
  if (slotIds.length === 0) return new Set();
  const rows = await db.select({ slotId: sql<string>`${requestEvents.detail}->>'slotId'` }).from(requestEvents).where(and(
    eq(requestEvents.municipalityId, municipalityId), eq(requestEvents.kind, 'planned'),
    inArray(sql`${requestEvents.detail}->>'slotId'`, slotIds),
  ));
  return new Set(rows.map((r) => r.slotId));
}

const taken = () => new AppError('OFFER_TAKEN', 'Someone else accepted this slot first. Your request stays on the waitlist; we will offer you the next free slot.', 409, {
  text: {
    de: 'Dieser Termin wurde schon von jemand anderem angenommen. Ihre Anfrage bleibt auf der Warteliste; wir bieten Ihnen den nächsten frei werdenden Termin an.',
    en: 'Someone else accepted this slot first. Your request stays on the waitlist; we will offer you the next free slot.',
  },
});

/**
 * The requester takes an offered slot: first come, first served (the tour row is locked, so two
 * acceptances of one slot are serialised and the second sees the first's `planned` event). The
 * request becomes a new stop in the first gap it fits (travel, availability, the next stop's
 * start or the tour's planned return); the tour's own times are not changed.
 */
export async function acceptOffer(
  ctx: AppContext, actor: Actor, input: { requestId: string; slotId?: string },
): Promise<{ tourId: string; date: string; startAt: Date; endAt: Date; tourConfirmed: boolean }> {
  const now = ctx.now();
  return inTransaction(ctx.database.db, async (tx) => {
    const [row] = await tx.select().from(visitRequests)
      .where(and(eq(visitRequests.id, input.requestId), eq(visitRequests.municipalityId, actor.municipalityId))).limit(1).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'The visit request was not found.', 404);
    const open = await pendingOffersIncludingTaken(tx, row, now);
    const takenBefore = await takenSlots(tx, row.municipalityId, open.map((o) => o.slotId));
    const offer = input.slotId ? open.find((o) => o.slotId === input.slotId) : (open.filter((o) => !takenBefore.has(o.slotId)).at(-1) ?? open.at(-1));
    if (!offer) {
      throw new AppError('OFFER_NONE', 'There is no open offer for this request (it expired, or the request is no longer waiting).', 409, {
        text: { de: 'Für diese Anfrage liegt kein offenes Terminangebot vor (es ist abgelaufen, oder die Anfrage wartet nicht mehr).', en: 'There is no open offer for this request (it expired, or the request is no longer waiting).' },
      });
    }
    const [tour] = await tx.select().from(tours).where(eq(tours.id, offer.tourId)).limit(1).for('update');
    if ((await takenSlots(tx, row.municipalityId, [offer.slotId])).size > 0) throw taken();
    if (!tour || !bookable(tour, now.toISOString().slice(0, 10))) throw taken();
    const { shape, stops } = await tourShape(ctx, tx, tour);
    const [kit] = await tx.select({ maxStops: kits.maxStops }).from(kits).where(eq(kits.id, tour.kitId)).limit(1);
    const point = await requestPoint(tx, row);
    const placement = point ? await fit(ctx, tx, shape, row, point) : null;
    if (!point || !placement || (placement.kind === 'new' && kit && stops.length >= kit.maxStops)) throw taken();

    if (placement.kind === 'join') {
      const stop = stops.find((s) => s.sequence === placement.sequence)!;
      await tx.update(tourStops).set({ requestIds: [...stop.requestIds, row.id], endAt: placement.endAt }).where(eq(tourStops.id, stop.id));
    } else {
      await tx.update(tourStops).set({ sequence: sql`${tourStops.sequence} + 1` })
        .where(and(eq(tourStops.tourId, tour.id), sql`${tourStops.sequence} >= ${placement.sequence}`));
      const l = row.location!;
      await tx.insert(tourStops).values({
        municipalityId: row.municipalityId, tourId: tour.id, sequence: placement.sequence,
        institutionId: l.kind === 'institution' ? l.institutionId ?? null : null,
        place: `${l.street} ${l.houseNumber}${l.addition ? ` (${l.addition})` : ''}, ${l.postcode} ${l.city}`,
        latitude: point.latitude, longitude: point.longitude,
        arriveAt: placement.arriveAt, startAt: placement.startAt, endAt: placement.endAt, requestIds: [row.id],
      });
    }
    await tx.update(tours).set({ updatedAt: now }).where(eq(tours.id, tour.id));
    await tx.update(visitRequests).set({ status: 'planned', updatedAt: now, version: row.version + 1 }).where(eq(visitRequests.id, row.id));
    await recordRequestEvent(tx, {
      municipalityId: row.municipalityId, requestId: row.id, kind: 'planned', actor, at: now,
      detail: { slotId: offer.slotId, tourId: tour.id, date: tour.date, via: 'waitlist_offer', startAt: placement.startAt.toISOString(), ...(placement.kind === 'join' ? { joined: 'sammeltermin' } : {}) },
    });
    return { tourId: tour.id, date: tour.date, startAt: placement.startAt, endAt: placement.endAt, tourConfirmed: tour.status === 'confirmed' };
  });
}

/** Unexpired offers of a waiting request, taken or not (acceptance tells "taken" apart from "none"). */
async function pendingOffersIncludingTaken(db: Db, row: VisitRequestRow, now: Date): Promise<OfferDetail[]> {
  if (row.status !== 'eligible' || !row.waitlistedAt) return [];
  const offered = await db.select({ detail: requestEvents.detail }).from(requestEvents)
    .where(and(eq(requestEvents.requestId, row.id), eq(requestEvents.kind, 'offered'))).orderBy(asc(requestEvents.at));
  return offered.map((o) => o.detail as unknown as OfferDetail).filter((d) => Date.parse(d.expiresAt) > now.getTime());
}
