import { pairingStatuses, type KitPairingView, type KitReviewOutcome } from '../../api/kit-office.ts';

/** What the two kit pages show, apart from React: labels, groupings and checks, each a pure function. */

export type BadgeVariant = 'info' | 'success' | 'warning' | 'danger';

/** Every status has a word and an icon besides its colour, so it never rests on colour alone. */
export function pairingStatusBadge(status: string): { variant: BadgeVariant; icon: string; labelKey: string } {
  switch (status) {
    case 'pending': return { variant: 'warning', icon: 'warning', labelKey: 'kitOffice.pairings.status.pending' };
    case 'active': return { variant: 'success', icon: 'check', labelKey: 'kitOffice.pairings.status.active' };
    case 'revoked': return { variant: 'danger', icon: 'danger', labelKey: 'kitOffice.pairings.status.revoked' };
    case 'rejected': return { variant: 'danger', icon: 'close', labelKey: 'kitOffice.pairings.status.rejected' };
    default: return { variant: 'info', icon: 'info', labelKey: 'kitOffice.pairings.status.unknown' };
  }
}

/** Pending first (they wait for someone), then active, revoked, rejected; newest first within each. */
export function sortPairings(pairings: readonly KitPairingView[]): KitPairingView[] {
  const rank = (status: string) => {
    const i = (pairingStatuses as readonly string[]).indexOf(status);
    return i === -1 ? pairingStatuses.length : i;
  };
  return [...pairings].sort((a, b) => rank(a.status) - rank(b.status) || b.requestedAt.localeCompare(a.requestedAt));
}

/**
 * The fingerprint in groups of four, as the kit shows it ("3F2A 9C01 …"), whatever spacing the
 * server sent, so two people can read it to each other group by group.
 */
export function fingerprintGroups(fingerprint: string): string[] {
  const compact = fingerprint.replace(/[\s:-]/g, '').toUpperCase();
  return compact.match(/.{1,4}/g) ?? [];
}

/** Whether a revoked kit has confirmed its wipe; null when the question does not arise. */
export function wipeState(pairing: Pick<KitPairingView, 'status' | 'wipedAt'>): 'confirmed' | 'unconfirmed' | null {
  if (pairing.status !== 'revoked') return null;
  return pairing.wipedAt ? 'confirmed' : 'unconfirmed';
}

/** The reasons the Rathaus gives for holding a kit capture (src/kit/ingest.ts, event-handlers.ts). */
export const reviewCodes = [
  'REGISTER_CHANGED', 'PERSON_DECEASED', 'PERSON_GONE', 'HELD_BEHIND_REVIEW', 'NUMBER_NOT_RESERVED',
  'KIND_UNKNOWN', 'EVENT_PAYLOAD_INVALID', 'OFFICER_UNKNOWN', 'STREAM_OF_OTHER_KIT', 'SEQ_TAKEN', 'CASE_UNKNOWN',
] as const;
export type ReviewCode = (typeof reviewCodes)[number];

/**
 * The translation key explaining a review code to the clerk; null for other codes (the case use
 * cases' codes read as the kit words them, web/src/kit/sync-reasons.ts; an unknown one as it came).
 */
export function reviewCodeKey(code: string | null | undefined): string | null {
  return code && (reviewCodes as readonly string[]).includes(code) ? `kitOffice.reviews.codes.${code}` : null;
}

/** The reason a clerk must give: trimmed, 1–1000 characters (the server's limits). Returns the error key or null. */
export function reasonError(reason: string, max = 1000): string | null {
  const trimmed = reason.trim();
  if (trimmed === '') return 'kitOffice.reasonMissing';
  if (trimmed.length > max) return 'kitOffice.reasonTooLong';
  return null;
}

/** The outcome of a review decision in parts worth saying: each non-zero count with its translation key. */
export function outcomeParts(outcome: KitReviewOutcome): { key: string; count: number }[] {
  return ([
    ['kitOffice.reviews.outcome.applied', outcome.applied],
    ['kitOffice.reviews.outcome.setAside', outcome.setAside],
    ['kitOffice.reviews.outcome.stillInReview', outcome.stillInReview],
  ] as const).filter(([, count]) => count > 0).map(([key, count]) => ({ key, count }));
}

/** How the outcome reads overall: all applied, set aside, or stopped at a step that is still in review. */
export function outcomeVariant(outcome: KitReviewOutcome): 'success' | 'warning' | 'info' {
  if (outcome.stillInReview > 0) return 'warning';
  if (outcome.applied > 0) return 'success';
  return 'info';
}

/** The case can be opened once a step was applied (the case now exists in the Rathaus). */
export function caseOpenable(outcome: KitReviewOutcome | null | undefined): boolean {
  return !!outcome && outcome.applied > 0;
}
