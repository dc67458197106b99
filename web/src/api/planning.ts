import type { ApiClient } from './client.ts';

/** The planning API (server: src/planning/routes.ts, types in src/planning/week-view.ts). */
export interface StopRequest { id: string; reference: string; subjectName: string; services: string[]; status: string }
export interface TourStop {
  id: string; sequence: number; place: string; institutionId: string | null; latitude: number; longitude: number;
  arriveAt: string; startAt: string; endAt: string; requests: StopRequest[];
}
export interface Tour {
  id: string; date: string; kitId: string; kitName: string; officers: { id: string; name: string }[];
  status: string; locked: boolean; departAt: string; returnAt: string; travelMinutes: number; stops: TourStop[];
  /** Confirmation letters waiting to be printed, and in all. */
  letters: { queued: number; total: number };
}
export type LeftOut = Omit<StopRequest, 'id'> & { requestId: string; reason: string };
export interface WeekView {
  weekStart: string;
  depot: { latitude: number; longitude: number };
  tours: Tour[];
  lastRun: { id: string; createdAt: string; createdByName: string; figures: Record<string, number>; leftOut: LeftOut[] } | null;
  waiting: (StopRequest & {
    waitlistedAt: string | null; pinnedKitId: string | null; pinnedDate: string | null;
    /** Freed slots offered to this request and still open. */
    offers: { slotId: string; date: string; expiresAt: string }[];
  })[];
  unavailableKits: { date: string; kitId: string; name: string; reasons: string[] }[];
}

export const getWeek = (api: ApiClient, weekStart: string, signal?: AbortSignal) =>
  api.get<{ week: WeekView }>(`/api/planning/weeks/${encodeURIComponent(weekStart)}`, { signal }).then((r) => r.week);

export const planWeek = (api: ApiClient, weekStart: string, seed?: number) =>
  api.post<{ week: WeekView }>(`/api/planning/weeks/${encodeURIComponent(weekStart)}/plan`, seed === undefined ? {} : { seed }).then((r) => r.week);

export const setTourLocked = (api: ApiClient, tourId: string, locked: boolean) =>
  api.post<void>(`/api/planning/tours/${encodeURIComponent(tourId)}/lock`, { locked });

export const pinRequest = (api: ApiClient, requestId: string, pin: { kitId: string | null; date: string | null }) =>
  api.post<void>(`/api/visit-requests/${encodeURIComponent(requestId)}/pin`, pin);

/** What confirming a tour sent: mails with calendar entry, letters to print, letters to the care homes. */
export interface ConfirmationSummary {
  mailed: number; letters: number; institutionLetters: number;
  failures: { requestId: string; reference: string; code: 'mail_failed' | 'institution_mail_failed'; recipient: string; reason: string }[];
}

/** The tour's letters as one PDF (GET; opening it marks the waiting ones printed). */
export const tourLettersUrl = (tourId: string, again = false) =>
  `/api/planning/tours/${encodeURIComponent(tourId)}/letters${again ? '?all=true' : ''}`;

export interface ReminderRun {
  day: string; mailed: number; alreadySent: number;
  failed: { reference: string; reason: string }[];
  toCall: { reference: string; name: string; phone: string | null; subjectName: string }[];
}

export const sendReminders = (api: ApiClient, day: string) => api.post<ReminderRun>('/api/planning/reminders', { day });

export const confirmTour = (api: ApiClient, tourId: string) =>
  api.post<ConfirmationSummary>(`/api/planning/tours/${encodeURIComponent(tourId)}/confirm`, {});

export interface KitSummary { id: string; name: string; status: string }

export const listKits = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ kits: KitSummary[] }>('/api/kits', { signal }).then((r) => r.kits);

/** The dispatcher takes an offered slot for a requester who accepted it on the phone. */
export const acceptOffer = (api: ApiClient, requestId: string, slotId: string) =>
  api.post<{ tourId: string; date: string; confirmation: 'email' | 'letter' | 'with_tour' | 'mail_failed' }>(
    `/api/visit-requests/${encodeURIComponent(requestId)}/accept-offer`, { slotId });
