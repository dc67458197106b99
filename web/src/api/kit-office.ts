import type { ApiClient } from './client.ts';

/**
 * The office side of the kits (server: src/kit/routes.ts): an admin's pairing decisions and a
 * clerk's review of kit captures the Rathaus did not apply on arrival.
 */

export const pairingStatuses = ['pending', 'active', 'revoked', 'rejected'] as const;
export type PairingStatus = (typeof pairingStatuses)[number];

export interface KitPairingView {
  pairingId: string;
  kitId: string;
  kitName: string;
  fingerprint: string;
  /** pending | active | revoked | rejected; a newer server may know more. */
  status: PairingStatus | (string & {});
  requestedAt: string;
  decidedAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  wipedAt: string | null;
  lastContactAt: string | null;
}

export interface KitReviewStep {
  eventId: string;
  seq: number;
  kind: string;
  code: string | null;
}

export interface KitReviewItem {
  streamId: string;
  kitName: string;
  code: string;
  reason: string;
  /** The reason in German and English, where the refusing AppError carried its own translation. */
  message?: { de: string; en: string };
  capturedAt: string;
  receivedAt: string;
  serviceId: string | null;
  person: { id: string; name: string } | null;
  steps: KitReviewStep[];
}

export type KitReviewDecision = 'apply' | 'set_aside';

export interface KitReviewOutcome {
  applied: number;
  setAside: number;
  stillInReview: number;
}

export const listKitPairings = (api: ApiClient, signal?: AbortSignal) => api.get<KitPairingView[]>('/api/kit-pairings', { signal });

export const decideKitPairing = (api: ApiClient, pairingId: string, decision: 'approve' | 'reject') =>
  api.post<KitPairingView>(`/api/kit-pairings/${encodeURIComponent(pairingId)}/decision`, { decision });

export const revokeKitPairing = (api: ApiClient, pairingId: string, reason: string) =>
  api.post<KitPairingView>(`/api/kit-pairings/${encodeURIComponent(pairingId)}/revoke`, { reason });

export const listKitReviews = (api: ApiClient, signal?: AbortSignal) => api.get<KitReviewItem[]>('/api/kit-reviews', { signal });

export const decideKitReview = (api: ApiClient, streamId: string, input: { decision: KitReviewDecision; reason: string }) =>
  api.post<KitReviewOutcome>(`/api/kit-reviews/${encodeURIComponent(streamId)}/decision`, input);
