/**
 * Merging a duplicate into the request that is kept, with the dispatcher's consent: the merged
 * request ends (status merged, merged_into_id), its files, mails and correspondence move to the
 * kept one (so replies thread there), its history stays its own and shows on the kept request.
 * Services and availability are unioned; the kept request keeps its subject and requester and
 * takes over what it lacks (register match, location, birth date, contact details), the higher
 * urgency and the earlier needed-by date.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { recordRequestEvent } from './events.ts';
import { loadVisitRequestView, type VisitRequestView } from './get-request.ts';
import { activeStatuses, inTransaction, loadRequest, requirePermission, type VisitRequestRow } from './request-store.ts';
import { inboundMails, requestAttachments, requestCorrespondence, visitRequests } from './schema.ts';
import type { AvailabilityWindow } from './types.ts';

export interface MergeVisitRequestsInput {
  keepId: string;
  mergeId: string;
}

const urgencyRank: Record<string, number> = { normal: 0, high: 1, urgent: 2 };

export async function mergeVisitRequests(ctx: AppContext, actor: Actor, input: MergeVisitRequestsInput): Promise<VisitRequestView> {
  requirePermission(actor, 'requests.write');
  if (input.keepId === input.mergeId) {
    throw new AppError('MERGE_SAME_REQUEST', 'A request cannot be merged into itself; choose the duplicate to merge.', 400, { field: 'mergeId' });
  }
  const now = ctx.now();
  const municipalityId = actor.municipalityId;
  await inTransaction(ctx.database.db, async (tx) => {
    // Locked in id order, so two dispatchers merging the same pair the other way round do not deadlock.
    const [first, second] = [input.keepId, input.mergeId].sort();
    const locked = new Map<string, VisitRequestRow>();
    for (const id of [first, second]) if (id) locked.set(id, await loadRequest(tx, municipalityId, id, true));
    const keep = locked.get(input.keepId) as VisitRequestRow;
    const merge = locked.get(input.mergeId) as VisitRequestRow;
    for (const row of [keep, merge]) {
      if (!activeStatuses.includes(row.status as (typeof activeStatuses)[number])) {
        throw new AppError('MERGE_NOT_ACTIVE', `The request ${row.reference} is ${row.status}; only requests still being worked on can be merged.`, 409, { requestId: row.id, status: row.status });
      }
    }
    if (merge.status === 'planned' || merge.status === 'confirmed') {
      throw new AppError('MERGE_ON_TOUR', `The request ${merge.reference} is on a tour (${merge.status}). Keep that one and merge the other into it instead.`, 409, { requestId: merge.id });
    }
    if (keep.personId && merge.personId && keep.personId !== merge.personId) {
      throw new AppError('MERGE_DIFFERENT_PERSONS', `The requests ${keep.reference} and ${merge.reference} are matched to different persons in the register; they are not duplicates. Correct the match first if one is wrong.`, 409);
    }

    const availability: AvailabilityWindow[] = [...keep.availability];
    for (const window of merge.availability) {
      if (!availability.some((w) => JSON.stringify(w) === JSON.stringify(window))) availability.push(window);
    }
    const neededBy = [keep.neededBy, merge.neededBy].filter((d): d is string => d !== null).sort()[0] ?? null;
    const mergeHigher = (urgencyRank[merge.urgency] ?? 0) > (urgencyRank[keep.urgency] ?? 0);
    const notes = [keep.notes, merge.notes ? `Aus ${merge.reference}: ${merge.notes}` : null].filter(Boolean).join('\n') || null;
    const requester = {
      ...keep.requester,
      ...(keep.requester.email || !merge.requester.email ? {} : { email: merge.requester.email }),
      ...(keep.requester.phone || !merge.requester.phone ? {} : { phone: merge.requester.phone }),
    };
    const subject = {
      ...keep.subject,
      ...(keep.subject.birthDate || !merge.subject.birthDate ? {} : { birthDate: merge.subject.birthDate }),
      ...(keep.subject.address || !merge.subject.address ? {} : { address: merge.subject.address }),
      ...(keep.subject.phone || !merge.subject.phone ? {} : { phone: merge.subject.phone }),
    };

    const movedAttachments = await tx.update(requestAttachments).set({ requestId: keep.id })
      .where(eq(requestAttachments.requestId, merge.id)).returning({ id: requestAttachments.id });
    const movedCorrespondence = await tx.update(requestCorrespondence).set({ requestId: keep.id })
      .where(eq(requestCorrespondence.requestId, merge.id)).returning({ id: requestCorrespondence.id });
    const movedMails = await tx.update(inboundMails).set({ requestId: keep.id })
      .where(eq(inboundMails.requestId, merge.id)).returning({ id: inboundMails.id });

    await tx.update(visitRequests).set({
      services: [...new Set([...keep.services, ...merge.services])],
      availability,
      personId: keep.personId ?? merge.personId,
      location: keep.location ?? merge.location,
      subject,
      requester,
      urgency: mergeHigher ? merge.urgency : keep.urgency,
      urgencyReason: mergeHigher ? merge.urgencyReason : keep.urgencyReason ?? merge.urgencyReason,
      neededBy,
      notes,
      updatedAt: now,
      version: keep.version + 1,
    }).where(eq(visitRequests.id, keep.id));
    // Requests merged into the duplicate earlier now point at the kept one, so its history shows them too.
    await tx.update(visitRequests).set({ mergedIntoId: keep.id }).where(eq(visitRequests.mergedIntoId, merge.id));
    await tx.update(visitRequests).set({ status: 'merged', mergedIntoId: keep.id, waitlistedAt: null, updatedAt: now, version: merge.version + 1 })
      .where(eq(visitRequests.id, merge.id));

    const moved = { attachments: movedAttachments.length, correspondence: movedCorrespondence.length, mails: movedMails.length };
    await recordRequestEvent(tx, {
      municipalityId, requestId: keep.id, kind: 'merged', actor, at: now,
      detail: { mergedId: merge.id, mergedReference: merge.reference, mergedStatus: merge.status, moved },
    });
    await recordRequestEvent(tx, {
      municipalityId, requestId: merge.id, kind: 'merged', actor, at: now,
      detail: { intoId: keep.id, intoReference: keep.reference, previousStatus: merge.status, moved },
    });
  });
  return loadVisitRequestView(ctx.database.db, municipalityId, input.keepId);
}
