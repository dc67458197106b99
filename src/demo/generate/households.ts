import type { AddressRecord, PersonRecord } from '../../register/record.ts';
import { addYears, ageOn, fromDay, toDay } from './dates.ts';
import { districtByName, sampleBochumAddress, sampleOtherAddress, sampleOtherCity } from './geography.ts';
import { germanOrigin, sampleOrigin, type Origin, type Sex } from './origins.ts';
import {
  addNebenwohnung, auskunftssperre, birthDateForAge, createMember, giveDocuments, giveTransferBlocks, linkParentChild, linkSpouses,
  markDeceased, setHauptwohnungen, type EarlierHome, type GenerationContext, type Member,
} from './people.ts';
import { weighted, type Rng } from './random.ts';

type MaritalStatus = PersonRecord['maritalStatus'];

/** Ages drawn from bands [from, to, weight], uniform inside a band. */
export function ageBands(bands: readonly (readonly [number, number, number])[]) {
  const table = weighted(bands.map(([from, to, weight]) => [[from, to] as const, weight] as const));
  return (rng: Rng): number => {
    const [from, to] = table.sample(rng);
    return rng.int(from, to);
  };
}

const singleAge = ageBands([[18, 24, 11], [25, 29, 10], [30, 39, 10], [40, 49, 8], [50, 59, 11], [60, 69, 12], [70, 79, 10], [80, 89, 8], [90, 101, 2]]);
const coupleAge = ageBands([[21, 29, 7], [30, 39, 8], [40, 49, 8], [50, 59, 18], [60, 69, 22], [70, 79, 17], [80, 89, 7], [90, 98, 0.6]]);
const motherAge = ageBands([[22, 29, 14], [30, 39, 38], [40, 49, 34], [50, 56, 14]]);
const singleParentAge = ageBands([[20, 29, 18], [30, 39, 38], [40, 49, 32], [50, 58, 12]]);
const sharedFlatAge = ageBands([[19, 24, 60], [25, 29, 30], [30, 34, 10]]);

type HouseholdKind = 'single' | 'couple' | 'family' | 'single_parent' | 'shared_flat' | 'deceased';
const householdKinds = weighted<HouseholdKind>([
  ['single', 39], ['couple', 31], ['family', 15.5], ['single_parent', 4.5], ['shared_flat', 3.2], ['deceased', 0.3],
]);

const studentDistricts = ['Querenburg', 'Innenstadt', 'Ehrenfeld', 'Wiemelhausen', 'Innenstadt-Nord'].map(districtByName);

/** Chance of a person of this age being married, for couples sharing a flat. */
function marriedChance(age: number): number {
  return age < 30 ? 0.35 : age < 40 ? 0.6 : age < 60 ? 0.75 : 0.88;
}

function singleStatus(rng: Rng, age: number, sex: Sex): MaritalStatus {
  const roll = rng.next();
  if (age < 25) return 'LD';
  if (age < 35) return roll < 0.92 ? 'LD' : 'GS';
  if (age < 55) return roll < 0.6 ? 'LD' : roll < 0.95 ? 'GS' : 'VW';
  // Women outlive their husbands: far more widows than widowers live alone.
  const widowed = sex === 'w' ? 1 : 0.6;
  if (age < 70) return roll < 0.25 ? 'LD' : roll < 0.25 + 0.4 * widowed + 0.35 * (1 - widowed) ? 'GS' : 'VW';
  if (age < 80) return roll < 0.1 ? 'LD' : roll < 0.3 ? 'GS' : 'VW';
  return roll < 0.08 ? 'LD' : roll < 0.18 ? 'GS' : 'VW';
}

/** When a household arrived from abroad (null for families who always lived in Germany). */
function arrivalOf(ctx: GenerationContext, origin: Origin): number | null {
  if (!origin.arrival) return null;
  const thisYear = Number(ctx.today.slice(0, 4));
  const year = ctx.rng.int(origin.arrival[0], Math.min(origin.arrival[1], thisYear));
  return Math.min(ctx.todayDay - 30, toDay(`${year}-01-01`) + ctx.rng.int(0, 364));
}

interface PersonSpec {
  sex: Sex;
  age: number;
  origin: Origin;
  arrivalDay: number | null;
  familyName?: string;
  birthName?: string;
  maritalStatus?: MaritalStatus;
  religion?: string | null;
}

function person(ctx: GenerationContext, spec: PersonSpec): Member {
  const birthDate = birthDateForAge(ctx, spec.age);
  const bornInGermany = spec.arrivalDay === null || toDay(birthDate) >= spec.arrivalDay;
  const birthName = spec.birthName ?? spec.familyName ?? spec.origin.familyName(ctx.rng, spec.sex);
  const member = createMember(ctx, {
    sex: spec.sex, birthDate, origin: spec.origin, bornInGermany,
    arrivalDay: bornInGermany ? null : spec.arrivalDay,
    familyName: spec.familyName ?? birthName, birthName,
    maritalStatus: spec.maritalStatus ?? 'LD',
    ...(spec.religion === undefined ? {} : { religion: spec.religion }),
  });
  return member;
}

/**
 * Germans who moved to Bochum from another city: the first home in the register is there,
 * and their older documents were issued by that city.
 */
function earlierHomes(ctx: GenerationContext, member: Member, beforeDay: number, maxCount: number): EarlierHome[] {
  const { rng } = ctx;
  const homes: EarlierHome[] = [];
  const adultDay = toDay(addYears(member.birthDate, 18));
  const limit = Math.max(member.arrivalDay ?? -Infinity, toDay(member.birthDate));
  let cursor = beforeDay;
  const count = rng.chance(0.35) ? 0 : rng.chance(0.7) ? 1 : 2;
  for (let i = 0; i < Math.min(count, maxCount); i += 1) {
    if (cursor - limit < 400) break;
    let start = cursor - rng.int(365, Math.min(14 * 365, cursor - limit));
    // A home that began in childhood was the parents' home: it began at birth.
    if (start < adultDay && member.arrivalDay === null) start = toDay(member.birthDate);
    homes.unshift({ address: sampleBochumAddress(rng), movedInDay: start });
    cursor = start;
  }
  const arrived = member.arrivalDay !== null;
  if (!arrived && member.origin.id === 'de' && cursor - Math.max(adultDay, limit) > 400 && rng.chance(0.3)) {
    const city = sampleOtherCity(rng);
    const start = cursor - rng.int(200, Math.min(10 * 365, cursor - Math.max(adultDay, limit)));
    homes.unshift({ address: sampleOtherAddress(rng, city), movedInDay: start });
    member.arrivalDay = cursor;
    member.formerAuthority = city.authority;
  }
  return homes;
}

function householdAddress(ctx: GenerationContext, familyNameForAddition: string, students = false): AddressRecord {
  const { rng } = ctx;
  const address = students ? sampleBochumAddress(rng, rng.pick(studentDistricts)) : sampleBochumAddress(rng);
  if (rng.chance(0.03)) {
    address.addition = rng.pick(['Hinterhaus', 'Seitenflügel', `bei ${familyNameForAddition}`, `Wohnung ${rng.int(1, 24)}`, 'Dachgeschoss']);
  }
  return address;
}

/** Day the household moved into its flat: recent moves are common, 40 years in one flat happen too. */
function householdMovedIn(ctx: GenerationContext, adults: readonly Member[]): number {
  const { rng } = ctx;
  let earliest = -Infinity;
  for (const adult of adults) {
    earliest = Math.max(earliest, toDay(addYears(adult.birthDate, 18)), adult.arrivalDay ?? -Infinity);
  }
  const years = Math.min(45, -Math.log(1 - rng.next()) * 9);
  const day = ctx.todayDay - Math.round(years * 365) - rng.int(0, 60);
  return Math.min(ctx.todayDay - 1, Math.max(day, earliest));
}

function finishAdult(ctx: GenerationContext, member: Member): void {
  giveDocuments(ctx, member);
  giveTransferBlocks(ctx, member);
  const age = ageOn(member.birthDate, ctx.today);
  if (age >= 25 && age < 66 && ctx.rng.chance(0.015)) {
    const from = ctx.todayDay - ctx.rng.int(60, 8 * 365);
    const second = ctx.rng.chance(0.6) ? sampleOtherAddress(ctx.rng) : sampleBochumAddress(ctx.rng);
    addNebenwohnung(member, ctx, second, Math.max(from, toDay(addYears(member.birthDate, 18))));
  }
}

/** Marriage day of two partners: after both turned 18, typically in their late twenties. */
function marriageDay(ctx: GenerationContext, a: Member, b: Member, notAfter: number): number {
  const younger = a.birthDate > b.birthDate ? a.birthDate : b.birthDate;
  const from = toDay(addYears(younger, 20));
  const typical = toDay(addYears(younger, ctx.rng.int(23, 34)));
  return Math.min(notAfter, Math.max(from, typical + ctx.rng.int(-400, 400)));
}

interface Couple {
  a: Member;
  b: Member;
  married: boolean;
  marriedDay: number | null;
  /** The Ehename, or the name children get when the parents kept their names. */
  familyName: string;
}

/** Two partners with names after marriage: most wives take the husband's name, some keep theirs. */
function couple(ctx: GenerationContext, origin: Origin, ageA: number, arrivalDay: number | null, childrenBornBy: number | null): Couple {
  const { rng } = ctx;
  const sameSex = rng.chance(0.03);
  const sexA: Sex = sameSex ? rng.pick<Sex>(['m', 'w']) : 'm';
  const sexB: Sex = sameSex ? sexA : 'w';
  const ageB = Math.max(19, Math.round(ageA + (sameSex ? rng.normal(0, 4) : rng.normal(-2.5, 3.5))));
  // Mixed couples: one partner of another origin, mostly a German one.
  const originB = origin.id !== 'de' && rng.chance(0.12) ? germanOrigin : origin.id === 'de' && rng.chance(0.05) ? sampleOrigin(rng) : origin;
  const arrivalB = originB === origin ? arrivalDay : arrivalOf(ctx, originB);
  const married = rng.chance(marriedChance(ageA));
  const nameA = origin.familyName(rng, sexA);
  const nameB = originB.familyName(rng, sexB);
  const a = person(ctx, { sex: sexA, age: ageA, origin, arrivalDay, familyName: nameA });
  const b = person(ctx, { sex: sexB, age: ageB, origin: originB, arrivalDay: arrivalB, familyName: nameB });
  avoidSameFirstName(ctx, b, [a]);
  let familyName = nameA;
  let marriedDay: number | null = null;
  if (married) {
    const since = marriageDay(ctx, a, b, childrenBornBy ?? ctx.todayDay - 30);
    marriedDay = since;
    const sinceIso = fromDay(since);
    // Same-sex couples could only register a Lebenspartnerschaft before 1 October 2017.
    const status: MaritalStatus = sameSex && sinceIso < '2017-10-01' && rng.chance(0.5) ? 'LP' : 'VH';
    a.record.maritalStatus = status;
    b.record.maritalStatus = status;
    linkSpouses(a, b, sinceIso);
    const roll = rng.next();
    if (roll < 0.72) {
      b.record.familyName = nameA;
      b.record.birthName = nameB === nameA ? null : nameB;
    } else if (roll < 0.8) {
      a.record.familyName = nameB;
      a.record.birthName = nameA === nameB ? null : nameA;
      familyName = nameB;
    } else if (roll < 0.9 && nameA !== nameB) {
      // Begleitname: the partner keeps the birth name next to the Ehename.
      b.record.familyName = `${nameA}-${nameB}`;
      b.record.birthName = nameB;
    } else {
      familyName = rng.chance(0.6) ? nameA : nameB;
    }
  } else if (ageA > 45 && rng.chance(0.5)) {
    a.record.maritalStatus = 'GS';
    b.record.maritalStatus = rng.chance(0.6) ? 'GS' : 'LD';
  }
  return { a, b, married, marriedDay, familyName };
}

function children(ctx: GenerationContext, mother: Member, familyName: string, origin: Origin, arrivalDay: number | null, religionFrom: Member[]): Member[] {
  const { rng } = ctx;
  const motherAgeNow = ageOn(mother.birthDate, ctx.today);
  const roll = rng.next();
  const count = roll < 0.45 ? 1 : roll < 0.83 ? 2 : roll < 0.96 ? 3 : 4;
  const kids: Member[] = [];
  const ages = new Set<number>();
  for (let attempt = 0; kids.length < count && attempt < 20; attempt += 1) {
    const ageAtBirth = rng.int(19, 42);
    const age = motherAgeNow - ageAtBirth;
    if (age < 0 || age > 25 || ages.has(age)) continue;
    if (age >= 18 && !rng.chance(age <= 20 ? 0.7 : 0.3)) continue;
    ages.add(age);
    const sex: Sex = rng.chance(0.51) ? 'm' : 'w';
    const parent = rng.pick(religionFrom);
    const kid = person(ctx, {
      sex, age, origin, arrivalDay, familyName,
      religion: parent.record.religion && rng.chance(age < 10 ? 0.65 : 0.8) ? parent.record.religion : null,
    });
    avoidSameFirstName(ctx, kid, [...religionFrom, ...kids]);
    kids.push(kid);
  }
  return kids.sort((x, y) => (x.birthDate < y.birthDate ? -1 : 1));
}

/** Nobody calls two members of one household by the same first name. */
function avoidSameFirstName(ctx: GenerationContext, member: Member, others: readonly Member[]): void {
  const taken = new Set(others.map((o) => o.record.givenNames[0]));
  const birthYear = Number(member.birthDate.slice(0, 4));
  for (let attempt = 0; attempt < 8 && taken.has(member.record.givenNames[0]); attempt += 1) {
    const name = member.origin.givenName(ctx.rng, member.sex, birthYear, member.bornInGermany);
    member.record.givenNames = [name, ...member.record.givenNames.slice(1).filter((n) => n !== name)];
  }
}

/** Homes of a child: the family's earlier flat from birth, then the current one. */
function childHomes(ctx: GenerationContext, kid: Member, current: AddressRecord, movedInDay: number, previous: EarlierHome | null): void {
  const birthDay = toDay(kid.birthDate);
  const start = Math.max(birthDay, kid.arrivalDay ?? -Infinity);
  if (start >= movedInDay) {
    setHauptwohnungen(kid, ctx, current, start);
  } else if (previous && previous.movedInDay <= start) {
    setHauptwohnungen(kid, ctx, current, movedInDay, [{ address: previous.address, movedInDay: start }]);
  } else {
    setHauptwohnungen(kid, ctx, current, movedInDay, previous ? [previous] : []);
  }
  if (ageOn(kid.birthDate, ctx.today) >= 19 && ctx.rng.chance(0.2)) {
    // Students keep the Hauptwohnung with their parents and rent a room near the university.
    const from = Math.max(toDay(addYears(kid.birthDate, 19)), ctx.todayDay - ctx.rng.int(30, 5 * 365));
    addNebenwohnung(kid, ctx, sampleBochumAddress(ctx.rng, districtByName('Querenburg')), from);
  }
  giveDocuments(ctx, kid);
  giveTransferBlocks(ctx, kid);
}

function coupleHousehold(ctx: GenerationContext, withChildren: boolean): Member[] {
  const { rng } = ctx;
  const origin = sampleOrigin(rng);
  const arrivalDay = arrivalOf(ctx, origin);
  const pair = withChildren ? couple(ctx, origin, motherAge(rng) + 2, arrivalDay, null) : couple(ctx, origin, coupleAge(rng), arrivalDay, null);
  const { a, b } = pair;
  const adults = [a, b];
  const mother = b.sex === 'w' ? b : a;
  const kids = withChildren ? children(ctx, mother, pair.familyName, origin, arrivalDay, adults) : [];
  const current = householdAddress(ctx, pair.familyName);
  const movedIn = householdMovedIn(ctx, adults);
  // Couples married or with children before the move lived together before: the family's previous
  // flat is shared, from the wedding, the first child or the arrival in Bochum on. Others did now and then.
  let previous: EarlierHome | null = null;
  const earliestTogether = Math.max(...adults.map((m) => Math.max(toDay(addYears(m.birthDate, 19)), m.arrivalDay ?? -Infinity)));
  const eldest = kids[0];
  const togetherFrom = Math.min(pair.marriedDay ?? Infinity, eldest ? toDay(eldest.birthDate) : Infinity);
  if (togetherFrom < movedIn - 60 && movedIn - earliestTogether > 60) {
    const from = Math.max(earliestTogether, togetherFrom - rng.int(0, 3 * 365));
    previous = { address: sampleBochumAddress(rng), movedInDay: Math.min(from, movedIn - 30) };
  } else if (movedIn - earliestTogether > 500 && rng.chance(0.45)) {
    previous = { address: sampleBochumAddress(rng), movedInDay: movedIn - rng.int(365, Math.min(10 * 365, movedIn - earliestTogether)) };
  }
  for (const adult of adults) {
    const before = previous ? earlierHomes(ctx, adult, previous.movedInDay, 1) : earlierHomes(ctx, adult, movedIn, 2);
    setHauptwohnungen(adult, ctx, current, movedIn, previous ? [...before, previous] : before);
    finishAdult(ctx, adult);
  }
  for (const kid of kids) {
    for (const parent of adults) linkParentChild(ctx, parent, kid);
    childHomes(ctx, kid, current, movedIn, previous);
  }
  const members = [...adults, ...kids];
  if (rng.chance(0.005)) applyAuskunftssperre(ctx, members);
  return members;
}

function singleParentHousehold(ctx: GenerationContext): Member[] {
  const { rng } = ctx;
  const origin = sampleOrigin(rng);
  const arrivalDay = arrivalOf(ctx, origin);
  const sex: Sex = rng.chance(0.88) ? 'w' : 'm';
  const age = singleParentAge(rng);
  const parent = person(ctx, { sex, age, origin, arrivalDay, maritalStatus: age > 30 && rng.chance(0.5) ? 'GS' : 'LD' });
  if (parent.record.maritalStatus === 'GS' && sex === 'w' && rng.chance(0.5)) {
    // Kept the name of the marriage after the divorce; the children carry it too.
    parent.record.birthName = parent.record.familyName;
    parent.record.familyName = origin.familyName(rng, 'm');
  }
  const kids = children(ctx, sex === 'w' ? parent : ageShift(parent), parent.record.familyName, origin, arrivalDay, [parent]);
  const current = householdAddress(ctx, parent.record.familyName);
  const movedIn = householdMovedIn(ctx, [parent]);
  setHauptwohnungen(parent, ctx, current, movedIn, earlierHomes(ctx, parent, movedIn, 2));
  finishAdult(ctx, parent);
  const homes = parent.record.residences.filter((r) => r.kind === 'haupt');
  const previousHome = homes.length > 1 ? homes[homes.length - 2] : undefined;
  const previous: EarlierHome | null = previousHome ? { address: previousHome.address, movedInDay: toDay(previousHome.movedIn) } : null;
  for (const kid of kids) {
    linkParentChild(ctx, parent, kid);
    childHomes(ctx, kid, current, movedIn, previous);
  }
  const members = [parent, ...kids];
  if (rng.chance(0.008)) applyAuskunftssperre(ctx, members);
  return members;
}

/** A father's children are born when he is a little older than a mother would be. */
function ageShift(member: Member): Member {
  return { ...member, birthDate: addYears(member.birthDate, 3) };
}

function applyAuskunftssperre(ctx: GenerationContext, members: readonly Member[]): void {
  const from = ctx.todayDay - ctx.rng.int(0, 700);
  for (const member of members) member.record.blocks.push(auskunftssperre(ctx, from));
}

function singleHousehold(ctx: GenerationContext): Member[] {
  const { rng } = ctx;
  const origin = sampleOrigin(rng);
  const arrivalDay = arrivalOf(ctx, origin);
  const age = singleAge(rng);
  const sex: Sex = age >= 75 ? (rng.chance(0.7) ? 'w' : 'm') : rng.chance(0.5) ? 'w' : 'm';
  const status = singleStatus(rng, age, sex);
  const own = origin.familyName(rng, sex);
  const members: Member[] = [];
  const single = person(ctx, { sex, age, origin, arrivalDay, familyName: own, maritalStatus: status });
  members.push(single);
  let marriedName: string | null = null;
  if ((status === 'VW' || status === 'GS') && sex === 'w' && rng.chance(0.75)) {
    marriedName = origin.familyName(rng, 'm');
    if (marriedName !== own) {
      single.record.familyName = marriedName;
      single.record.birthName = own;
    }
  }
  if (status === 'GS' && marriedName && marriedName !== own && rng.chance(0.4)) {
    // Took the birth name back after the divorce: the married name becomes a former name.
    single.record.familyName = own;
    single.record.birthName = null;
    single.record.formerNames = [{ familyName: marriedName, until: fromDay(ctx.todayDay - rng.int(200, 20 * 365)) }];
  }
  const current = householdAddress(ctx, single.record.familyName, age < 30);
  const movedIn = householdMovedIn(ctx, [single]);
  setHauptwohnungen(single, ctx, current, movedIn, earlierHomes(ctx, single, movedIn, 2));
  finishAdult(ctx, single);
  // Some widows lost their husband recently; he is still in the register, with his date of death.
  if (status === 'VW' && age >= 60 && rng.chance(0.14)) {
    const deceased = person(ctx, {
      sex: sex === 'w' ? 'm' : 'w', age: Math.max(60, age + (sex === 'w' ? rng.int(0, 6) : -rng.int(0, 5))), origin, arrivalDay,
      familyName: single.record.familyName, maritalStatus: 'VH',
    });
    if (sex === 'w' && single.record.birthName) deceased.record.birthName = null;
    const deathDay = ctx.todayDay - rng.int(30, 5 * 365);
    const since = marriageDay(ctx, single, deceased, deathDay - 365);
    if (movedIn < deathDay) {
      setHauptwohnungen(deceased, ctx, current, movedIn, earlierHomes(ctx, deceased, movedIn, 1));
    } else {
      // She moved after his death; he died in their former flat.
      const adultDay = toDay(addYears(deceased.birthDate, 20));
      const from = Math.max(adultDay, deathDay - rng.int(365, 30 * 365));
      setHauptwohnungen(deceased, ctx, sampleBochumAddress(rng), Math.min(from, deathDay - 1));
    }
    giveDocuments(ctx, deceased);
    markDeceased(deceased, fromDay(deathDay));
    linkSpouses(single, deceased, fromDay(since), fromDay(deathDay));
    members.push(deceased);
  }
  if (rng.chance(0.005)) applyAuskunftssperre(ctx, [single]);
  return members;
}

function sharedFlat(ctx: GenerationContext): Member[] {
  const { rng } = ctx;
  const size = rng.chance(0.55) ? 2 : rng.chance(0.7) ? 3 : 4;
  const members: Member[] = [];
  const first = sampleOrigin(rng);
  const current = householdAddress(ctx, first.familyName(rng, 'w'), true);
  for (let i = 0; i < size; i += 1) {
    const origin = i === 0 ? first : rng.chance(0.8) ? germanOrigin : sampleOrigin(rng);
    const arrivalDay = arrivalOf(ctx, origin);
    const member = person(ctx, { sex: rng.chance(0.5) ? 'w' : 'm', age: sharedFlatAge(rng), origin, arrivalDay });
    const movedIn = householdMovedIn(ctx, [member]);
    const start = Math.max(movedIn, ctx.todayDay - rng.int(30, 6 * 365));
    setHauptwohnungen(member, ctx, current, start, earlierHomes(ctx, member, start, 1));
    finishAdult(ctx, member);
    members.push(member);
  }
  return members;
}

/** Someone who died in the last years: kept in the register, with no residence after death. */
function deceasedPerson(ctx: GenerationContext): Member[] {
  const { rng } = ctx;
  const origin = rng.chance(0.9) ? germanOrigin : sampleOrigin(rng);
  const ageAtDeath = ageBands([[45, 64, 12], [65, 79, 30], [80, 89, 38], [90, 102, 20]])(rng);
  const deathDay = ctx.todayDay - rng.int(20, 5 * 365);
  const yearsSince = Math.floor((ctx.todayDay - deathDay) / 365.25);
  const sex: Sex = rng.chance(0.52) ? 'w' : 'm';
  const member = person(ctx, { sex, age: ageAtDeath + yearsSince, origin, arrivalDay: arrivalOf(ctx, origin), maritalStatus: singleStatus(rng, ageAtDeath, sex) });
  const movedIn = Math.min(deathDay - 30, householdMovedIn(ctx, [member]));
  setHauptwohnungen(member, ctx, sampleBochumAddress(rng), movedIn, earlierHomes(ctx, member, movedIn, 1));
  giveDocuments(ctx, member);
  markDeceased(member, fromDay(deathDay));
  return [member];
}

/** One ordinary household (or a deceased person), all of whose relations stay inside it. */
export function generateHousehold(ctx: GenerationContext): Member[] {
  switch (householdKinds.sample(ctx.rng)) {
    case 'single': return singleHousehold(ctx);
    case 'couple': return coupleHousehold(ctx, false);
    case 'family': return coupleHousehold(ctx, true);
    case 'single_parent': return singleParentHousehold(ctx);
    case 'shared_flat': return sharedFlat(ctx);
    case 'deceased': return deceasedPerson(ctx);
  }
}

/** For filling the last places of a city of exact size: one adult living alone. */
export function singlePerson(ctx: GenerationContext): Member[] {
  return singleHousehold(ctx).slice(0, 1);
}
