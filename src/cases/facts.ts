/**
 * CaseFacts from the register: the snapshot a workflow's pure rules read. Every read is recorded
 * in the access log (§ 40 BMG) with the case number as purpose; persons under an Auskunftssperre
 * or bedingtem Sperrvermerk are, for an officer without register.read_blocked, treated like
 * persons that do not exist (as in register/persons/get-person.ts).
 */
import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { actorCan, mayReadBlockedPerson, type Actor } from '../identity/principal.ts';
import type { Db } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { getMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { activeDisclosureBlocks } from '../register/persons/get-person.ts';
import { addresses, idDocuments, personRelations, persons, residences } from '../register/schema.ts';
import { caseAttachments } from './schema.ts';
import type { Applicant, AttachmentFacts, CaseFacts, FormStep, MunicipalityFacts, PersonFacts, ResidenceFacts } from './workflow.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

export interface FactsInput {
  actor: Actor;
  municipalityId: string;
  personId: string | null;
  /** Register ids the case data names besides the subject (see CaseFacts.others). */
  otherPersonIds: string[];
  /** YYYY-MM-DD: residences, relations and blocks are taken on this day. */
  applicationDate: string;
  now: Date;
  attachments: AttachmentFacts[];
  applicant: Applicant;
  /** Case number (or the service for a case not yet numbered): the purpose in the access log. */
  purpose: string;
  /** Access-log action, e.g. case.capture. */
  action: string;
  caseId: string | null;
  /** false when the same request already recorded this read (the view after a change). */
  record: boolean;
  /** What a refused subject is reported as: the case (404 Case) or, when opening one, the person. */
  hiddenAs: 'Case' | 'Person';
}

/** Builds the facts; throws 404 when the subject is missing or hidden from this officer. */
export async function buildCaseFacts(db: Db, input: FactsInput): Promise<CaseFacts> {
  const { actor, municipalityId, applicationDate: today } = input;
  const mayReadBlocked = actorCan(actor, 'register.read_blocked');
  const subjectId = input.personId;
  const otherIds = [...new Set(input.otherPersonIds.filter((id) => isUuid(id) && id !== subjectId))];
  const ids = [...(subjectId ? [subjectId] : []), ...otherIds];
  const blocks = await activeDisclosureBlocks(db, ids, today);

  // The subject of a case the actor serves on a confirmed visit shows despite a block (logged as such).
  const visitLegitimated = subjectId !== null && blocks.has(subjectId) && !mayReadBlocked && mayReadBlockedPerson(actor, subjectId);
  if (subjectId && blocks.has(subjectId) && !mayReadBlocked && !visitLegitimated) {
    await recordAccess(db, {
      municipalityId, actor, action: input.action, dataCategories: [], personIds: [subjectId], hitCount: 0,
      purpose: input.purpose, details: { caseId: input.caseId, blocked: true, refused: true },
    }, input.now);
    throw notFound(input.hiddenAs);
  }
  const visibleIds = ids.filter((id) => mayReadBlocked || !blocks.has(id) || (visitLegitimated && id === subjectId));
  const loaded = await loadPersonFacts(db, municipalityId, visibleIds, today, blocks);
  const subject = subjectId ? loaded.get(subjectId) ?? null : null;
  if (subjectId && !subject) throw notFound(input.hiddenAs);
  const others: Record<string, PersonFacts> = {};
  for (const id of otherIds) {
    const person = loaded.get(id);
    if (person) others[id] = person;
  }

  const profile = await getMunicipalityProfile(db, municipalityId);
  const municipality: MunicipalityFacts = {
    id: profile.municipalityId, ags: profile.ags, name: profile.name, authorityName: profile.authorityName, authorityCode: profile.authorityCode,
  };

  const read = [...loaded.keys()];
  if (input.record && read.length > 0) {
    const hidden = ids.filter((id) => !loaded.has(id));
    await recordAccess(db, {
      municipalityId, actor, action: input.action, dataCategories: categoriesOf([...loaded.values()]), personIds: read,
      purpose: input.purpose,
      details: {
        caseId: input.caseId,
        ...(read.some((id) => blocks.has(id)) ? { blocked: true } : {}),
        ...(visitLegitimated ? { legitimation: 'visit' } : {}),
        ...(hidden.length > 0 ? { hiddenPersonIds: hidden, refused: true } : {}),
      },
    }, input.now);
  }
  return {
    today,
    now: input.now.toISOString(),
    municipality,
    subject,
    others,
    attachments: input.attachments,
    applicant: input.applicant,
  };
}

async function loadPersonFacts(
  db: Db, municipalityId: string, ids: string[], today: string, blocks: Map<string, ('auskunftssperre' | 'bedingter_sperrvermerk')[]>,
): Promise<Map<string, PersonFacts>> {
  const out = new Map<string, PersonFacts>();
  if (ids.length === 0) return out;
  const people = await db.select().from(persons).where(and(inArray(persons.id, ids), eq(persons.municipalityId, municipalityId)));
  if (people.length === 0) return out;
  const found = people.map((p) => p.id);
  const [residenceRows, documentRows, relationRows] = [
    await db.select({ residence: residences, address: addresses }).from(residences)
      .innerJoin(addresses, eq(addresses.id, residences.addressId))
      .where(and(
        inArray(residences.personId, found),
        lte(residences.movedIn, today),
        or(isNull(residences.movedOut), gte(residences.movedOut, nextDay(today))),
      )),
    await db.select().from(idDocuments).where(inArray(idDocuments.personId, found)).orderBy(asc(idDocuments.issuedOn)),
    await db.select().from(personRelations).where(and(
      inArray(personRelations.personId, found),
      or(isNull(personRelations.validFrom), lte(personRelations.validFrom, today)),
      or(isNull(personRelations.validUntil), gte(personRelations.validUntil, today)),
    )).orderBy(asc(personRelations.createdAt)),
  ];
  for (const p of people) {
    const current: ResidenceFacts[] = residenceRows
      .filter((r) => r.residence.personId === p.id)
      .map(({ residence, address }) => ({
        residenceId: residence.id,
        kind: residence.kind === 'neben' ? 'neben' as const : 'haupt' as const,
        movedIn: residence.movedIn,
        movedOut: residence.movedOut,
        address: { street: address.street, houseNumber: address.houseNumber, addition: address.addition, postcode: address.postcode, city: address.city, ags: address.ags },
      }))
      // Hauptwohnung first, then the most recent move.
      .sort((a, b) => (a.kind === b.kind ? b.movedIn.localeCompare(a.movedIn) : a.kind === 'haupt' ? -1 : 1));
    out.set(p.id, {
      id: p.id,
      familyName: p.familyName,
      birthName: p.birthName,
      givenNames: p.givenNames,
      preferredGivenName: p.preferredGivenName,
      doctoralDegree: p.doctoralDegree,
      religiousName: p.religiousName,
      artistName: p.artistName,
      birthDate: partialDate(p.birthYear, p.birthMonth, p.birthDay),
      birthPlace: p.birthPlace,
      birthCountry: p.birthCountry,
      sex: p.sex,
      nationalities: p.nationalities,
      maritalStatus: p.maritalStatus,
      dateOfDeath: p.dateOfDeath,
      residences: current,
      documents: documentRows.filter((d) => d.personId === p.id)
        .map((d) => ({ kind: d.kind, serialNumber: d.serialNumber, issuedOn: d.issuedOn, validUntil: d.validUntil, status: d.status })),
      blocks: blocks.get(p.id) ?? [],
      relations: relationRows.filter((r) => r.personId === p.id)
        .map((r) => ({ kind: r.kind, relatedPersonId: r.relatedPersonId, externalName: r.externalName, scope: r.scope })),
    });
  }
  return out;
}

/** Attachment metadata of a case, for the rules (no content). */
export async function attachmentFactsOf(db: Db, caseId: string): Promise<AttachmentFacts[]> {
  const rows = await db.select({ id: caseAttachments.id, kind: caseAttachments.kind, mediaType: caseAttachments.mediaType, deletedAt: caseAttachments.deletedAt })
    .from(caseAttachments).where(eq(caseAttachments.caseId, caseId)).orderBy(asc(caseAttachments.createdAt));
  return rows.map((r) => ({ id: r.id, kind: r.kind, mediaType: r.mediaType, deleted: r.deletedAt !== null }));
}

/**
 * The register ids a case's data names (see CaseFacts.others): values of the form's person
 * fields, keys personId / …PersonId / personIds at any depth, and the applicant's personId.
 */
export function referencedPersonIds(data: Record<string, unknown>, form: FormStep[], applicant: Applicant): string[] {
  const ids = new Set<string>();
  // A person field may hold one id, a list, or ids typed as text separated by commas or spaces.
  const add = (value: unknown) => {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,;]+/) : [];
    for (const item of items) if (isUuid(item)) ids.add(item.toLowerCase());
  };
  for (const field of form.flatMap((step) => step.fields)) {
    if (field.kind === 'person') add(valueAt(data, field.name));
  }
  const walk = (value: unknown, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(value)) { for (const item of value) walk(item, depth + 1); return; }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'personId' || key.endsWith('PersonId') || key === 'personIds') add(child);
      walk(child, depth + 1);
    }
  };
  walk(data, 0);
  if (applicant.kind !== 'self' && applicant.personId) add(applicant.personId);
  return [...ids];
}

function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function categoriesOf(people: PersonFacts[]): string[] {
  const categories = new Set<string>(['names', 'birth', 'sex', 'nationalities', 'marital_status']);
  for (const p of people) {
    if (p.dateOfDeath) categories.add('death');
    if (p.residences.length > 0) categories.add('addresses');
    if (p.documents.length > 0) categories.add('documents');
    if (p.blocks.length > 0) categories.add('blocks');
    if (p.relations.length > 0) categories.add('relations');
  }
  return [...categories];
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function partialDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}${month === null ? '' : `-${pad(month)}${day === null ? '' : `-${pad(day)}`}`}`;
}
