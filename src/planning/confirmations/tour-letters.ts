/**
 * The print pile of a tour: the letters waiting to be printed (confirmations for requesters
 * without mail, letters for institutions' offices) as one PDF, each letter once, in stop order.
 * Printing marks them sent; `all` prints them again (a lost letter, a jammed printer).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { recordAccess } from '../../audit/record-access.ts';
import { issuedDocuments } from '../../documents/schema.ts';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../../requests/request-store.ts';
import { requestCorrespondence, visitRequests } from '../../requests/schema.ts';
import { tourStops, tours } from '../schema.ts';

export interface TourLetters { pdf: Uint8Array; letters: number; date: string }

/** Per tour: how many letters wait to be printed, and how many there are in all (to print again). */
export async function tourLetterCounts(db: Db, municipalityId: string, tourIds: string[]): Promise<Map<string, { queued: number; total: number }>> {
  if (tourIds.length === 0) return new Map();
  const rows = await db.select({ tourId: tourStops.tourId, documentId: requestCorrespondence.documentId, status: requestCorrespondence.status })
    .from(requestCorrespondence)
    .innerJoin(tourStops, eq(tourStops.id, requestCorrespondence.tourStopId))
    .where(and(eq(requestCorrespondence.municipalityId, municipalityId), eq(requestCorrespondence.channel, 'letter'),
      inArray(requestCorrespondence.status, ['queued', 'sent']), inArray(tourStops.tourId, tourIds)));
  const documents = new Map<string, { queued: Set<string>; total: Set<string> }>();
  for (const row of rows) {
    if (!row.documentId) continue;
    const entry = documents.get(row.tourId) ?? { queued: new Set<string>(), total: new Set<string>() };
    entry.total.add(row.documentId);
    if (row.status === 'queued') entry.queued.add(row.documentId);
    documents.set(row.tourId, entry);
  }
  return new Map([...documents].map(([tourId, entry]) => [tourId, { queued: entry.queued.size, total: entry.total.size }]));
}

export async function printTourLetters(ctx: AppContext, actor: Actor, tourId: string, options: { all?: boolean } = {}): Promise<TourLetters> {
  if (!actorCan(actor, 'planning.write')) throw new AppError('FORBIDDEN', 'Printing a tour\'s letters needs the planning.write permission.', 403);
  const municipalityId = actor.municipalityId;
  const now = ctx.now();
  return inTransaction(ctx.database.db, async (tx) => {
    const [tour] = await tx.select().from(tours).where(and(eq(tours.id, tourId), eq(tours.municipalityId, municipalityId))).limit(1);
    if (!tour) throw notFound('The tour');
    const rows = await tx.select({ correspondence: requestCorrespondence, sequence: tourStops.sequence, personId: visitRequests.personId, reference: visitRequests.reference })
      .from(requestCorrespondence)
      .innerJoin(tourStops, eq(tourStops.id, requestCorrespondence.tourStopId))
      .innerJoin(visitRequests, eq(visitRequests.id, requestCorrespondence.requestId))
      .where(and(
        eq(requestCorrespondence.municipalityId, municipalityId), eq(tourStops.tourId, tour.id), eq(requestCorrespondence.channel, 'letter'),
        options.all ? inArray(requestCorrespondence.status, ['queued', 'sent']) : eq(requestCorrespondence.status, 'queued'),
      ))
      .orderBy(asc(tourStops.sequence), asc(requestCorrespondence.createdAt));
    const documentIds = [...new Set(rows.map((row) => row.correspondence.documentId).filter((id): id is string => id !== null))];
    if (documentIds.length === 0) {
      throw new AppError('TOUR_NO_LETTERS', options.all
        ? `The tour of ${tour.date} has no letters: every requester is told by mail.`
        : `No letters of the tour of ${tour.date} wait to be printed. To print them again, ask for all of them (?all=true).`, 404);
    }
    const documents = await tx.select({ id: issuedDocuments.id, pdf: issuedDocuments.pdf }).from(issuedDocuments)
      .where(and(eq(issuedDocuments.municipalityId, municipalityId), inArray(issuedDocuments.id, documentIds)));
    const pdfOf = new Map(documents.map((d) => [d.id, d.pdf]));
    const merged = await PDFDocument.create();
    merged.setTitle(`Briefe zur Tour am ${tour.date}`);
    for (const id of documentIds) {
      const source = await PDFDocument.load(pdfOf.get(id)!);
      for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
    }
    const pdf = await merged.save();
    const queued = rows.filter((row) => row.correspondence.status === 'queued').map((row) => row.correspondence.id);
    if (queued.length > 0) await tx.update(requestCorrespondence).set({ status: 'sent', sentAt: now }).where(inArray(requestCorrespondence.id, queued));
    const personIds = [...new Set(rows.map((row) => row.personId).filter((id): id is string => id !== null))];
    await recordAccess(tx, {
      municipalityId, actor, action: 'planning.letters.print', dataCategories: ['names', 'addresses'], personIds,
      purpose: `Tour ${tour.date}`, details: { tourId: tour.id, documents: documentIds.length, again: options.all === true, references: [...new Set(rows.map((r) => r.reference))] },
    }, now);
    return { pdf, letters: documentIds.length, date: tour.date };
  });
}
