/**
 * Confirming a tour (issue 4): the dispatcher's "this is how we go". The tour becomes confirmed
 * and locked (re-planning keeps it), its requests confirmed; every requester hears of the visit —
 * by mail with the letter as PDF and a calendar entry where they have an address and want mail,
 * by printed letter otherwise (also in Leichte Sprache) — and every institution of a Sammeltermin
 * gets the letter for its office. Each message carries a fresh status link to cancel.
 *
 * The state change and the letters are one transaction; mails go out after it, so a mail server
 * that is down never undoes a confirmation: a mail that fails turns into a letter to print, and
 * the answer lists it.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { issuedDocuments } from '../../documents/schema.ts';
import { issueDocuments } from '../../documents/issue-documents.ts';
import { loadFeeTables } from '../../fees/fee-tables.ts';
import type { FeeTableSet } from '../../fees/types.ts';
import { actorCan, actorName, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { mailSenderFor, generateMessageId } from '../../platform/mail/sender.ts';
import { getMunicipalityProfile, type MunicipalityProfile } from '../../platform/tenancy/profile.ts';
import { addDays, registerToday } from '../../register/dates.ts';
import { addresses, institutions } from '../../register/schema.ts';
import { recordRequestEvent } from '../../requests/events.ts';
import { createRequestLink, statusPath } from '../../requests/links.ts';
import { sendRequestMail } from '../../requests/mail/send-request-mail.ts';
import { inTransaction, type VisitRequestRow } from '../../requests/request-store.ts';
import { requestCorrespondence, visitRequests } from '../../requests/schema.ts';
import { tourStops, tours } from '../schema.ts';
import { visitCalendar } from './visit-calendar.ts';
import {
  arrivalWindow, confirmationLetter, confirmationMail, estimateFees, institutionLetter, letterRecipient, whatToBring,
  type VisitConfirmationInput,
} from './visit-letters.ts';

export interface ConfirmTourFailure {
  requestId: string;
  /** The request's reference, or the institution's name. */
  reference: string;
  /** mail_failed: the letter waits to be printed instead; institution_mail_failed: print the office's letter. */
  code: 'mail_failed' | 'institution_mail_failed';
  recipient: string;
  reason: string;
}
export interface ConfirmTourResult {
  tourId: string;
  /** Confirmations mailed. */
  mailed: number;
  /** Letters to requesters waiting to be printed (includes mails that failed). */
  letters: number;
  /** Letters for institutions' offices (Sammeltermine). */
  institutionLetters: number;
  failures: ConfirmTourFailure[];
}

type Stop = typeof tourStops.$inferSelect;
interface InstitutionRow { id: string; name: string; email: string | null; addressLines: string[] }

/** How a requester hears from us: mail when they have an address and did not ask for paper. */
export function confirmationChannel(request: Pick<VisitRequestRow, 'requester'>): 'email' | 'letter' {
  return request.requester.email?.trim() && request.requester.preferredContact !== 'letter' ? 'email' : 'letter';
}

/** Status links last until a week after the visit: long enough to see it happened, not forever. */
export function linkExpiry(visitDate: string): Date {
  return new Date(`${addDays(visitDate, 7)}T23:00:00Z`);
}

export async function confirmTour(ctx: AppContext, actor: Actor, tourId: string): Promise<ConfirmTourResult> {
  if (!actorCan(actor, 'planning.write')) throw new AppError('FORBIDDEN', 'Confirming tours needs the planning.write permission.', 403);
  const municipalityId = actor.municipalityId;
  const now = ctx.now();
  const today = registerToday(now);
  const issuer = { id: 'kind' in actor ? null : actor.userId, name: actorName(actor) };

  const prepared = await inTransaction(ctx.database.db, async (tx) => {
    const [tour] = await tx.select().from(tours).where(and(eq(tours.id, tourId), eq(tours.municipalityId, municipalityId))).for('update').limit(1);
    if (!tour || tour.status === 'cancelled') throw notFound('The tour');
    if (tour.status !== 'draft') {
      throw new AppError('TOUR_NOT_DRAFT', `The tour of ${tour.date} is ${tour.status} already; confirmations went out when it was confirmed.`, 409, { status: tour.status });
    }
    if (tour.date < today) throw new AppError('TOUR_IN_PAST', `The tour of ${tour.date} lies in the past and cannot be confirmed. Plan the requests again.`, 409);
    if (tour.officerIds.length !== 2) {
      throw new AppError('TOUR_CREW_INCOMPLETE', `The tour of ${tour.date} has ${tour.officerIds.length} officers; a tour needs two (DESIGN §5). Plan the week again once two officers are available.`, 409);
    }
    const stops = await tx.select().from(tourStops).where(eq(tourStops.tourId, tour.id)).orderBy(asc(tourStops.sequence));
    if (stops.length === 0) throw new AppError('TOUR_EMPTY', `The tour of ${tour.date} has no stops; there is nothing to confirm.`, 409);
    const requestIds = stops.flatMap((stop) => stop.requestIds);
    const rows = await tx.select().from(visitRequests).where(and(eq(visitRequests.municipalityId, municipalityId), inArray(visitRequests.id, requestIds))).for('update');
    const notPlanned = rows.filter((row) => row.status !== 'planned');
    if (notPlanned.length > 0 || rows.length !== requestIds.length) {
      throw new AppError('TOUR_REQUESTS_CHANGED',
        `Requests on this tour changed since it was planned (${notPlanned.map((r) => `${r.reference}: ${r.status}`).join(', ') || 'some no longer exist'}). Plan the week again, then confirm.`, 409);
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    const profile = await getMunicipalityProfile(tx, municipalityId);
    const tables = await loadFeeTables(tx, municipalityId);
    const institutionById = await loadInstitutions(tx, municipalityId, stops);

    // The letters: one per requester (printed, or attached to the mail), one per institution stop.
    const perRequest: { row: VisitRequestRow; stop: Stop; token: string; input: VisitConfirmationInput; channel: 'email' | 'letter' | 'institution' }[] = [];
    for (const stop of stops) {
      const institution = stop.institutionId ? institutionById.get(stop.institutionId) ?? null : null;
      for (const id of stop.requestIds) {
        const row = byId.get(id)!;
        const token = await createRequestLink(tx, { municipalityId, requestId: row.id, purpose: 'confirmation', expiresAt: linkExpiry(tour.date), at: now });
        const input = confirmationInput(ctx, row, stop, tour.date, institution?.name ?? null, token, profile, tables, today, issuer.name);
        const channel = confirmationChannel(row);
        // The home arranged the visit: its office's letter answers a care-home requester without mail.
        const coveredByInstitution = channel === 'letter' && institution !== null && row.requester.relation === 'care_home';
        perRequest.push({ row, stop, token, input, channel: coveredByInstitution ? 'institution' : channel });
      }
    }
    const personal = perRequest.filter((item) => item.channel !== 'institution');
    // One call per letter: each belongs to its person (personId), so opening it later is logged like a register read.
    const letterOf = new Map<string, string>();
    for (const item of personal) {
      const [issued] = await issueDocuments(tx, ctx, {
        municipalityId, caseId: null, personId: item.row.personId, requests: [confirmationLetter(item.input)], at: now, issuedBy: issuer,
      });
      letterOf.set(item.row.id, issued!.id);
    }

    const institutionStops = stops.filter((stop) => stop.institutionId && institutionById.has(stop.institutionId));
    const institutionDocs = await issueDocuments(tx, ctx, {
      municipalityId, caseId: null, personId: null, at: now, issuedBy: issuer,
      requests: institutionStops.map((stop) => {
        const institution = institutionById.get(stop.institutionId!)!;
        return institutionLetter({
          institution: { name: institution.name, addressLines: institution.addressLines },
          date: tour.date, startAt: stop.startAt, endAt: stop.endAt, profile, today, officerName: issuer.name,
          residents: stop.requestIds.map((id) => byId.get(id)!).map((row) => ({
            name: `${row.subject.givenNames} ${row.subject.familyName}`.trim(), services: row.services, reference: row.reference,
          })),
        });
      }),
    });

    await tx.update(tours).set({ status: 'confirmed', locked: true, updatedAt: now }).where(eq(tours.id, tour.id));
    for (const item of perRequest) {
      await tx.update(visitRequests).set({ status: 'confirmed', updatedAt: now, version: item.row.version + 1 }).where(eq(visitRequests.id, item.row.id));
      await recordRequestEvent(tx, {
        municipalityId, requestId: item.row.id, kind: 'confirmed', actor, at: now,
        detail: { tourId: tour.id, stopId: item.stop.id, date: tour.date, startAt: item.stop.startAt.toISOString(), channel: item.channel },
      });
      const documentId = letterOf.get(item.row.id);
      if (item.channel === 'letter' && documentId) await queueLetter(tx, item.row, item.stop.id, documentId, letterRecipient(item.input).join(', '), actor, now);
    }
    for (const [i, stop] of institutionStops.entries()) {
      const documentId = institutionDocs[i]!.id;
      const institution = institutionById.get(stop.institutionId!)!;
      for (const id of stop.requestIds) await queueLetter(tx, byId.get(id)!, stop.id, documentId, institution.name, actor, now, 'visit_institution_letter');
    }
    return {
      tour, profile, perRequest, letterOf, institutionById,
      institutionMail: institutionStops.map((stop, i) => ({ stop, documentId: institutionDocs[i]!.id, institution: institutionById.get(stop.institutionId!)! })),
    };
  });

  // After the commit: the mails. A failure leaves the confirmation standing and the letter to print.
  const result: ConfirmTourResult = {
    tourId, mailed: 0, letters: prepared.perRequest.filter((item) => item.channel === 'letter').length,
    institutionLetters: prepared.institutionMail.length, failures: [],
  };
  for (const item of prepared.perRequest.filter((entry) => entry.channel === 'email')) {
    const failure = await mailConfirmation(ctx, actor, item, prepared.letterOf.get(item.row.id)!, prepared.tour.id, now);
    if (failure) {
      result.letters += 1;
      result.failures.push(failure);
    } else {
      result.mailed += 1;
    }
  }
  for (const { stop, documentId, institution } of prepared.institutionMail) {
    if (!institution.email) continue;
    try {
      await mailInstitution(ctx, actor, { stop, documentId, institution, date: prepared.tour.date });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const first = stop.requestIds[0]!;
      result.failures.push({
        requestId: first, reference: institution.name, code: 'institution_mail_failed', recipient: institution.email, reason: `Mail to ${institution.email} not sent: ${reason} – print the letter for the office.`,
      });
    }
  }
  return result;
}

/** Mails one confirmation (letter PDF and calendar entry); when that fails, the letter goes to the print pile. */
async function mailConfirmation(
  ctx: AppContext, actor: Actor, item: { row: VisitRequestRow; stop: Stop; input: VisitConfirmationInput }, documentId: string, tourId: string, now: Date,
): Promise<ConfirmTourFailure | null> {
  try {
    const pdf = await documentBytes(ctx.database.db, documentId);
    const mail = confirmationMail(item.input);
    await sendRequestMail(ctx, actor, {
      requestId: item.row.id, kind: 'confirmation', subject: mail.subject, text: mail.text, documentId, tourStopId: item.stop.id,
      attachments: [
        { filename: `Terminbestaetigung-${item.row.reference}.pdf`, contentType: 'application/pdf', content: pdf },
        { filename: 'Hausbesuch.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: Buffer.from(calendarOf(ctx, item, tourId, now), 'utf8') },
      ],
    });
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ err: error, requestId: item.row.id }, 'confirmation mail not sent; letter queued instead');
    await inTransaction(ctx.database.db, (tx) => queueLetter(tx, item.row, item.stop.id, documentId, letterRecipient(item.input).join(', '), actor, ctx.now()));
    return {
      requestId: item.row.id, reference: item.row.reference, code: 'mail_failed', recipient: item.row.requester.email ?? '', reason: `${reason} – the letter is ready to print instead.`,
    };
  }
}

/**
 * A request that joined a tour after it was confirmed (a waitlist offer taken): it is confirmed
 * on its own, by mail or letter like the others were. The institution's office learns of a
 * resident who joined its Sammeltermin from the resident's own letter or the requester.
 */
export async function confirmJoinedRequest(ctx: AppContext, actor: Actor, requestId: string): Promise<{ channel: 'email' | 'letter'; failure: ConfirmTourFailure | null }> {
  const municipalityId = actor.municipalityId;
  const now = ctx.now();
  const today = registerToday(now);
  const issuer = { id: 'kind' in actor ? null : actor.userId, name: actorName(actor) };
  const prepared = await inTransaction(ctx.database.db, async (tx) => {
    const [row] = await tx.select().from(visitRequests).where(and(eq(visitRequests.id, requestId), eq(visitRequests.municipalityId, municipalityId))).for('update').limit(1);
    if (!row) throw notFound('The visit request');
    const [found] = await tx.select({ stop: tourStops, tour: tours }).from(tourStops).innerJoin(tours, eq(tours.id, tourStops.tourId))
      .where(and(eq(tours.municipalityId, municipalityId), eq(tours.status, 'confirmed'), sql`${tourStops.requestIds} @> ${JSON.stringify([row.id])}::jsonb`)).limit(1);
    if (!found || row.status !== 'planned') {
      throw new AppError('REQUEST_NOT_ON_CONFIRMED_TOUR', `The request ${row.reference} is ${row.status} and not planned on a confirmed tour; confirm its tour instead.`, 409);
    }
    const { stop, tour } = found;
    const institution = stop.institutionId ? (await loadInstitutions(tx, municipalityId, [stop])).get(stop.institutionId) ?? null : null;
    const token = await createRequestLink(tx, { municipalityId, requestId: row.id, purpose: 'confirmation', expiresAt: linkExpiry(tour.date), at: now });
    const input = confirmationInput(ctx, row, stop, tour.date, institution?.name ?? null, token, await getMunicipalityProfile(tx, municipalityId),
      await loadFeeTables(tx, municipalityId), today, issuer.name);
    const [issued] = await issueDocuments(tx, ctx, { municipalityId, caseId: null, personId: row.personId, requests: [confirmationLetter(input)], at: now, issuedBy: issuer });
    const channel = confirmationChannel(row);
    await tx.update(visitRequests).set({ status: 'confirmed', updatedAt: now, version: row.version + 1 }).where(eq(visitRequests.id, row.id));
    await recordRequestEvent(tx, {
      municipalityId, requestId: row.id, kind: 'confirmed', actor, at: now,
      detail: { tourId: tour.id, stopId: stop.id, date: tour.date, startAt: stop.startAt.toISOString(), channel, joinedConfirmedTour: true },
    });
    if (channel === 'letter') await queueLetter(tx, row, stop.id, issued!.id, letterRecipient(input).join(', '), actor, now);
    return { item: { row, stop, input }, documentId: issued!.id, tourId: tour.id, channel };
  });
  if (prepared.channel === 'letter') return { channel: 'letter', failure: null };
  return { channel: 'email', failure: await mailConfirmation(ctx, actor, prepared.item, prepared.documentId, prepared.tourId, now) };
}

function confirmationInput(
  ctx: AppContext, row: VisitRequestRow, stop: Stop, date: string, institutionName: string | null, token: string,
  profile: MunicipalityProfile, tables: FeeTableSet, today: string, officerName: string,
): VisitConfirmationInput {
  return {
    reference: row.reference, subject: row.subject, requester: row.requester, services: row.services,
    place: stop.place, institutionName, date, startAt: stop.startAt, endAt: stop.endAt,
    fees: estimateFees(row.services, date, row.subject.birthDate ?? null, tables),
    statusUrl: `${ctx.config.publicUrl}${statusPath(token)}`, profile, today, officerName,
  };
}

function calendarOf(ctx: AppContext, item: { row: VisitRequestRow; stop: Stop; input: VisitConfirmationInput }, tourId: string, now: Date): string {
  const window = arrivalWindow(item.stop.startAt);
  return visitCalendar({
    requestId: item.row.id, tourId, start: window.from, end: new Date(Math.max(window.to.getTime(), item.stop.endAt.getTime())),
    summary: 'Hausbesuch des Bürgerbüros', place: item.stop.place, latitude: item.stop.latitude, longitude: item.stop.longitude,
    description: [`Zeichen ${item.row.reference}`, 'Bitte bereithalten:', ...whatToBring(item.row.services).map((line) => `- ${line}`), '', `Absagen: ${item.input.statusUrl}`].join('\n'),
    statusUrl: item.input.statusUrl, mailFrom: ctx.config.mailFrom, stamp: now,
  });
}

/** A letter waits in the print pile (status queued) until the tour's letters are printed. Also for a confirmation or reminder that bounced (requests/mail/record-bounce.ts). */
export async function queueLetter(
  tx: Db, row: VisitRequestRow, stopId: string, documentId: string, recipient: string, actor: Actor, at: Date,
  documentKind: 'visit_confirmation' | 'visit_institution_letter' = 'visit_confirmation',
): Promise<void> {
  await tx.insert(requestCorrespondence).values({
    municipalityId: row.municipalityId, requestId: row.id, kind: 'confirmation', channel: 'letter', recipient: recipient.slice(0, 300),
    subject: documentKind === 'visit_institution_letter' ? 'Sammeltermin: Brief an die Einrichtung' : 'Terminbestätigung',
    documentId, status: 'queued', tourStopId: stopId, createdAt: at,
  });
  await recordRequestEvent(tx, { municipalityId: row.municipalityId, requestId: row.id, kind: 'letter', actor, at, detail: { documentKind, documentId } });
}

async function loadInstitutions(tx: Db, municipalityId: string, stops: Stop[]): Promise<Map<string, InstitutionRow>> {
  const ids = [...new Set(stops.map((stop) => stop.institutionId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ institution: institutions, address: addresses }).from(institutions)
    .innerJoin(addresses, eq(addresses.id, institutions.addressId))
    .where(and(eq(institutions.municipalityId, municipalityId), inArray(institutions.id, ids)));
  return new Map(rows.map(({ institution, address }) => [institution.id, {
    id: institution.id, name: institution.name, email: institution.email,
    addressLines: [`${address.street} ${address.houseNumber}`, `${address.postcode} ${address.city}`],
  }]));
}

export async function documentBytes(db: Db, documentId: string): Promise<Uint8Array> {
  const [row] = await db.select({ pdf: issuedDocuments.pdf }).from(issuedDocuments).where(eq(issuedDocuments.id, documentId)).limit(1);
  if (!row) throw new Error(`issued_document ${documentId} is missing`);
  return row.pdf;
}

/**
 * The institution's letter by mail as well, when the register knows the office's address:
 * recorded on every request of the stop, so each request's history shows what its home was told.
 */
async function mailInstitution(
  ctx: AppContext, actor: Actor,
  input: { stop: Stop; documentId: string; institution: InstitutionRow; date: string },
): Promise<void> {
  const { db } = ctx.database;
  const to = input.institution.email!;
  const messageId = generateMessageId(ctx.config.mailFrom);
  const subject = `Sammeltermin des Bürgerbüros am ${input.date.split('-').reverse().join('.')}`;
  const rows = await db.insert(requestCorrespondence).values(input.stop.requestIds.map((requestId) => ({
    municipalityId: actor.municipalityId, requestId, kind: 'confirmation', channel: 'email', recipient: to, subject, messageId,
    documentId: input.documentId, status: 'queued', tourStopId: input.stop.id, createdAt: ctx.now(),
  }))).returning({ id: requestCorrespondence.id });
  const ids = rows.map((row) => row.id);
  try {
    await mailSenderFor(ctx.config).send({
      to, toName: input.institution.name, subject, messageId,
      text: [
        'Guten Tag,', '',
        `im Anhang finden Sie unser Schreiben zum Sammeltermin in Ihrer Einrichtung am ${input.date.split('-').reverse().join('.')}:`,
        'wen wir besuchen, für welche Anliegen, und was bereitliegen sollte.', '',
        'Mit freundlichen Grüßen', 'Ihr Bürgerbüro',
      ].join('\n'),
      attachments: [{ filename: 'Sammeltermin.pdf', contentType: 'application/pdf', content: await documentBytes(db, input.documentId) }],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.update(requestCorrespondence).set({ status: 'failed', error: reason.slice(0, 1000) }).where(inArray(requestCorrespondence.id, ids));
    throw error;
  }
  const at = ctx.now();
  await db.transaction(async (tx) => {
    await tx.update(requestCorrespondence).set({ status: 'sent', sentAt: at }).where(inArray(requestCorrespondence.id, ids));
    for (const requestId of input.stop.requestIds) {
      await recordRequestEvent(tx as unknown as Db, {
        municipalityId: actor.municipalityId, requestId, kind: 'mail_out', actor, at, detail: { kind: 'confirmation', to, subject, messageId, institution: input.institution.name },
      });
    }
  });
}
