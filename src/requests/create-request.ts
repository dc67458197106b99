import { and, eq } from 'drizzle-orm';
import type { Actor } from '../identity/principal.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { recordRequestEvent } from './events.ts';
import { generateRequestReference, generateStatusToken } from './reference.ts';
import { visitRequests } from './schema.ts';
import type { AvailabilityWindow, RequestLocation, Requester, RequestSubject } from './types.ts';

export interface NewVisitRequest {
  municipalityId: string;
  channel: 'phone' | 'email' | 'web';
  status: 'draft' | 'open';
  subject: RequestSubject;
  requester: Requester;
  services: string[];
  location: RequestLocation | null;
  availability: AvailabilityWindow[];
  urgency: 'normal' | 'high' | 'urgent';
  urgencyReason?: string | null;
  neededBy?: string | null;
  notes?: string | null;
  personId?: string | null;
}

/**
 * Stores a new visit request and its `created` event. Runs in the caller's transaction (the mail
 * poller stores the mail in the same one), so the reference is checked before the insert instead
 * of retried after a unique violation, which would abort the caller's transaction.
 * Returns the status token in clear: the only moment it exists outside the requester's link.
 */
export async function createVisitRequest(
  db: Db,
  actor: Actor,
  input: NewVisitRequest,
  at: Date,
): Promise<{ id: string; reference: string; statusToken: string }> {
  if (actor.municipalityId !== input.municipalityId) {
    throw new AppError('REQUEST_WRONG_MUNICIPALITY', 'A visit request can only be created in your own municipality.', 403);
  }
  // An open request goes straight to the eligibility decision: it needs someone to visit and someone to answer.
  if (input.status === 'open') {
    const missing: string[] = [];
    if (!input.subject.familyName.trim() || !input.subject.givenNames.trim()) missing.push('subject name');
    if (!input.requester.name.trim()) missing.push('requester name');
    if (input.services.length === 0) missing.push('services');
    if (missing.length > 0) {
      throw new AppError('REQUEST_INCOMPLETE',
        `The request cannot be opened yet: ${missing.join(', ')} missing. Fill these in, or save it as a draft.`,
        400, { missing });
    }
  }
  if (input.neededBy && !/^\d{4}-\d{2}-\d{2}$/.test(input.neededBy)) {
    throw new AppError('REQUEST_NEEDED_BY_INVALID', 'The needed-by date must be a date like 2026-12-15.');
  }
  const reference = await unusedReference(db, input.municipalityId);
  const status = generateStatusToken();
  const [row] = await db.insert(visitRequests).values({
    municipalityId: input.municipalityId,
    reference,
    statusTokenHash: status.hash,
    channel: input.channel,
    status: input.status,
    personId: input.personId ?? null,
    subject: input.subject,
    requester: input.requester,
    services: [...new Set(input.services)],
    location: input.location,
    availability: input.availability,
    urgency: input.urgency,
    urgencyReason: input.urgencyReason ?? null,
    neededBy: input.neededBy ?? null,
    notes: input.notes ?? null,
    createdBy: 'kind' in actor ? null : actor.userId,
    // The page shows who took the request: a staff member by name, a job or the CLI by its own name.
    createdByName: 'kind' in actor ? actor.name : actor.displayName,
    createdAt: at,
    updatedAt: at,
  }).returning({ id: visitRequests.id });
  if (!row) throw new Error('visit_request insert returned nothing');
  await recordRequestEvent(db, {
    municipalityId: input.municipalityId,
    requestId: row.id,
    kind: 'created',
    detail: { channel: input.channel, status: input.status, reference },
    actor,
    at,
  });
  return { id: row.id, reference, statusToken: status.token };
}

async function unusedReference(db: Db, municipalityId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const reference = generateRequestReference();
    const [taken] = await db.select({ id: visitRequests.id }).from(visitRequests)
      .where(and(eq(visitRequests.municipalityId, municipalityId), eq(visitRequests.reference, reference))).limit(1);
    if (!taken) return reference;
  }
  throw new Error('no unused request reference after 5 attempts');
}
