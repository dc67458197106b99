import type { AddressRecord, PersonRecord } from '../../register/record.ts';
import { addYears, ageOn, fromDay, toDay } from './dates.ts';
import { germanMiddleNames } from './given-names.ts';
import type { Origin, Sex } from './origins.ts';
import { byRank, weighted, type Rng } from './random.ts';

type Residence = PersonRecord['residences'][number];
type IdDocument = PersonRecord['documents'][number];
type Block = PersonRecord['blocks'][number];
type Relation = PersonRecord['relations'][number];

/** What every part of the generator shares for one run. */
export interface GenerationContext {
  rng: Rng;
  /** The reference date as an ISO day: "today" of the generated register. */
  today: string;
  todayDay: number;
  nextRef(): string;
  /** A unique document serial number with check digit, for the given issuing authority. */
  serial(authority: string): string;
}

/** A person while their household is being built; `record` is what the import receives. */
export interface Member {
  record: PersonRecord;
  sex: Sex;
  /** Full birth date, even when the register only knows the year. */
  birthDate: string;
  origin: Origin;
  bornInGermany: boolean;
  /** Day the person came to Bochum from abroad, if they did. */
  arrivalDay: number | null;
  /** Issuing authority of documents issued before the move to Bochum. */
  formerAuthority: string | null;
}

export const bochumAuthority = 'Stadt Bochum';

export function ageOf(ctx: GenerationContext, member: Member): number {
  return ageOn(member.birthDate, ctx.today);
}

/** A birth date that makes the person exactly `age` years old on the reference date. */
export function birthDateForAge(ctx: GenerationContext, age: number): string {
  const earliest = toDay(addYears(ctx.today, -age - 1)) + 1;
  const latest = toDay(addYears(ctx.today, -age));
  return fromDay(ctx.rng.int(earliest, latest));
}

const ruhrBirthPlaces = weighted([
  ['Bochum', 64], ['Herne', 6], ['Dortmund', 6], ['Essen', 5], ['Gelsenkirchen', 4], ['Witten', 4], ['Hattingen', 3],
  ['Recklinghausen', 2], ['Castrop-Rauxel', 2], ['Düsseldorf', 2], ['Köln', 2], ['Münster', 2], ['Berlin', 1], ['Hamburg', 1],
] as const);
const formerEasternPlaces: readonly (readonly [string, string])[] = [
  ['Breslau', 'PL'], ['Königsberg', 'RU'], ['Stettin', 'PL'], ['Gleiwitz', 'PL'], ['Oppeln', 'PL'], ['Danzig', 'PL'], ['Allenstein', 'PL'],
];
const russianAussiedlerPlaces = new Set(['Omsk', 'Nowosibirsk', 'Barnaul']);

function birthPlaceOf(ctx: GenerationContext, origin: Origin, birthDate: string, bornInGermany: boolean): { place: string; country: string } {
  const { rng } = ctx;
  const year = Number(birthDate.slice(0, 4));
  if (bornInGermany) {
    if (year < 1945 && rng.chance(0.12)) {
      const [place, country] = rng.pick(formerEasternPlaces);
      return { place, country };
    }
    // Wattenscheid was a town of its own until 1975.
    if (year < 1975 && rng.chance(0.08)) return { place: 'Wattenscheid', country: 'DE' };
    return { place: ruhrBirthPlaces.sample(rng), country: 'DE' };
  }
  const place = origin.birthPlaces.length > 0 ? rng.pick(origin.birthPlaces) : 'unbekannt';
  if (origin.id === 'aussiedler') return { place, country: russianAussiedlerPlaces.has(place) ? 'RU' : 'KZ' };
  return { place, country: origin.country };
}

function givenNamesOf(ctx: GenerationContext, origin: Origin, sex: Sex, birthYear: number, bornInGermany: boolean): { names: string[]; preferred: number | null } {
  const { rng } = ctx;
  const first = origin.givenName(rng, sex, birthYear, bornInGermany);
  const german = origin.id === 'de' || (origin.id === 'aussiedler' && bornInGermany);
  let count = 1;
  if (german) {
    const roll = rng.next();
    const older = birthYear < 1960;
    count = roll < (older ? 0.35 : 0.5) ? 1 : roll < (older ? 0.8 : 0.9) ? 2 : 3;
  } else if (rng.chance(0.15)) {
    count = 2;
  }
  const names = [first];
  const middle = byRankCache(sex);
  for (let attempt = 0; names.length < count && attempt < 10; attempt += 1) {
    const next = german ? (rng.chance(0.5) ? middle.sample(rng) : origin.givenName(rng, sex, birthYear, bornInGermany)) : origin.givenName(rng, sex, birthYear, bornInGermany);
    if (!names.includes(next)) names.push(next);
  }
  // A gebräuchlicher Vorname is marked only for some; usually the first, sometimes a later one.
  const preferred = names.length > 1 && rng.chance(0.35) ? (rng.chance(0.8) ? 0 : rng.int(1, names.length - 1)) : null;
  return { names, preferred };
}

const middleW = byRank(germanMiddleNames.w, 0.6);
const middleM = byRank(germanMiddleNames.m, 0.6);
const byRankCache = (sex: Sex) => (sex === 'w' ? middleW : middleM);

export interface NewPerson {
  sex: Sex;
  birthDate: string;
  origin: Origin;
  familyName: string;
  birthName?: string | null;
  bornInGermany: boolean;
  arrivalDay?: number | null;
  maritalStatus?: PersonRecord['maritalStatus'];
  religion?: string | null;
  givenNames?: string[];
  preferredGivenName?: number | null;
}

export function createMember(ctx: GenerationContext, input: NewPerson): Member {
  const { rng } = ctx;
  const birthYear = Number(input.birthDate.slice(0, 4));
  const given = input.givenNames
    ? { names: input.givenNames, preferred: input.preferredGivenName ?? null }
    : givenNamesOf(ctx, input.origin, input.sex, birthYear, input.bornInGermany);
  const birth = birthPlaceOf(ctx, input.origin, input.birthDate, input.bornInGermany);
  const age = ageOn(input.birthDate, ctx.today);
  let registeredBirthDate = input.birthDate;
  // Refugees often carry papers without a day of birth; the register then knows only the year.
  if (!input.bornInGermany && age >= 10 && rng.chance(input.origin.partialBirthDates)) {
    registeredBirthDate = rng.chance(0.75) ? input.birthDate.slice(0, 4) : input.birthDate.slice(0, 7);
  }
  const doctorate = age >= 28 && rng.chance(0.014) ? doctoralDegree(rng) : null;
  const record: PersonRecord = {
    ref: ctx.nextRef(),
    familyName: input.familyName,
    birthName: input.birthName && input.birthName !== input.familyName ? input.birthName : null,
    givenNames: given.names,
    preferredGivenName: given.preferred,
    formerNames: [],
    doctoralDegree: doctorate,
    birthDate: registeredBirthDate,
    birthPlace: birth.place,
    birthCountry: birth.country,
    sex: input.sex,
    nationalities: input.origin.nationalities(rng, input.bornInGermany),
    religion: input.religion === undefined ? religionOf(rng, input.origin, age) : input.religion,
    maritalStatus: input.maritalStatus ?? 'LD',
    dateOfDeath: null,
    residences: [],
    documents: [],
    blocks: [],
    relations: [],
  };
  return {
    record,
    sex: input.sex,
    birthDate: input.birthDate,
    origin: input.origin,
    bornInGermany: input.bornInGermany,
    arrivalDay: input.arrivalDay ?? null,
    formerAuthority: null,
  };
}

function doctoralDegree(rng: Rng): string {
  const roll = rng.next();
  return roll < 0.7 ? 'Dr.' : roll < 0.85 ? 'Dr. med.' : roll < 0.93 ? 'Dr. rer. nat.' : 'Dr.-Ing.';
}

export function religionOf(rng: Rng, origin: Origin, age: number): string | null {
  const { rk, ev } = origin.religion(age);
  const roll = rng.next();
  return roll < rk ? 'rk' : roll < rk + ev ? 'ev' : null;
}

/** Day of registration at the Meldebehörde: within the two weeks § 17 BMG allows, never in the future. */
function registeredOn(ctx: GenerationContext, movedInDay: number): string {
  return fromDay(Math.min(ctx.todayDay, movedInDay + ctx.rng.int(0, 13)));
}

export function residence(ctx: GenerationContext, address: AddressRecord, kind: 'haupt' | 'neben', movedInDay: number, movedOutDay: number | null): Residence {
  return {
    address,
    kind,
    movedIn: fromDay(movedInDay),
    movedOut: movedOutDay === null ? null : fromDay(movedOutDay),
    registeredOn: registeredOn(ctx, movedInDay),
  };
}

export interface EarlierHome {
  address: AddressRecord;
  movedInDay: number;
}

/**
 * The Hauptwohnungen of a person, newest first in time order: earlier homes end on the day
 * the next one begins, so Hauptwohnungen never overlap. `earlier` are the homes before the
 * current one, oldest first (e.g. the family's previous flat).
 */
export function setHauptwohnungen(member: Member, ctx: GenerationContext, current: AddressRecord, movedInDay: number, earlier: readonly EarlierHome[] = [], endDay: number | null = null): void {
  const homes: Residence[] = [];
  const all = [...earlier, { address: current, movedInDay }];
  for (let i = 0; i < all.length; i += 1) {
    const home = all[i] as EarlierHome;
    const next = all[i + 1];
    homes.push(residence(ctx, home.address, 'haupt', home.movedInDay, next ? next.movedInDay : endDay));
  }
  member.record.residences = [...homes, ...member.record.residences.filter((r) => r.kind === 'neben')];
}

export function addNebenwohnung(member: Member, ctx: GenerationContext, address: AddressRecord, movedInDay: number, movedOutDay: number | null = null): void {
  member.record.residences.push(residence(ctx, address, 'neben', movedInDay, movedOutDay));
}

export function link(a: Member, kindOfBForA: Relation['kind'], b: Member, extra: Partial<Relation> = {}): void {
  a.record.relations.push({ kind: kindOfBForA, ref: b.record.ref, ...extra });
}

/** Spouses (and registered partners) point at each other. */
export function linkSpouses(a: Member, b: Member, since: string | null, until: string | null = null): void {
  link(a, 'spouse', b, { validFrom: since, validUntil: until });
  link(b, 'spouse', a, { validFrom: since, validUntil: until });
}

/** Parent and child point at each other; a minor's parents are also the gesetzliche Vertreter. */
export function linkParentChild(ctx: GenerationContext, parent: Member, child: Member): void {
  link(parent, 'child', child);
  link(child, 'parent', parent);
  if (ageOn(child.birthDate, ctx.today) < 18) {
    link(child, 'legal_representative', parent, { validFrom: child.birthDate, validUntil: addYears(child.birthDate, 18), scope: ['elterliche_sorge'] });
  }
}

interface DocumentOptions {
  /** Chance to hold a Personalausweis at all. */
  idCard: number;
  /** Chance that the newest Personalausweis has expired. */
  expired: number;
  passport: number;
}

/** Validity of PA and Pass: 10 years, 6 years when the holder was under 24 at issue. */
export function validityYears(birthDate: string, issuedOn: string): number {
  return ageOn(birthDate, issuedOn) < 24 ? 6 : 10;
}

function issueDocument(ctx: GenerationContext, member: Member, kind: IdDocument['kind'], expired: boolean): IdDocument | null {
  const { rng } = ctx;
  const birthDay = toDay(member.birthDate);
  let issuedDay: number;
  if (expired) {
    const validUntilDay = ctx.todayDay - rng.int(1, 1500);
    issuedDay = toDay(addYears(fromDay(validUntilDay), -10));
    if (ageOn(member.birthDate, fromDay(issuedDay)) < 24) issuedDay = toDay(addYears(fromDay(validUntilDay), -6));
  } else {
    issuedDay = ctx.todayDay - rng.int(0, 6 * 365);
    if (rng.chance(0.45) && ageOn(member.birthDate, fromDay(issuedDay)) >= 24) issuedDay = ctx.todayDay - rng.int(0, 10 * 365 - 2);
  }
  if (issuedDay <= birthDay + 30) return null;
  const issuedOn = fromDay(issuedDay);
  const validUntil = addYears(issuedOn, validityYears(member.birthDate, issuedOn));
  if (!expired && validUntil <= ctx.today) return null;
  const arrived = member.arrivalDay;
  const authority = arrived !== null && issuedDay < arrived && member.formerAuthority ? member.formerAuthority : bochumAuthority;
  return { kind, serialNumber: ctx.serial(authority), issuingAuthority: authority, issuedOn, validUntil, status: 'valid' };
}

/** German documents for Germans: most adults hold a Personalausweis, some a Reisepass too. */
export function giveDocuments(ctx: GenerationContext, member: Member, options: Partial<DocumentOptions> = {}): void {
  if (!member.record.nationalities.includes('DE')) return;
  const { rng } = ctx;
  const age = ageOn(member.birthDate, ctx.today);
  const defaults: DocumentOptions = age >= 16
    ? { idCard: 0.95, expired: age >= 75 ? 0.14 : 0.05, passport: age >= 70 ? 0.12 : 0.27 }
    : { idCard: 0.25, expired: 0.05, passport: 0.08 };
  const o = { ...defaults, ...options };
  const documents: IdDocument[] = [];
  if (rng.chance(o.idCard)) {
    const card = issueDocument(ctx, member, 'personalausweis', rng.chance(o.expired));
    if (card) {
      documents.push(card);
      // The card it replaced, kept in the register as handed over.
      if (rng.chance(0.12)) {
        const oldUntil = card.issuedOn;
        const oldIssued = addYears(oldUntil, -validityYears(member.birthDate, addYears(oldUntil, -10)));
        if (oldIssued > addYears(member.birthDate, 1)) {
          documents.unshift({ kind: 'personalausweis', serialNumber: ctx.serial(card.issuingAuthority), issuingAuthority: card.issuingAuthority, issuedOn: oldIssued, validUntil: addYears(oldIssued, validityYears(member.birthDate, oldIssued)), status: 'handed_over_old' });
        }
      }
    }
  }
  if (rng.chance(o.passport)) {
    const passport = issueDocument(ctx, member, 'reisepass', rng.chance(0.15));
    if (passport) documents.push(passport);
  }
  if (rng.chance(0.003)) {
    const issuedDay = ctx.todayDay - rng.int(0, 80);
    documents.push({ kind: 'vorlaeufiger_personalausweis', serialNumber: ctx.serial(bochumAuthority), issuingAuthority: bochumAuthority, issuedOn: fromDay(issuedDay), validUntil: fromDay(issuedDay + 90), status: 'valid' });
  }
  // A lost card stays on record, so it cannot be used again.
  for (const document of documents) {
    if (document.status === 'valid' && document.validUntil > ctx.today && rng.chance(0.004)) document.status = rng.chance(0.7) ? 'lost' : 'stolen';
  }
  member.record.documents = documents;
}

const transferBlocks: readonly (readonly [string, number, number])[] = [
  // scope, chance, minimum age: § 50 Abs. 1 parties and voter groups before elections
  ['bmg_50_1', 0.04, 16],
  // § 50 Abs. 3 Adressbuchverlage
  ['bmg_50_3', 0.03, 16],
  // § 50 Abs. 2 Alters- und Ehejubiläen
  ['bmg_50_2', 0.05, 65],
  // § 42 Abs. 3 family members of church members, to the church
  ['bmg_42_3', 0.015, 16],
];

/** Übermittlungssperren the person asked for (Widerspruch), each with the day it was lodged. */
export function giveTransferBlocks(ctx: GenerationContext, member: Member): void {
  const { rng } = ctx;
  const age = ageOn(member.birthDate, ctx.today);
  const earliest = Math.max(toDay(addYears(member.birthDate, 16)), ctx.todayDay - 20 * 365);
  const scopes: string[] = [];
  for (const [scope, chance, minAge] of transferBlocks) {
    if (age >= minAge && rng.chance(chance)) scopes.push(scope);
  }
  // § 36 Abs. 2: the yearly transfer to the Bundeswehr concerns those about to turn 18.
  if (age >= 16 && age <= 30 && rng.chance(0.1)) scopes.push('bmg_36_2');
  // Each Widerspruch was lodged on its own day: the register keys blocks by kind and start.
  const used = new Set(member.record.blocks.filter((b) => b.kind === 'uebermittlungssperre').map((b) => b.validFrom));
  for (const scope of scopes) {
    let validFrom = fromDay(rng.int(earliest, ctx.todayDay));
    while (used.has(validFrom)) validFrom = fromDay(toDay(validFrom) - 1);
    used.add(validFrom);
    member.record.blocks.push({ kind: 'uebermittlungssperre', scope, reason: 'Widerspruch der betroffenen Person', validFrom, validUntil: null });
  }
}

/** § 51 Auskunftssperre: granted for two years at a time (§ 51 Abs. 4). */
export function auskunftssperre(ctx: GenerationContext, validFromDay: number): Block {
  const validFrom = fromDay(validFromDay);
  return {
    kind: 'auskunftssperre', scope: null, reason: 'Gefahr für Leben, Gesundheit oder persönliche Freiheit (§ 51 Abs. 1 BMG)',
    validFrom, validUntil: addYears(validFrom, 2),
  };
}

export function bedingterSperrvermerk(validFrom: string): Block {
  return { kind: 'bedingter_sperrvermerk', scope: null, reason: 'Wohnung in einer Einrichtung nach § 52 Abs. 1 BMG', validFrom, validUntil: null };
}

/** Marks a person as deceased: no residence continues past the day of death. */
export function markDeceased(member: Member, dateOfDeath: string): void {
  member.record.dateOfDeath = dateOfDeath;
  for (const stay of member.record.residences) {
    if (!stay.movedOut || stay.movedOut > dateOfDeath) stay.movedOut = dateOfDeath;
  }
  member.record.blocks = member.record.blocks.filter((b) => b.kind !== 'auskunftssperre');
  for (const document of member.record.documents) {
    if (document.status === 'valid') document.status = 'invalidated';
  }
}
