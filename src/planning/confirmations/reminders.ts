/**
 * Reminders the day before a visit: every requester of a confirmed tour of that day who takes
 * mail gets one (with a fresh link to cancel); the others are listed for the office to call.
 * Runs as a daily job and may run again: a sent reminder is never sent twice; a failed one is
 * tried again on the next run (the unique index allows one reminder row per stop, so the failed
 * row makes room).
 */
import { and, asc, eq, inArray, lt, or } from 'drizzle-orm';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getMunicipalityProfile } from '../../platform/tenancy/profile.ts';
import { addresses, institutions } from '../../register/schema.ts';
import { recordRequestEvent } from '../../requests/events.ts';
import { createRequestLink, statusPath } from '../../requests/links.ts';
import { sendRequestMail } from '../../requests/mail/send-request-mail.ts';
import { requestCorrespondence, visitRequests } from '../../requests/schema.ts';
import { tourStops, tours } from '../schema.ts';
import { confirmationChannel, linkExpiry } from './confirm-tour.ts';
import { reminderMail } from './visit-letters.ts';

export interface ReminderRun {
  day: string;
  mailed: number;
  /** Sent on an earlier run. */
  alreadySent: number;
  failed: { reference: string; reason: string }[];
  /** Requesters without mail: the office calls them (phone as given). */
  toCall: { reference: string; name: string; phone: string | null; subjectName: string }[];
}

/** A reminder still "queued" after this long was cut off mid-send (crash): it may be sent again. */
const staleQueuedMs = 15 * 60_000;

export async function sendVisitReminders(ctx: AppContext, actor: Actor, day: string): Promise<ReminderRun> {
  if (!actorCan(actor, 'planning.write')) throw new AppError('FORBIDDEN', 'Sending visit reminders needs the planning.write permission.', 403);
  const { db } = ctx.database;
  const municipalityId = actor.municipalityId;
  const run: ReminderRun = { day, mailed: 0, alreadySent: 0, failed: [], toCall: [] };
  const stops = await db.select({ stop: tourStops, tour: tours }).from(tourStops).innerJoin(tours, eq(tours.id, tourStops.tourId))
    .where(and(eq(tours.municipalityId, municipalityId), eq(tours.date, day), eq(tours.status, 'confirmed')))
    .orderBy(asc(tours.departAt), asc(tourStops.sequence));
  if (stops.length === 0) return run;
  const requestIds = stops.flatMap(({ stop }) => stop.requestIds);
  const rows = await db.select().from(visitRequests)
    .where(and(eq(visitRequests.municipalityId, municipalityId), inArray(visitRequests.id, requestIds), eq(visitRequests.status, 'confirmed')));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const profile = await getMunicipalityProfile(db, municipalityId);
  const institutionNames = new Map((await db.select({ id: institutions.id, name: institutions.name }).from(institutions)
    .innerJoin(addresses, eq(addresses.id, institutions.addressId)).where(eq(institutions.municipalityId, municipalityId))).map((i) => [i.id, i.name]));

  for (const { stop, tour } of stops) {
    for (const requestId of stop.requestIds) {
      const row = byId.get(requestId);
      if (!row) continue;
      if (confirmationChannel(row) !== 'email') {
        run.toCall.push({ reference: row.reference, name: row.requester.name, phone: row.requester.phone ?? row.subject.phone ?? null, subjectName: `${row.subject.givenNames} ${row.subject.familyName}`.trim() });
        continue;
      }
      const now = ctx.now();
      const earlier = await db.select().from(requestCorrespondence).where(and(
        eq(requestCorrespondence.requestId, row.id), eq(requestCorrespondence.kind, 'reminder'),
        eq(requestCorrespondence.channel, 'email'), eq(requestCorrespondence.tourStopId, stop.id),
      ));
      const blocking = earlier.find((c) => c.status === 'sent' || (c.status === 'queued' && now.getTime() - c.createdAt.getTime() < staleQueuedMs));
      if (blocking) {
        run.alreadySent += 1;
        continue;
      }
      if (earlier.length > 0) {
        await db.delete(requestCorrespondence).where(and(
          inArray(requestCorrespondence.id, earlier.map((c) => c.id)),
          or(eq(requestCorrespondence.status, 'failed'), lt(requestCorrespondence.createdAt, new Date(now.getTime() - staleQueuedMs))),
        ));
      }
      const token = await createRequestLink(db, { municipalityId, requestId: row.id, purpose: 'reminder', expiresAt: linkExpiry(tour.date), at: now });
      const mail = reminderMail({
        reference: row.reference, subject: row.subject, requester: row.requester, services: row.services, place: stop.place,
        institutionName: stop.institutionId ? institutionNames.get(stop.institutionId) ?? null : null,
        date: tour.date, startAt: stop.startAt, endAt: stop.endAt, fees: null, statusUrl: `${ctx.config.publicUrl}${statusPath(token)}`,
        profile, today: day, officerName: profile.authorityName,
      });
      try {
        await sendRequestMail(ctx, actor, { requestId: row.id, kind: 'reminder', subject: mail.subject, text: mail.text, tourStopId: stop.id });
        await recordRequestEvent(db, { municipalityId, requestId: row.id, kind: 'reminded', actor, at: ctx.now(), detail: { tourId: tour.id, stopId: stop.id, date: tour.date } });
        run.mailed += 1;
      } catch (error) {
        run.failed.push({ reference: row.reference, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return run;
}
