/**
 * Matching a request's data subject to the Melderegister: candidates from the register search
 * (which logs itself), then the dispatcher's choice (person_id). Both are accesses to register
 * data and logged as such (§ 40 BMG), with the request's reference as the purpose. A person
 * under an Auskunftssperre or bedingtem Sperrvermerk cannot be chosen by a role that may not
 * see them: for it they do not exist (404), and the attempt is logged all the same.
 */
import { and, eq } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { registerToday } from '../register/dates.ts';
import { activeDisclosureBlocks } from '../register/persons/get-person.ts';
import { persons } from '../register/schema.ts';
import { searchPersons, type SearchResult } from '../register/search/search-persons.ts';
import { recordRequestEvent } from './events.ts';
import { loadVisitRequestView, type VisitRequestView } from './get-request.ts';
import { activeStatuses, assertVersion, inTransaction, isUuid, loadRequest, requirePermission } from './request-store.ts';
import { visitRequests } from './schema.ts';

const purposeOf = (reference: string) => `Hausbesuch ${reference}`;

/** Register candidates for the request's subject: the register search by name and birth date. */
export async function suggestSubjectMatches(ctx: AppContext, actor: Actor, requestId: string, options: { limit?: number } = {}): Promise<SearchResult> {
  requirePermission(actor, 'requests.write');
  requirePermission(actor, 'register.search');
  const request = await loadRequest(ctx.database.db, actor.municipalityId, requestId);
  const name = [request.subject.givenNames, request.subject.familyName].filter((part) => part.trim()).join(' ');
  if (!name) {
    throw new AppError('REQUEST_SUBJECT_NAME_MISSING', `The request ${request.reference} has no name of the person to visit yet; enter it first, then search the register.`, 422,
      { field: 'subject.familyName' });
  }
  return searchPersons(ctx, actor, {
    name,
    birthDate: request.subject.birthDate,
    limit: options.limit ?? 10,
    purpose: purposeOf(request.reference),
  });
}

export interface MatchRequestSubjectInput {
  requestId: string;
  /** The register person; null undoes a wrong match. */
  personId: string | null;
  version?: number | undefined;
}

export async function matchRequestSubject(ctx: AppContext, actor: Actor, input: MatchRequestSubjectInput): Promise<VisitRequestView> {
  requirePermission(actor, 'requests.write');
  const now = ctx.now();
  const municipalityId = actor.municipalityId;
  const refused = await inTransaction(ctx.database.db, async (tx) => {
    const request = await loadRequest(tx, municipalityId, input.requestId, true);
    assertVersion(request, input.version);
    if (!activeStatuses.includes(request.status as (typeof activeStatuses)[number])) {
      throw new AppError('REQUEST_NOT_EDITABLE', `The request ${request.reference} is ${request.status}; its subject can no longer be matched.`, 409, { status: request.status });
    }
    const personId = input.personId;
    if (personId !== null) {
      const [person] = isUuid(personId)
        ? await tx.select({ id: persons.id }).from(persons).where(and(eq(persons.id, personId), eq(persons.municipalityId, municipalityId))).limit(1)
        : [];
      if (!person) throw notFound('Person');
      const blocked = (await activeDisclosureBlocks(tx, [person.id], registerToday(now))).get(person.id) ?? [];
      const base = { municipalityId, actor, action: 'requests.subject.match', personIds: [person.id], purpose: purposeOf(request.reference) };
      if (blocked.length > 0 && !actorCan(actor, 'register.read_blocked')) {
        await recordAccess(tx, { ...base, dataCategories: [], hitCount: 0, details: { requestId: request.id, blocked: true, refused: true } }, now);
        return true;
      }
      await recordAccess(tx, {
        ...base, dataCategories: ['names', 'birth'], details: { requestId: request.id, ...(blocked.length > 0 ? { blocked: true, blockKinds: blocked } : {}) },
      }, now);
    }
    if (personId === request.personId) return false;
    await tx.update(visitRequests).set({ personId, updatedAt: now, version: request.version + 1 }).where(eq(visitRequests.id, request.id));
    await recordRequestEvent(tx, {
      municipalityId, requestId: request.id, kind: 'matched', actor, at: now, detail: { personId, previousPersonId: request.personId },
    });
    return false;
  });
  // Thrown after the commit, so the refused attempt stays in the log.
  if (refused) throw notFound('Person');
  return loadVisitRequestView(ctx.database.db, municipalityId, input.requestId);
}
