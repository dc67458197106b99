/** Rules for reading a person's record in the office app; pure, so they are tested without a browser. */

export interface DatedResidence {
  movedIn: string;
  movedOut: string | null | undefined;
}

/** Current stays (no move-out, or one still ahead) and earlier ones, each newest first. */
export function splitResidences<T extends DatedResidence>(residences: readonly T[], today: string): { current: T[]; historic: T[] } {
  const newestFirst = [...residences].sort((a, b) => b.movedIn.localeCompare(a.movedIn));
  return {
    current: newestFirst.filter((r) => !r.movedOut || r.movedOut > today),
    historic: newestFirst.filter((r) => !!r.movedOut && r.movedOut <= today),
  };
}

export interface ValidityWindow {
  validFrom?: string | null;
  validUntil?: string | null;
}

/** A block (or relation) in force today: started, and not yet ended (the end day still counts). */
export function inForce(window: ValidityWindow, today: string): boolean {
  return (!window.validFrom || window.validFrom <= today) && (!window.validUntil || window.validUntil >= today);
}

export type DocumentState = 'valid' | 'expired' | 'expiring' | 'inactive';

/**
 * How an ID document stands today. "expiring" within 90 days, because a home visit is
 * planned weeks ahead and the new card needs weeks from the Bundesdruckerei.
 */
export function documentState(doc: { status: string; validUntil: string }, today: string): DocumentState {
  if (doc.status !== 'valid') return 'inactive';
  if (doc.validUntil < today) return 'expired';
  return doc.validUntil <= addDays(today, 90) ? 'expiring' : 'valid';
}

function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
