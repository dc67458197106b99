import { ApiError, errorFromResponse, type ApiClient } from './client.ts';

/**
 * The case engine's API (docs/cases.md; server types in src/cases/workflow.ts).
 * The shapes are mirrored here, not imported, so the web bundle stays free of server code.
 */

export interface Text {
  de: string;
  en: string;
}

export type ServiceGroup = 'id_documents' | 'eid_terminal' | 'residence' | 'certificates';

export interface CatalogueService {
  id: string;
  name: Text;
  group: ServiceGroup;
  leikaKey: string | null;
  captureMinutes: number;
  proxy: 'in_person_or_legal_representative' | 'in_person_only' | 'any_authorised';
  evidence: Text[];
  /** A workflow is registered for it. */
  available: boolean;
}

export type FieldKind =
  | 'text' | 'textarea' | 'date' | 'time' | 'number' | 'boolean' | 'select' | 'multiselect'
  | 'address' | 'person' | 'device' | 'signature' | 'upload';

export interface FieldSpec {
  /** Dot path in the case data. */
  name: string;
  kind: FieldKind;
  label: Text;
  help?: Text;
  required?: boolean;
  options?: { value: string; label: Text }[];
  action?: string;
  visibleWhen?: { field: string; equals?: (string | number | boolean)[] };
  min?: number;
  max?: number;
}

export interface FormStep {
  id: string;
  title: Text;
  fields: FieldSpec[];
}

export interface ServiceForm {
  serviceId: string;
  steps: FormStep[];
  handOver: FormStep[] | null;
  deviceActions: { name: string; label: Text }[];
}

export interface Violation {
  code: string;
  field?: string;
  message: Text;
}

export interface Notice {
  code: string;
  message: Text;
  acknowledgeField?: string;
}

export type ApplicantKind = 'self' | 'legal_representative' | 'betreuer' | 'parent' | 'care_home_head' | 'authorised_person';

export type Applicant =
  | { kind: 'self' }
  | {
    kind: Exclude<ApplicantKind, 'self'>;
    name: string;
    personId?: string | null;
    address?: string | null;
    scope?: string[];
    evidence: string;
  };

export interface FeeItem {
  code: string;
  label: string;
  amountCents: number;
  legalBasis: string;
}

export interface FeeQuote {
  serviceId: string;
  applicationDate: string;
  ageAtApplication: number | null;
  items: FeeItem[];
  totalCents: number;
  waived: { kind: string; reason: string } | null;
  split: { municipalityCents: number; federalCents: number } | null;
  tables: { id: string; validFrom: string; validUntil: string | null }[];
}

export type CaseState =
  | 'draft' | 'captured' | 'paid' | 'completed' | 'transmitted' | 'handed_over' | 'closed' | 'cancelled' | 'needs_review';

export const caseStates: readonly CaseState[] = [
  'draft', 'captured', 'paid', 'completed', 'transmitted', 'handed_over', 'closed', 'cancelled', 'needs_review',
];

export type CaseAction = 'update' | 'capture' | 'pay' | 'complete' | 'close' | 'hand_over' | 'cancel' | 'review';

export interface CasePerson {
  id: string;
  familyName: string;
  givenNames: string[];
  birthDate: string | null;
}

export interface CasePayment {
  id: string;
  method: 'cash' | 'card';
  amountCents: number;
  receiptNumber: string;
  paidAt: string;
  recordedBy: string;
  cardReference: string | null;
}

export interface CaseDocument {
  id: string;
  kind: string;
  title: string;
  code: string | null;
  issuedAt: string;
}

export interface CaseMessage {
  id: string;
  kind: string;
  status: string;
  recipientName: string;
  dueBy: string | null;
  attempts: number;
  lastError: string | null;
}

export interface CaseAttachment {
  id: string;
  kind: string;
  mediaType: string;
  deleted: boolean;
  createdAt: string;
}

export interface CaseHistoryEntry {
  at: string;
  actor: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
}

export type CaseData = Record<string, unknown>;

export interface CaseView {
  id: string;
  number: string;
  serviceId: string;
  serviceName: Text;
  state: CaseState;
  stateBeforeReview: string | null;
  person: CasePerson | null;
  applicant: Applicant;
  data: CaseData;
  violations: Violation[];
  notices: Notice[];
  fee: FeeQuote | null;
  paidCents: number;
  outstandingCents: number;
  payments: CasePayment[];
  documents: CaseDocument[];
  messages: CaseMessage[];
  attachments: CaseAttachment[];
  history: CaseHistoryEntry[];
  allowedActions: CaseAction[];
  reviewReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CaseSummary {
  id: string;
  number: string;
  serviceId: string;
  serviceName: Text;
  state: CaseState;
  person: CasePerson | null;
  createdAt: string;
  updatedAt: string;
  reviewReason?: string | null;
}

export interface CaseListFilter {
  personId?: string;
  state?: string;
  serviceId?: string;
  limit?: number;
}

export interface NewCase {
  serviceId: string;
  personId: string | null;
  applicant: Applicant;
  data?: CaseData;
}

export type AttachmentKind = 'signature' | 'scan' | 'written_request' | 'wohnungsgeberbestaetigung' | 'other';

const casePath = (id: string) => `/api/cases/${encodeURIComponent(id)}`;

export const listServices = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ services: CatalogueService[] }>('/api/catalogue/services', { signal }).then((r) => r.services);

export const getServiceForm = (api: ApiClient, serviceId: string, signal?: AbortSignal) =>
  api.get<ServiceForm>(`/api/catalogue/services/${encodeURIComponent(serviceId)}/form`, { signal });

export const listCases = (api: ApiClient, filter: CaseListFilter, signal?: AbortSignal) =>
  api.get<{ cases: CaseSummary[] }>('/api/cases', { query: { ...filter }, signal }).then((r) => r.cases);

export const listReviewCases = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ cases: CaseSummary[] }>('/api/cases/review', { signal }).then((r) => r.cases);

export const getCase = (api: ApiClient, id: string, signal?: AbortSignal) => api.get<CaseView>(casePath(id), { signal });

export const createCase = (api: ApiClient, body: NewCase) => api.post<CaseView>('/api/cases', body);

export const updateCase = (api: ApiClient, id: string, body: { version: number; data: CaseData; applicant?: Applicant }) =>
  api.patch<CaseView>(casePath(id), body);

export const captureCase = (api: ApiClient, id: string, version: number) =>
  api.post<CaseView>(`${casePath(id)}/capture`, { version });

export const recordPayment = (api: ApiClient, id: string, body: { method: 'cash' | 'card'; amountCents: number; cardReference?: string }) =>
  api.post<CaseView>(`${casePath(id)}/payments`, body);

export const completeCase = (api: ApiClient, id: string, version: number) =>
  api.post<CaseView>(`${casePath(id)}/complete`, { version });

export const handOverCase = (api: ApiClient, id: string, version: number, input: CaseData) =>
  api.post<CaseView>(`${casePath(id)}/hand-over`, { version, input });

export const closeCase = (api: ApiClient, id: string, version: number) =>
  api.post<CaseView>(`${casePath(id)}/close`, { version });

export const cancelCase = (api: ApiClient, id: string, version: number, reason: string) =>
  api.post<CaseView>(`${casePath(id)}/cancel`, { version, reason });

export const reviewCase = (api: ApiClient, id: string, body: { version: number; decision: 'resume' | 'cancel' | 'flag'; note: string }) =>
  api.post<CaseView>(`${casePath(id)}/review`, body);

export const runDeviceAction = (api: ApiClient, id: string, action: string, version: number, input?: CaseData) =>
  api.post<CaseView>(`${casePath(id)}/devices/${encodeURIComponent(action)}`, { version, input });

export const attachmentUrl = (caseId: string, attachmentId: string) =>
  `${casePath(caseId)}/attachments/${encodeURIComponent(attachmentId)}`;

export const documentPdfUrl = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/pdf`;

/**
 * Uploads raw bytes (signature PNG, evidence scan). The JSON client cannot send a body as it is,
 * so this one request goes through fetch with the same cookie and CSRF token.
 */
export async function uploadAttachment(
  api: ApiClient, caseId: string, kind: AttachmentKind, content: Blob, fetchImpl: typeof fetch = (i, init) => globalThis.fetch(i, init),
): Promise<{ id: string; kind: string; mediaType: string }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': content.type || 'application/octet-stream' };
  const token = api.getCsrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetchImpl(`${casePath(caseId)}/attachments?kind=${encodeURIComponent(kind)}`, {
      method: 'POST', headers, body: content, credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('NETWORK', 'The server cannot be reached. Check the network connection and try again.', 0);
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text);
  return JSON.parse(text) as { id: string; kind: string; mediaType: string };
}

/** The violations a 422 CASE_VIOLATIONS answer carries, or null for any other error. */
export function violationsOf(error: unknown): Violation[] | null {
  if (!(error instanceof ApiError) || error.code !== 'CASE_VIOLATIONS') return null;
  const list = error.details?.violations;
  return Array.isArray(list) ? (list as Violation[]) : [];
}
