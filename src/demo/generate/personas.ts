import { addYears, fromDay, toDay } from './dates.ts';
import { namedAddress } from './geography.ts';
import type { InstitutionSpec } from './institutions.ts';
import { germanOrigin } from './origins.ts';
import {
  bedingterSperrvermerk, bochumAuthority, createMember, linkParentChild, linkSpouses, markDeceased, setHauptwohnungen,
  type GenerationContext, type Member,
} from './people.ts';

/**
 * The people of the product story (DESIGN §1), always present with the same refs so that
 * demos, documentation and tests can name them: Frau K., 88, moved into the Seniorenzentrum
 * Am Stadtpark three months ago and her Personalausweis has expired; her late husband; her
 * daughter, who writes to the Bürgerbüro, with her husband in Langendreer; and her grandson,
 * who downloads his Meldebescheinigung from the portal.
 */
export const demoPersonas = {
  frauK: 'BO-0000001',
  husband: 'BO-0000002',
  daughter: 'BO-0000003',
  sonInLaw: 'BO-0000004',
  grandson: 'BO-0000005',
} as const;

export const frauKHomeName = 'Seniorenzentrum Am Stadtpark';

/** Frau K.'s family. Must be generated first, so the refs above are the first ones handed out. */
export function frauKFamily(ctx: GenerationContext, home: InstitutionSpec): Member[] {
  const { today, todayDay } = ctx;
  // Every date hangs off her birthday, so the family stays consistent for any reference date.
  const birthDate = fromDay(toDay(addYears(today, -89)) + 143);
  const after = (date: string, years: number, days: number) => fromDay(toDay(addYears(date, years)) + days);
  const marriage = after(birthDate, 21, 70);
  const daughterBorn = after(marriage, 3, 295);
  const daughterMarried = after(daughterBorn, 27, 170);
  const daughterMovedIn = after(daughterBorn, 28, 24);
  const grandsonBorn = after(daughterBorn, 31, 128);
  const grandsonMovedOut = after(grandsonBorn, 26, 79);
  const movedIntoHome = todayDay - 91;
  const flat = namedAddress('Weitmar', 'Karl-Friedrich-Straße', 63);
  const parentsHome = namedAddress('Hamme', 'Hordeler Straße', 24);

  const frauK = createMember(ctx, {
    sex: 'w', birthDate, origin: germanOrigin, bornInGermany: true, familyName: 'Kowalski', birthName: 'Schimanski',
    givenNames: ['Gertrud', 'Elisabeth'], preferredGivenName: 0, maritalStatus: 'VW', religion: 'rk',
  });
  frauK.record.birthPlace = 'Bochum';
  frauK.record.birthCountry = 'DE';
  frauK.record.nationalities = ['DE'];
  frauK.record.doctoralDegree = null;
  setHauptwohnungen(frauK, ctx, home.address, movedIntoHome, [
    { address: parentsHome, movedInDay: toDay(birthDate) },
    { address: flat, movedInDay: toDay(marriage) },
  ]);
  // Issued ten years and two months ago: expired two months ago.
  const issued = fromDay(toDay(addYears(today, -10)) - 61);
  frauK.record.documents = [{
    kind: 'personalausweis', serialNumber: ctx.serial(bochumAuthority), issuingAuthority: bochumAuthority,
    issuedOn: issued, validUntil: addYears(issued, 10), status: 'valid',
  }];
  frauK.record.blocks = [bedingterSperrvermerk(fromDay(movedIntoHome))];

  const husband = createMember(ctx, {
    sex: 'm', birthDate: after(birthDate, -3, 160), origin: germanOrigin, bornInGermany: true, familyName: 'Kowalski',
    givenNames: ['Heinrich', 'Josef'], preferredGivenName: 0, maritalStatus: 'VH', religion: 'rk',
  });
  husband.record.birthPlace = 'Wattenscheid';
  husband.record.birthCountry = 'DE';
  husband.record.nationalities = ['DE'];
  husband.record.doctoralDegree = null;
  const husbandDied = fromDay(todayDay - 2 * 365 - 40);
  setHauptwohnungen(husband, ctx, flat, toDay(marriage));
  markDeceased(husband, husbandDied);
  linkSpouses(frauK, husband, marriage, husbandDied);

  const daughter = createMember(ctx, {
    sex: 'w', birthDate: daughterBorn, origin: germanOrigin, bornInGermany: true, familyName: 'Brandt', birthName: 'Kowalski',
    givenNames: ['Monika'], maritalStatus: 'VH', religion: 'rk',
  });
  const sonInLaw = createMember(ctx, {
    sex: 'm', birthDate: after(daughterBorn, -3, 258), origin: germanOrigin, bornInGermany: true, familyName: 'Brandt',
    givenNames: ['Jürgen', 'Wilhelm'], maritalStatus: 'VH', religion: 'ev',
  });
  const grandson = createMember(ctx, {
    sex: 'm', birthDate: grandsonBorn, origin: germanOrigin, bornInGermany: true, familyName: 'Brandt',
    givenNames: ['Jan', 'Heinrich'], preferredGivenName: 0, maritalStatus: 'LD', religion: null,
  });
  for (const member of [daughter, sonInLaw, grandson]) {
    member.record.birthPlace = 'Bochum';
    member.record.birthCountry = 'DE';
    member.record.nationalities = ['DE'];
    member.record.doctoralDegree = null;
  }
  const daughtersHome = namedAddress('Langendreer', 'Ümminger Straße', 37);
  const grandsonsFlat = namedAddress('Ehrenfeld', 'Alsenstraße', 12);
  setHauptwohnungen(daughter, ctx, daughtersHome, toDay(daughterMovedIn), [{ address: flat, movedInDay: toDay(daughterBorn) }]);
  setHauptwohnungen(sonInLaw, ctx, daughtersHome, toDay(daughterMovedIn));
  setHauptwohnungen(grandson, ctx, grandsonsFlat, toDay(grandsonMovedOut), [{ address: daughtersHome, movedInDay: toDay(grandsonBorn) }]);
  linkSpouses(daughter, sonInLaw, daughterMarried);
  linkParentChild(ctx, frauK, daughter);
  linkParentChild(ctx, husband, daughter);
  linkParentChild(ctx, daughter, grandson);
  linkParentChild(ctx, sonInLaw, grandson);
  const validCard = (member: Member, issuedDaysAgo: number) => {
    const issuedOn = fromDay(todayDay - issuedDaysAgo);
    member.record.documents = [{
      kind: 'personalausweis', serialNumber: ctx.serial(bochumAuthority), issuingAuthority: bochumAuthority,
      issuedOn, validUntil: addYears(issuedOn, 10), status: 'valid',
    }];
  };
  validCard(daughter, 1400);
  validCard(sonInLaw, 2900);
  validCard(grandson, 800);
  return [frauK, husband, daughter, sonInLaw, grandson];
}
