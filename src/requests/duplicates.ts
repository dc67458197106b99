/**
 * Duplicate visit requests: the daughter writes, the care home calls, the son fills in the web
 * form — for the same person. A request is a duplicate of another active one when both are
 * matched to the same register person, or when the subject's name (folded: Müller = Mueller,
 * order of given names kept) and birth date are the same. Merging needs the dispatcher's consent
 * (mergeVisitRequests); nothing is merged automatically.
 */
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { nameTokens } from '../register/names/normalize.ts';
import { activeStatuses, loadRequest, type VisitRequestRow } from './request-store.ts';
import { visitRequests } from './schema.ts';
import type { RequestSubject } from './types.ts';

export interface DuplicateRequest {
  id: string;
  reference: string;
  status: string;
  channel: string;
  subjectName: string;
  subjectBirthDate: string | null;
  requesterName: string;
  createdAt: string;
  /** Why it is a duplicate: the same register person, or the same name and birth date. */
  match: 'person' | 'name_and_birth_date';
}

/** The subject's name as compared: folded tokens of the family name, then of the given names. */
export function normalizedSubjectName(subject: RequestSubject): string {
  return [...nameTokens(subject.familyName), '|', ...nameTokens(subject.givenNames)].join(' ');
}

export async function findDuplicateRequests(db: Db, municipalityId: string, requestId: string): Promise<DuplicateRequest[]> {
  const request = await loadRequest(db, municipalityId, requestId);
  return duplicatesOf(db, request);
}

export async function duplicatesOf(db: Db, request: VisitRequestRow): Promise<DuplicateRequest[]> {
  const birthDate = request.subject.birthDate?.trim() || null;
  const name = normalizedSubjectName(request.subject);
  const byPerson = request.personId ? eq(visitRequests.personId, request.personId) : undefined;
  const byBirth = birthDate && name !== '|' ? sql`${visitRequests.subject}->>'birthDate' = ${birthDate}` : undefined;
  if (!byPerson && !byBirth) return [];
  const candidates = or(byPerson, byBirth);
  const rows = await db.select().from(visitRequests).where(and(
    eq(visitRequests.municipalityId, request.municipalityId),
    ne(visitRequests.id, request.id),
    inArray(visitRequests.status, [...activeStatuses]),
    candidates,
  ));
  return rows.flatMap((row): DuplicateRequest[] => {
    const samePerson = request.personId !== null && row.personId === request.personId;
    // Two different register persons with the same name and birth date are not duplicates.
    const differentPersons = request.personId !== null && row.personId !== null && row.personId !== request.personId;
    const sameName = !differentPersons && birthDate !== null && row.subject.birthDate?.trim() === birthDate && normalizedSubjectName(row.subject) === name;
    if (!samePerson && !sameName) return [];
    return [{
      id: row.id,
      reference: row.reference,
      status: row.status,
      channel: row.channel,
      subjectName: [row.subject.givenNames, row.subject.familyName].filter((part) => part.trim()).join(' '),
      subjectBirthDate: row.subject.birthDate ?? null,
      requesterName: row.requester.name,
      createdAt: row.createdAt.toISOString(),
      match: samePerson ? 'person' : 'name_and_birth_date',
    }];
  }).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
