/**
 * A visit request as the office sees it: the request, its files (without content), its history
 * (including the history of requests merged into it), eligibility decisions and correspondence.
 * The view holds what the requester told us, not register data: the matched person is only an
 * id, which the person page opens (and logs) itself.
 */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { loadRequest, requirePermission, type VisitRequestRow } from './request-store.ts';
import { eligibilityDecisions, requestAttachments, requestCorrespondence, requestEvents, visitRequests } from './schema.ts';
import type { AvailabilityWindow, EvidenceSeen, RequestLocation, Requester, RequestSubject } from './types.ts';

export interface VisitRequestSummary {
  id: string;
  reference: string;
  channel: string;
  status: string;
  personId: string | null;
  subjectName: string;
  subjectBirthDate: string | null;
  requesterName: string;
  services: string[];
  locationKind: 'home' | 'institution' | null;
  institutionId: string | null;
  urgency: string;
  neededBy: string | null;
  waitlisted: boolean;
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The summary's fields (for the list row) plus everything the request page shows. */
export interface VisitRequestView extends VisitRequestSummary {
  subject: RequestSubject;
  requester: Requester;
  location: RequestLocation | null;
  availability: AvailabilityWindow[];
  urgencyReason: string | null;
  notes: string | null;
  waitlistedAt: string | null;
  pinnedKitId: string | null;
  pinnedDate: string | null;
  createdByName: string;
  /** Requests merged into this one (their files, mails and history now show here). */
  mergedRequests: { id: string; reference: string }[];
  attachments: { id: string; kind: string; filename: string; contentType: string; size: number; source: string; createdAt: string }[];
  events: { id: string; requestId: string; kind: string; detail: Record<string, unknown>; actorName: string; at: string }[];
  decisions: {
    id: string; outcome: string; ruleVersion: number; criteria: string[]; evidence: EvidenceSeen[]; reasons: string | null;
    letterDocumentId: string | null; decidedByName: string; decidedAt: string; current: boolean;
  }[];
  correspondence: {
    id: string; kind: string; channel: string; recipient: string; subject: string | null; status: string; documentId: string | null;
    createdAt: string; sentAt: string | null;
  }[];
}

export function presentSummary(row: VisitRequestRow): VisitRequestSummary {
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel,
    status: row.status,
    personId: row.personId,
    subjectName: [row.subject.givenNames, row.subject.familyName].filter((part) => part?.trim()).join(' '),
    subjectBirthDate: row.subject.birthDate ?? null,
    requesterName: row.requester.name,
    services: row.services,
    locationKind: row.location?.kind ?? null,
    institutionId: row.location?.institutionId ?? null,
    urgency: row.urgency,
    neededBy: row.neededBy,
    waitlisted: row.waitlistedAt !== null,
    mergedIntoId: row.mergedIntoId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function getVisitRequest(ctx: AppContext, actor: Actor, requestId: string): Promise<VisitRequestView> {
  requirePermission(actor, 'requests.read');
  return loadVisitRequestView(ctx.database.db, actor.municipalityId, requestId);
}

/** The view without the permission check, for use cases answering with the changed request. */
export async function loadVisitRequestView(db: Db, municipalityId: string, requestId: string): Promise<VisitRequestView> {
  const row = await loadRequest(db, municipalityId, requestId);
  const merged = await db.select({ id: visitRequests.id, reference: visitRequests.reference }).from(visitRequests)
    .where(eq(visitRequests.mergedIntoId, row.id)).orderBy(asc(visitRequests.createdAt));
  const historyIds = [row.id, ...merged.map((m) => m.id)];
  const [attachments, events, decisions, correspondence] = [
    await db.select({
      id: requestAttachments.id, kind: requestAttachments.kind, filename: requestAttachments.filename, contentType: requestAttachments.contentType,
      size: requestAttachments.size, source: requestAttachments.source, createdAt: requestAttachments.createdAt,
    }).from(requestAttachments).where(eq(requestAttachments.requestId, row.id)).orderBy(asc(requestAttachments.createdAt)),
    await db.select().from(requestEvents).where(inArray(requestEvents.requestId, historyIds)).orderBy(asc(requestEvents.at), asc(requestEvents.id)),
    await db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.requestId, row.id)).orderBy(desc(eligibilityDecisions.decidedAt)),
    await db.select().from(requestCorrespondence).where(eq(requestCorrespondence.requestId, row.id)).orderBy(asc(requestCorrespondence.createdAt)),
  ];
  return {
    ...presentSummary(row),
    subject: row.subject,
    requester: row.requester,
    location: row.location ?? null,
    availability: row.availability,
    urgencyReason: row.urgencyReason,
    notes: row.notes,
    waitlistedAt: row.waitlistedAt?.toISOString() ?? null,
    pinnedKitId: row.pinnedKitId,
    pinnedDate: row.pinnedDate,
    createdByName: row.createdByName,
    mergedRequests: merged,
    attachments: attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    events: events.map((e) => ({ id: e.id, requestId: e.requestId, kind: e.kind, detail: e.detail, actorName: e.actorName, at: e.at.toISOString() })),
    decisions: decisions.map((d) => ({
      id: d.id, outcome: d.outcome, ruleVersion: d.ruleVersion, criteria: d.criteria, evidence: d.evidence, reasons: d.reasons,
      letterDocumentId: d.letterDocumentId, decidedByName: d.decidedByName, decidedAt: d.decidedAt.toISOString(), current: d.current,
    })),
    correspondence: correspondence.map((c) => ({
      id: c.id, kind: c.kind, channel: c.channel, recipient: c.recipient, subject: c.subject, status: c.status, documentId: c.documentId,
      createdAt: c.createdAt.toISOString(), sentAt: c.sentAt?.toISOString() ?? null,
    })),
  };
}
