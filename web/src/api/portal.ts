/**
 * The public part of the Rathaus API (no login): the proof-of-work challenge, the request form
 * and the requester's status link. The form goes as multipart/form-data (JSON in field "request",
 * the proof of authority in field "proof"), so it does not use the office client's JSON-only path.
 */
import { ApiError, clientErrorCodes, errorFromResponse, type ApiClient } from './client.ts';
import type { AvailabilityWindow, RequesterRelation, Urgency } from './requests.ts';

export interface PowChallenge { challenge: string; signature: string; difficulty: number; expiresAt: string; municipality: { ags: string; name: string } }

export interface PortalRequestBody {
  solution: { challenge: string; signature: string; nonce: string };
  consent: boolean;
  requester: {
    name: string; relation: RequesterRelation; organisation?: string; phone?: string; email?: string;
    postalAddress?: string[]; preferredContact: 'email' | 'letter' | 'phone';
  };
  subject: { familyName: string; givenNames: string; birthDate?: string; address?: string };
  services: string[];
  location: { kind: 'home' | 'institution'; street: string; houseNumber: string; postcode: string; city: string; addition?: string };
  availability: AvailabilityWindow[];
  urgency: Urgency;
  urgencyReason?: string | null;
  notes?: string | null;
}

export interface PortalCreated { reference: string; statusUrl: string; statusToken: string; acknowledgement: 'sent' | 'failed' | 'none' }

export type PortalState = 'received' | 'in_review' | 'waiting' | 'planned' | 'confirmed' | 'done' | 'declined' | 'cancelled';
export interface PortalStatus {
  reference: string;
  state: PortalState;
  stateText: { de: string; en: string };
  subjectName: string;
  services: string[];
  createdAt: string;
  visit: { date: string; from: string; to: string; place: string } | null;
  canCancel: boolean;
  offers: { slotId: string; date: string; expiresAt: string }[];
}

export const getChallenge = (api: ApiClient, signal?: AbortSignal) => api.get<PowChallenge>('/api/public/challenge', { signal });

export async function submitPortalRequest(body: PortalRequestBody, proof: File | null, doFetch: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<PortalCreated> {
  const data = new FormData();
  data.append('request', JSON.stringify(body));
  if (proof) data.append('proof', proof, proof.name);
  let response: Response;
  try {
    response = await doFetch('/api/public/visit-requests', { method: 'POST', body: data, headers: { Accept: 'application/json' }, credentials: 'omit' });
  } catch {
    throw new ApiError(clientErrorCodes.network, 'The server cannot be reached. Check the network connection and try again.', 0);
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text);
  return JSON.parse(text) as PortalCreated;
}

const statusPath = (token: string) => `/api/public/visit-requests/status/${encodeURIComponent(token)}`;
export const getPortalStatus = (api: ApiClient, token: string, signal?: AbortSignal) => api.get<PortalStatus>(statusPath(token), { signal });
export const cancelPortalRequest = (api: ApiClient, token: string, reason?: string) =>
  api.post<PortalStatus>(`${statusPath(token)}/cancel`, reason ? { reason } : {});
export const acceptPortalOffer = (api: ApiClient, token: string, slotId?: string) =>
  api.post<PortalStatus>(`${statusPath(token)}/accept-offer`, slotId ? { slotId } : {});

/** The server's own German/English text of an error (details.text), when it sent one. */
export function errorText(error: unknown, language: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const text = error.details?.text as { de?: unknown; en?: unknown } | undefined;
  const chosen = language.startsWith('en') ? text?.en : text?.de;
  return typeof chosen === 'string' ? chosen : null;
}
