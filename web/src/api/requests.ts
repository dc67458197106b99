import type { ApiClient } from './client.ts';
import type { SearchHit } from './register.ts';

/**
 * The visit-request API (docs/requests-architecture.md; server shapes in src/requests/routes.ts and
 * src/requests/mail/routes.ts). Mirrored here so the web bundle stays free of server code.
 */

export const requestStatuses = ['draft', 'open', 'eligible', 'denied', 'planned', 'confirmed', 'done', 'cancelled', 'merged'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const requestChannels = ['phone', 'email', 'web'] as const;
export type RequestChannel = (typeof requestChannels)[number];
export const requesterRelations = ['self', 'relative', 'betreuer', 'bevollmaechtigter', 'care_home', 'other'] as const;
export type RequesterRelation = (typeof requesterRelations)[number];
export const contactKinds = ['phone', 'email', 'letter'] as const;
export const urgencies = ['normal', 'high', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];
export const evidenceKinds = [
  'pflegegrad_bescheid', 'schwerbehindertenausweis', 'aerztliches_attest', 'heimbestaetigung', 'haftbescheinigung', 'other',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
/** The catalogue's service ids (src/catalogue/services.ts), in the server's order. */
export const requestServiceIds = [
  'personalausweis', 'vorlaeufiger_personalausweis', 'reisepass', 'vorlaeufiger_reisepass', 'eid_address_change', 'eid_pin_reset',
  'eid_activation', 'anmeldung', 'ummeldung', 'abmeldung', 'fuehrungszeugnis', 'beglaubigung_kopie', 'beglaubigung_unterschrift',
  'meldebescheinigung', 'lebensbescheinigung',
] as const;

export interface Text { de: string; en: string }

export interface RequestSubject { familyName: string; givenNames: string; birthDate?: string; address?: string; phone?: string }
export interface Requester {
  name: string; relation: RequesterRelation; organisation?: string; phone?: string; email?: string;
  postalAddress?: string[]; preferredContact: 'email' | 'letter' | 'phone'; easyLanguage?: boolean;
}
export interface RequestLocation {
  kind: 'home' | 'institution'; institutionId?: string; addressId?: string;
  street: string; houseNumber: string; postcode: string; city: string; addition?: string;
}
export interface AvailabilityWindow { weekday?: number; date?: string; from: string; to: string }

export interface RequestSummary {
  id: string; reference: string; channel: string; status: string; personId: string | null;
  subjectName: string; subjectBirthDate: string | null; requesterName: string; services: string[];
  locationKind: 'home' | 'institution' | null; institutionId: string | null; urgency: string;
  neededBy: string | null; waitlisted: boolean; mergedIntoId: string | null; createdAt: string; updatedAt: string; version: number;
}

export interface EvidenceSeen {
  kind: EvidenceKind; pflegegrad?: number; merkzeichen?: string[]; attestsPermanentImmobility?: boolean; attachmentId?: string; note?: string;
}

export interface RequestView extends RequestSummary {
  subject: RequestSubject; requester: Requester; location: RequestLocation | null; availability: AvailabilityWindow[];
  urgencyReason: string | null; notes: string | null; waitlistedAt: string | null; pinnedKitId: string | null; pinnedDate: string | null;
  createdByName: string; mergedRequests: { id: string; reference: string }[];
  attachments: { id: string; kind: string; filename: string; contentType: string; size: number; source: string; createdAt: string }[];
  events: { id: string; requestId: string; kind: string; detail: Record<string, unknown>; actorName: string; at: string }[];
  decisions: {
    id: string; outcome: string; ruleVersion: number; criteria: string[]; evidence: EvidenceSeen[]; reasons: string | null;
    letterDocumentId: string | null; decidedByName: string; decidedAt: string; current: boolean;
  }[];
  correspondence: {
    id: string; kind: string; channel: string; recipient: string; subject: string | null; status: string;
    documentId: string | null; createdAt: string; sentAt: string | null;
  }[];
}

export interface NewPhoneRequest {
  status: 'draft' | 'open';
  subject: RequestSubject; requester: Requester; services: string[]; location: RequestLocation | null;
  availability: AvailabilityWindow[]; urgency: Urgency; urgencyReason?: string | null; neededBy?: string | null; notes?: string | null;
}

export type RequestChanges = Partial<Omit<NewPhoneRequest, 'status'>>;

export interface DecisionResult {
  decisionId: string; outcome: 'eligible' | 'denied'; overridden: boolean;
  verdict: {
    eligible: boolean; criteriaMet: string[]; reasons: Text[]; denialCodes: string[]; alternatives: string[]; sammeltermin: boolean;
    results: { criterionId: string; kind: string; outcome: 'met' | 'not_met' | 'evidence_missing'; code: string; label: Text; reason: Text; needs: string[] }[];
  };
  ruleSet: { id: string; version: number; name: string };
  letterDocumentId: string | null;
  requestVersion: number;
  /** A denial's letter was mailed, or waits to be printed. */
  letterSent?: 'email' | 'letter';
}

export type CorrespondenceItem =
  | { direction: 'in'; id: string; at: string; from: string; fromName: string | null; subject: string; text: string; status: string; messageId: string }
  | {
    direction: 'out'; id: string; at: string; kind: string; channel: string; recipient: string; subject: string | null; status: string;
    error: string | null; messageId: string | null; inReplyTo: string | null; documentId: string | null; sentAt: string | null;
  };

/** One problem of a rejected request (422 REQUEST_INVALID, details.problems). */
export interface RequestProblem { code: string; field: string; message: Text }

export interface RequestListFilter { status?: string; channel?: string; text?: string; limit?: number; offset?: number }

const requestPath = (id: string) => `/api/visit-requests/${encodeURIComponent(id)}`;

export const listVisitRequests = (api: ApiClient, filter: RequestListFilter, signal?: AbortSignal) =>
  api.get<{ requests: RequestSummary[]; total: number }>('/api/visit-requests', { query: { ...filter }, signal });

export const getVisitRequest = (api: ApiClient, id: string, signal?: AbortSignal) => api.get<RequestView>(requestPath(id), { signal });

export const createPhoneRequest = (api: ApiClient, body: NewPhoneRequest) =>
  api.post<{ request: RequestView; statusToken: string }>('/api/visit-requests', body);

export const updateVisitRequest = (api: ApiClient, id: string, body: RequestChanges & { version: number; open?: boolean }) =>
  api.patch<RequestView>(requestPath(id), body);

export const decideVisitRequest = (
  api: ApiClient, id: string,
  body: { evidence: EvidenceSeen[]; decision?: { outcome: 'eligible' | 'denied'; reason: string }; note?: string | null; version?: number },
) => api.post<DecisionResult>(`${requestPath(id)}/decide`, body);

export const getCorrespondence = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<{ reference: string; items: CorrespondenceItem[] }>(`${requestPath(id)}/correspondence`, { signal });

export const replyToRequester = (api: ApiClient, id: string, body: { subject: string; text: string }) =>
  api.post<{ correspondenceId: string; messageId: string }>(`${requestPath(id)}/reply`, body);

/** The register's candidates for the request's subject (logged with the reference as purpose). */
export const getMatchCandidates = (api: ApiClient, id: string, limit?: number, signal?: AbortSignal) =>
  api.get<{ hits: SearchHit[] }>(`${requestPath(id)}/match-candidates`, { query: { limit }, signal }).then((r) => r.hits);

/** Matches the subject to a register person; null undoes the match. */
export const matchVisitRequest = (api: ApiClient, id: string, body: { personId: string | null; version?: number }) =>
  api.post<RequestView>(`${requestPath(id)}/match`, body);

/** An active request for the same person (GET …/duplicates). */
export interface DuplicateRequest {
  id: string; reference: string; status: string; channel: string; subjectName: string; subjectBirthDate: string | null;
  requesterName: string; createdAt: string;
  /** Why: the same register person, or the same name and birth date. */
  match: 'person' | 'name_and_birth_date';
}

export const getDuplicates = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<{ duplicates: DuplicateRequest[] }>(`${requestPath(id)}/duplicates`, { signal }).then((r) => r.duplicates);

/** Merges the duplicate mergeId into the request id; the dispatcher's consent is part of the call. */
export const mergeVisitRequests = (api: ApiClient, id: string, mergeId: string) =>
  api.post<RequestView>(`${requestPath(id)}/merge`, { mergeId, consent: true });

export const attachmentUrl = (requestId: string, attachmentId: string) => `${requestPath(requestId)}/attachments/${encodeURIComponent(attachmentId)}`;
export const documentPdfUrl = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/pdf`;

/** The problems of a 422 REQUEST_INVALID, or none. */
export function requestProblemsOf(details: Record<string, unknown> | undefined): RequestProblem[] {
  const problems = details?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter((p): p is RequestProblem =>
    typeof p === 'object' && p !== null && typeof (p as RequestProblem).field === 'string' && typeof (p as RequestProblem).message === 'object');
}
