import { useQuery } from '@tanstack/react-query';
import { isApiError, type ApiClient } from './client.ts';
import { api } from './index.ts';

/**
 * The kit's own API (server: src/kit/local-routes.ts), served only by `buergerkoffer kit` on the
 * notebook. The Rathaus answers 404 for it: that is how the web app knows it runs on a kit.
 */

export type KitPairing = 'pending' | 'active' | 'revoked' | 'unknown';
export type KitSyncState = 'pending' | 'sent' | 'confirmed' | 'error' | 'needs_review';

export interface KitUnsettledEvent {
  eventId: string;
  streamId: string;
  seq: number;
  kind: string;
  state: KitSyncState;
  lastError: string | null;
  /** The Rathaus's code for a step in review (REGISTER_CHANGED, …); absent from older kits. */
  code?: string | null;
  /** The Rathaus's own translation of the reason, where it sent one. */
  message?: { de: string; en: string } | null;
  capturedAt: string;
}

export interface KitOutboxSummary {
  counts: Record<KitSyncState, number>;
  /** Oldest first. */
  unsettled: KitUnsettledEvent[];
  /** The steps the Rathaus holds for a clerk (needs_review), oldest first; absent from older kits. */
  inReview?: KitUnsettledEvent[];
  biometricsOnKit: number;
  /** Entries of the kit's access log not yet confirmed by the Rathaus; absent from older kits. */
  accessLogPending?: number;
}

export interface KitPackage {
  tourId: string;
  tourDate: string;
  expiresAt: string;
}

export interface KitStatus {
  kitName: string;
  kitId: string;
  rathausUrl: string;
  fingerprint: string;
  pairing: KitPairing | string;
  online: boolean;
  unlocked: boolean;
  lastSyncAt: string | null;
  lastSyncError: string | null;
  packages: KitPackage[];
  /** Only for a signed-in officer. */
  outbox: KitOutboxSummary | null;
  wiped: boolean;
  numbersLeft?: Partial<Record<'case' | 'receipt', number>>;
}

export interface KitSyncReport {
  eventsSent: number;
  confirmed: number;
  review: number;
  retry: number;
  uploadsCompleted: number;
  uploadBytes: number;
  requests: number;
  wiped: number;
  remaining: number;
  interruption: string | null;
}

export interface KitTourPerson {
  id: string;
  familyName: string;
  givenNames: string[];
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
}

export interface KitTourVisit {
  requestId: string;
  reference: string;
  personId: string | null;
  services: string[];
  notes: string | null;
  person: KitTourPerson | null;
}

export interface KitTourStop {
  id: string;
  sequence: number;
  place: string;
  startAt: string;
  endAt: string;
  visits: KitTourVisit[];
}

export interface KitTour {
  id: string;
  date: string;
  departAt: string;
  returnAt: string;
  officers: { userId: string; displayName: string }[];
  stops: KitTourStop[];
}

/** The status, or null where the route does not exist (the Rathaus, not a kit). */
export async function getKitStatus(client: ApiClient, signal?: AbortSignal): Promise<KitStatus | null> {
  try {
    return await client.get<KitStatus>('/api/kit-local/status', { signal });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const syncKitNow = (client: ApiClient) => client.post<{ report: KitSyncReport; status: KitStatus }>('/api/kit-local/sync', {});

export const downloadKitPackages = (client: ApiClient, date: string) =>
  client.post<{ loaded: { tourId: string; persons: number; expiresAt: string }[] }>('/api/kit-local/packages', { date });

export const getKitTour = (client: ApiClient, tourId: string, signal?: AbortSignal) =>
  client.get<{ tour: KitTour; expiresAt: string }>(`/api/kit-local/tours/${encodeURIComponent(tourId)}`, { signal });

export const printDocument = (client: ApiClient, documentId: string, copies = 1) =>
  client.post<{ jobId: number; state: string; finishedAt: string | null }>(`/api/documents/${encodeURIComponent(documentId)}/print`, { copies });

export const kitStatusQueryKey = ['kit', 'status'] as const;

/** The kit's status, fresh every 5 s; data is null when the app does not run on a kit. */
export function useKitStatus() {
  return useQuery({
    queryKey: kitStatusQueryKey,
    queryFn: ({ signal }) => getKitStatus(api, signal),
    // Only the kit's own answer changes; on the Rathaus the 404 stays a 404.
    refetchInterval: (query) => (query.state.data === null ? false : 5_000),
    refetchIntervalInBackground: false,
    retry: false,
  });
}

/** True on a kit; false on the Rathaus and while that is not known yet. */
export function useIsKit(): boolean {
  return Boolean(useKitStatus().data);
}
