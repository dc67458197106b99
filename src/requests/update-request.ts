/**
 * Edits a visit request and completes a draft (draft → open). Fields are replaced as given
 * (subject, requester and location as whole objects); fields not given stay. A draft may stay
 * incomplete but not wrong; an open or decided request must stay complete. Every problem is
 * reported at once (422 REQUEST_INVALID, details.problems with field and message de/en).
 * Changing the person or the place of a decided request reopens it for a new decision.
 */
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { recordRequestEvent } from './events.ts';
import { loadVisitRequestView, type VisitRequestView } from './get-request.ts';
import { assertVersion, inTransaction, loadRequest, requirePermission } from './request-store.ts';
import { eligibilityDecisions, visitRequests } from './schema.ts';
import type { AvailabilityWindow, RequestLocation, Requester, RequestSubject } from './types.ts';
import { requestProblems, type RequestFields, type RequestProblem } from './validate-request.ts';

export interface VisitRequestChanges {
  subject?: RequestSubject;
  requester?: Requester;
  services?: string[];
  location?: RequestLocation | null;
  availability?: AvailabilityWindow[];
  urgency?: 'normal' | 'high' | 'urgent';
  urgencyReason?: string | null;
  neededBy?: string | null;
  notes?: string | null;
}

export interface UpdateVisitRequestInput {
  requestId: string;
  /** The version the edit is based on; a stale one answers 409 REQUEST_VERSION_CONFLICT. */
  version: number;
  changes: VisitRequestChanges;
  /** Complete a draft: it becomes open and goes to the eligibility decision. */
  open?: boolean;
}

/** Requests whose data may still change; later ones are on a tour or closed. */
const editable = new Set(['draft', 'open', 'eligible', 'denied']);

export function requestInvalid(problems: RequestProblem[]): AppError {
  const list = problems.map((p) => `${p.field}: ${p.message.en}`).join(' ');
  return new AppError('REQUEST_INVALID', `The request cannot be saved: ${list}`, 422, { problems });
}

/**
 * Whether a change touches what the eligibility decision was about: who is visited (name, birth
 * date) and where (home or which institution — the rules differ for institution residents).
 */
export function decisionAffected(
  before: { subject: RequestSubject; location: RequestLocation | null },
  after: { subject: RequestSubject; location: RequestLocation | null },
): boolean {
  const who = (s: RequestSubject) => [s.familyName.trim().toLowerCase(), s.givenNames.trim().toLowerCase(), s.birthDate ?? ''].join('|');
  const where = (l: RequestLocation | null) => (l ? `${l.kind}|${l.kind === 'institution' ? l.institutionId ?? '' : ''}` : '');
  return who(before.subject) !== who(after.subject) || where(before.location) !== where(after.location);
}

export async function updateVisitRequest(ctx: AppContext, actor: Actor, input: UpdateVisitRequestInput): Promise<VisitRequestView> {
  requirePermission(actor, 'requests.write');
  const now = ctx.now();
  const municipalityId = actor.municipalityId;
  await inTransaction(ctx.database.db, async (tx) => {
    const row = await loadRequest(tx, municipalityId, input.requestId, true);
    assertVersion(row, input.version);
    if (!editable.has(row.status)) {
      const how = row.status === 'planned' || row.status === 'confirmed'
        ? 'It is on a tour: change it in the planning, or cancel the visit first.'
        : row.status === 'merged' ? 'It was merged: edit the request it was merged into.' : 'It is closed.';
      throw new AppError('REQUEST_NOT_EDITABLE', `The request ${row.reference} is ${row.status} and cannot be edited. ${how}`, 409, { status: row.status });
    }
    if (input.open && row.status !== 'draft' && row.status !== 'open') {
      throw new AppError('REQUEST_NOT_DRAFT', `The request ${row.reference} is already ${row.status}; only a draft can be opened.`, 409, { status: row.status });
    }
    const c = input.changes;
    const trimOrNull = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);
    const next: RequestFields & { notes: string | null } = {
      subject: c.subject ?? row.subject,
      requester: c.requester ?? row.requester,
      services: c.services ? [...new Set(c.services)] : row.services,
      location: c.location === undefined ? row.location ?? null : c.location,
      availability: c.availability ?? row.availability,
      urgency: c.urgency ?? row.urgency,
      urgencyReason: trimOrNull(c.urgencyReason) === undefined ? row.urgencyReason : trimOrNull(c.urgencyReason) ?? null,
      neededBy: c.neededBy === undefined ? row.neededBy : c.neededBy || null,
      notes: trimOrNull(c.notes) === undefined ? row.notes : trimOrNull(c.notes) ?? null,
    };
    // A decision holds for the person and place it was made for: changing them reopens the request.
    const decisionVoid = (row.status === 'eligible' || row.status === 'denied') && decisionAffected(row, next);
    const status = input.open || decisionVoid ? 'open' : row.status;
    const problems = requestProblems(next, { complete: status !== 'draft' });
    if (problems.length > 0) throw requestInvalid(problems);
    const changed = (Object.keys(c) as (keyof VisitRequestChanges)[]).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(key === 'location' ? row.location ?? null : row[key]));
    const opened = status !== row.status;
    if (changed.length === 0 && !opened) return;
    await tx.update(visitRequests).set({ ...next, status, ...(decisionVoid ? { waitlistedAt: null } : {}), updatedAt: now, version: row.version + 1 })
      .where(eq(visitRequests.id, row.id));
    if (decisionVoid) {
      await tx.update(eligibilityDecisions).set({ current: false })
        .where(and(eq(eligibilityDecisions.requestId, row.id), eq(eligibilityDecisions.current, true)));
    }
    await recordRequestEvent(tx, {
      municipalityId, requestId: row.id, kind: 'updated', actor, at: now,
      detail: { fields: changed, ...(opened ? { status: { from: row.status, to: status } } : {}), ...(decisionVoid ? { decisionReset: true } : {}) },
    });
  });
  return loadVisitRequestView(ctx.database.db, municipalityId, input.requestId);
}
