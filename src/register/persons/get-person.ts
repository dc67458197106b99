import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { recordAccess } from '../../audit/record-access.ts';
import { actorCan, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { addDays, registerToday } from '../dates.ts';
import { addresses, idDocuments, personBlocks, personRelations, persons, residences } from '../schema.ts';
import type { RegisterDataCategory } from './data-categories.ts';
import type { DocumentView, PersonView, ResidenceView } from './get-person.types.ts';

/** A document this close to its end of validity is shown as expiring soon: time to apply for a new one. */
const expiresSoonDays = 90;
const disclosureBlockKinds = ['auskunftssperre', 'bedingter_sperrvermerk'] as const;
type DisclosureBlockKind = (typeof disclosureBlockKinds)[number];

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The full register record of one person, for the person page. A person under an Auskunftssperre
 * or bedingtem Sperrvermerk is, for a reader without register.read_blocked, indistinguishable
 * from a person who does not exist (404); the attempt is logged all the same.
 */
export async function getPerson(ctx: AppContext, actor: Actor, personId: string, options: { purpose?: string } = {}): Promise<PersonView> {
  const db = ctx.database.db;
  const municipalityId = actor.municipalityId;
  const today = registerToday(ctx.now());
  const person = uuidPattern.test(personId)
    ? (await db.select().from(persons).where(and(eq(persons.id, personId), eq(persons.municipalityId, municipalityId))))[0]
    : undefined;
  if (!person) throw notFound('Person');

  const mayReadBlocked = actorCan(actor, 'register.read_blocked');
  const blockedKinds = (await activeDisclosureBlocks(db, [person.id], today)).get(person.id) ?? [];
  if (blockedKinds.length > 0 && !mayReadBlocked) {
    await recordAccess(db, {
      municipalityId, actor, action: 'register.person.read', dataCategories: [], personIds: [person.id], hitCount: 0,
      purpose: options.purpose ?? null, details: { blocked: true, refused: true },
    }, ctx.now());
    throw notFound('Person');
  }

  const [residenceRows, documentRows, blockRows, relationRows] = [
    await db.select({ residence: residences, address: addresses }).from(residences)
      .innerJoin(addresses, eq(addresses.id, residences.addressId))
      .where(eq(residences.personId, person.id)),
    await db.select().from(idDocuments).where(eq(idDocuments.personId, person.id)).orderBy(asc(idDocuments.issuedOn)),
    await db.select().from(personBlocks).where(eq(personBlocks.personId, person.id)).orderBy(asc(personBlocks.validFrom)),
    await db.select().from(personRelations).where(eq(personRelations.personId, person.id)).orderBy(asc(personRelations.createdAt)),
  ];
  const relatedIds = relationRows.flatMap((r) => (r.relatedPersonId ? [r.relatedPersonId] : []));
  const related = relatedIds.length === 0 ? [] : await db
    .select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames, birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay })
    .from(persons).where(and(inArray(persons.id, relatedIds), eq(persons.municipalityId, municipalityId)));
  const relatedBlocked = mayReadBlocked ? new Map<string, DisclosureBlockKind[]>() : await activeDisclosureBlocks(db, relatedIds, today);
  const visibleRelated = new Map(related.filter((r) => !relatedBlocked.has(r.id)).map((r) => [r.id, r]));

  const allResidences: ResidenceView[] = residenceRows.map(({ residence, address }) => ({
    id: residence.id,
    kind: residence.kind === 'neben' ? 'neben' : 'haupt',
    movedIn: residence.movedIn,
    movedOut: residence.movedOut,
    registeredOn: residence.registeredOn,
    address: {
      id: address.id, street: address.street, houseNumber: address.houseNumber, addition: address.addition, postcode: address.postcode,
      city: address.city, ags: address.ags, latitude: address.latitude, longitude: address.longitude,
    },
  }));
  const isCurrent = (r: ResidenceView) => r.movedOut === null || r.movedOut > today;

  const view: PersonView = {
    id: person.id,
    ref: person.sourceKey,
    names: {
      familyName: person.familyName,
      birthName: person.birthName,
      givenNames: person.givenNames.map((name, i) => ({ name, preferred: person.preferredGivenName === i })),
      formerNames: person.formerNames,
      doctoralDegree: person.doctoralDegree,
      religiousName: person.religiousName,
      artistName: person.artistName,
    },
    birth: { date: partialDate(person.birthYear, person.birthMonth, person.birthDay), place: person.birthPlace, country: person.birthCountry },
    sex: person.sex,
    nationalities: person.nationalities,
    religion: person.religion,
    maritalStatus: person.maritalStatus,
    dateOfDeath: person.dateOfDeath,
    residences: {
      current: allResidences.filter(isCurrent).sort((a, b) => compareKinds(a, b) || b.movedIn.localeCompare(a.movedIn)),
      historic: allResidences.filter((r) => !isCurrent(r)).sort((a, b) => (b.movedOut ?? '').localeCompare(a.movedOut ?? '') || b.movedIn.localeCompare(a.movedIn)),
    },
    documents: documentRows.map((d) => ({
      id: d.id, kind: d.kind, serialNumber: d.serialNumber, issuingAuthority: d.issuingAuthority, issuedOn: d.issuedOn,
      validUntil: d.validUntil, status: d.status, validity: documentValidity(d.validUntil, today),
    })),
    blocks: blockRows.map((b) => ({
      id: b.id, kind: blockKind(b.kind), scope: b.scope, reason: b.reason, validFrom: b.validFrom, validUntil: b.validUntil,
      active: isActive(b, today),
    })),
    relations: relationRows.map((r) => {
      const other = r.relatedPersonId ? visibleRelated.get(r.relatedPersonId) : undefined;
      return {
        id: r.id, kind: r.kind,
        relatedPerson: other ? { id: other.id, familyName: other.familyName, givenNames: other.givenNames, birthDate: partialDate(other.birthYear, other.birthMonth, other.birthDay) } : null,
        externalName: r.externalName, externalAddress: r.externalAddress, scope: r.scope, validFrom: r.validFrom, validUntil: r.validUntil,
      };
    }),
    ...(blockedKinds.length > 0 ? { blocked: { kinds: blockedKinds } } : {}),
  };

  await recordAccess(db, {
    municipalityId, actor, action: 'register.person.read', dataCategories: categoriesOf(view), personIds: [person.id],
    purpose: options.purpose ?? null,
    details: {
      ...(blockedKinds.length > 0 ? { blocked: true } : {}),
      ...(visibleRelated.size > 0 ? { relatedPersonIds: [...visibleRelated.keys()] } : {}),
    },
  }, ctx.now());
  return view;
}

/** Active Auskunftssperren and bedingte Sperrvermerke of the given persons, by person. */
export async function activeDisclosureBlocks(db: Db, personIds: string[], today: string): Promise<Map<string, DisclosureBlockKind[]>> {
  const blocked = new Map<string, DisclosureBlockKind[]>();
  if (personIds.length === 0) return blocked;
  const rows = await db.select({ personId: personBlocks.personId, kind: personBlocks.kind }).from(personBlocks).where(and(
    inArray(personBlocks.personId, personIds),
    inArray(personBlocks.kind, [...disclosureBlockKinds]),
    lte(personBlocks.validFrom, today),
    or(isNull(personBlocks.validUntil), gte(personBlocks.validUntil, today)),
  ));
  for (const row of rows) {
    const kinds = blocked.get(row.personId) ?? [];
    const kind = row.kind as DisclosureBlockKind;
    if (!kinds.includes(kind)) kinds.push(kind);
    blocked.set(row.personId, kinds.sort());
  }
  return blocked;
}

export function documentValidity(validUntil: string, today: string): DocumentView['validity'] {
  if (validUntil < today) return 'expired';
  return validUntil <= addDays(today, expiresSoonDays) ? 'expires_soon' : 'valid';
}

function isActive(block: { validFrom: string; validUntil: string | null }, today: string): boolean {
  return block.validFrom <= today && (block.validUntil === null || block.validUntil >= today);
}

function blockKind(kind: string): PersonView['blocks'][number]['kind'] {
  return kind === 'auskunftssperre' || kind === 'bedingter_sperrvermerk' ? kind : 'uebermittlungssperre';
}

function compareKinds(a: ResidenceView, b: ResidenceView): number {
  return a.kind === b.kind ? 0 : a.kind === 'haupt' ? -1 : 1;
}

function partialDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}${month === null ? '' : `-${pad(month)}${day === null ? '' : `-${pad(day)}`}`}`;
}

/** What the view disclosed, for the access log. */
function categoriesOf(view: PersonView): RegisterDataCategory[] {
  const categories: RegisterDataCategory[] = ['names', 'birth', 'sex', 'nationalities', 'marital_status'];
  if (view.religion) categories.push('religion');
  if (view.dateOfDeath) categories.push('death');
  if (view.residences.current.length + view.residences.historic.length > 0) categories.push('addresses');
  if (view.documents.length > 0) categories.push('documents');
  if (view.blocks.length > 0) categories.push('blocks');
  if (view.relations.length > 0) categories.push('relations');
  return categories;
}
