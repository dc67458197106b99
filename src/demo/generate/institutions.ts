import type { AddressRecord } from '../../register/record.ts';
import { addYears, fromDay, toDay } from './dates.ts';
import { careHomeSites, namedAddress, sampleBochumAddress, type Site } from './geography.ts';
import { ageBands } from './households.ts';
import { germanOrigin, origins, type Origin, type Sex } from './origins.ts';
import {
  bedingterSperrvermerk, birthDateForAge, createMember, giveDocuments, giveTransferBlocks, linkSpouses, markDeceased, setHauptwohnungen,
  type GenerationContext, type Member,
} from './people.ts';

export type VisitingHours = Record<string, [string, string][]>;

export interface InstitutionSpec {
  name: string;
  kind: 'care_home';
  address: AddressRecord;
  phone: string;
  email: string;
  /** Per ISO weekday, 1 = Monday. */
  visitingHours: VisitingHours;
  /** Places in the home; a full-size demo city fills it. */
  capacity: number;
}

const weekdays = (morning: [string, string], afternoon: [string, string], saturday: [string, string][], sunday: [string, string][]): VisitingHours => ({
  1: [morning, afternoon], 2: [morning, afternoon], 3: [morning, afternoon], 4: [morning, afternoon], 5: [morning, afternoon], 6: saturday, 7: sunday,
});

interface HomeSeed {
  name: string;
  slug: string;
  site: Site;
  capacity: number;
  hours: VisitingHours;
}

const standardHours = weekdays(['09:30', '11:30'], ['14:00', '17:30'], [['10:00', '12:00'], ['14:00', '16:00']], [['14:00', '17:00']]);
const lateHours = weekdays(['10:00', '12:00'], ['15:00', '18:30'], [['10:00', '12:00'], ['15:00', '17:00']], [['10:00', '11:30'], ['15:00', '17:00']]);
const shortHours = weekdays(['10:00', '11:30'], ['14:30', '16:30'], [['14:30', '16:30']], [['14:30', '16:30']]);

const homeSeeds: readonly HomeSeed[] = [
  { name: 'Seniorenzentrum Am Stadtpark', slug: 'seniorenzentrum-am-stadtpark', site: careHomeSites.stadtpark, capacity: 72, hours: standardHours },
  { name: 'Haus am Ehrenfeld', slug: 'haus-am-ehrenfeld', site: careHomeSites.ehrenfeld, capacity: 58, hours: lateHours },
  { name: 'Seniorenresidenz Weitmarer Holz', slug: 'weitmarer-holz', site: careHomeSites.weitmar, capacity: 64, hours: standardHours },
  { name: 'Altenzentrum St. Gertrudis Wattenscheid', slug: 'st-gertrudis-wattenscheid', site: careHomeSites.wattenscheid, capacity: 80, hours: standardHours },
  { name: 'Pflegeheim Haus Langendreer', slug: 'haus-langendreer', site: careHomeSites.langendreer, capacity: 46, hours: shortHours },
  { name: 'Seniorenheim Am Kemnader See', slug: 'am-kemnader-see', site: careHomeSites.stiepel, capacity: 38, hours: lateHours },
  { name: 'Wohnstift Querenburg', slug: 'wohnstift-querenburg', site: careHomeSites.querenburg, capacity: 54, hours: standardHours },
  { name: 'Haus Gerthe', slug: 'haus-gerthe', site: careHomeSites.gerthe, capacity: 42, hours: shortHours },
  { name: 'Seniorenzentrum Linden-Dahlhausen', slug: 'linden-dahlhausen', site: careHomeSites.dahlhausen, capacity: 50, hours: standardHours },
  { name: 'Altenheim Am Tippelsberg', slug: 'am-tippelsberg', site: careHomeSites.riemke, capacity: 34, hours: lateHours },
];

/**
 * The care homes of the demo city. Addresses are real streets with invented house numbers;
 * phone numbers start the subscriber part with 0, which German numbering never assigns, so no
 * real line can be reached; mail goes to example.org.
 */
export function careHomes(): InstitutionSpec[] {
  return homeSeeds.map((seed, index) => {
    return {
      name: seed.name,
      kind: 'care_home',
      address: namedAddress(seed.site.district, seed.site.street, seed.site.number),
      phone: `0234 0${String(index + 1).padStart(2, '0')}47-0`,
      email: `info@${seed.slug}.example.org`,
      visitingHours: structuredClone(seed.hours),
      capacity: seed.capacity,
    };
  });
}

const residentAge = ageBands([[68, 79, 12], [80, 84, 20], [85, 89, 32], [90, 94, 26], [95, 102, 10]]);
const olderImmigrants = origins.filter((o) => ['tr_de', 'it', 'gr', 'aussiedler', 'pl'].includes(o.id));

const betreuer: readonly (readonly [string, string])[] = [
  ['Betreuungsverein Bochum-Mitte e.V.', 'Kortumstraße 72, 44787 Bochum'],
  ['Betreuungsverein Wattenscheid e.V.', 'Hochstraße 18, 44866 Bochum'],
  ['Rechtsanwältin Dr. Sabine Kramer', 'Viktoriastraße 31, 44787 Bochum'],
  ['Rechtsanwalt Thomas Lindemann', 'Königsallee 64, 44789 Bochum'],
  ['Berufsbetreuerin Petra Schulte-Wessel', 'Hauptstraße 101, 44892 Bochum'],
  ['Berufsbetreuer Markus Overbeck', 'Hattinger Straße 210, 44795 Bochum'],
];
const extraScopes = ['gesundheitssorge', 'vermoegenssorge', 'vertretung_gegenueber_behoerden', 'wohnungsangelegenheiten'];

/**
 * A resident of a care home, with the flat they lived in before: mostly over 80, many over 85,
 * mostly widowed women; most have the bedingte Sperrvermerk of § 52 BMG, some a Betreuer.
 * A married resident's spouse often still lives in the old flat and comes along in the unit.
 */
export function careHomeResident(ctx: GenerationContext, home: InstitutionSpec): Member[] {
  const { rng } = ctx;
  const sex: Sex = rng.chance(0.72) ? 'w' : 'm';
  const age = residentAge(rng);
  const origin: Origin = rng.chance(0.93) ? germanOrigin : rng.pick(olderImmigrants);
  const roll = rng.next();
  const status = sex === 'w'
    ? roll < 0.72 ? 'VW' : roll < 0.8 ? 'GS' : roll < 0.9 ? 'LD' : 'VH'
    : roll < 0.45 ? 'VW' : roll < 0.75 ? 'VH' : roll < 0.87 ? 'GS' : 'LD';
  const birthDate = birthDateForAge(ctx, age);
  // Immigrants of this generation came as adults (guest workers, Aussiedler).
  const arrivalDay = origin.arrival ? Math.max(toDay(addYears(birthDate, 22)), toDay(`${origin.arrival[0]}-01-01`) + rng.int(0, 3650)) : null;
  const own = origin.familyName(rng, sex);
  const marriedName = sex === 'w' && status !== 'LD' && rng.chance(0.85) ? origin.familyName(rng, 'm') : own;
  const resident = createMember(ctx, {
    sex, birthDate, origin, bornInGermany: arrivalDay === null, arrivalDay, familyName: marriedName, birthName: own, maritalStatus: status,
  });
  const movedIn = Math.max(ctx.todayDay - Math.round(Math.min(8, -Math.log(1 - rng.next()) * 2.2) * 365) - rng.int(7, 60), toDay(addYears(birthDate, 65)));
  const flatFrom = Math.max(toDay(addYears(birthDate, 22)), arrivalDay ?? -Infinity, movedIn - rng.int(5, 45) * 365);
  const flat = sampleBochumAddress(rng);
  setHauptwohnungen(resident, ctx, home.address, movedIn, [{ address: flat, movedInDay: flatFrom }]);
  giveDocuments(ctx, resident, { idCard: 0.9, expired: 0.45, passport: 0.04 });
  giveTransferBlocks(ctx, resident);
  if (rng.chance(0.85)) resident.record.blocks.push(bedingterSperrvermerk(fromDay(movedIn)));
  if (rng.chance(0.28)) {
    const [name, address] = rng.pick(betreuer);
    const scope = ['aufenthaltsbestimmung', ...extraScopes.filter(() => rng.chance(0.6))];
    resident.record.relations.push({ kind: 'betreuer', externalName: name, externalAddress: address, scope, validFrom: fromDay(movedIn - rng.int(0, 900)) });
  }
  const unit: Member[] = [resident];
  if (status === 'VH') {
    // The spouse stayed in the flat.
    const spouseSex: Sex = sex === 'w' ? 'm' : 'w';
    const spouse = createMember(ctx, {
      sex: spouseSex, birthDate: birthDateForAge(ctx, Math.max(70, age + (spouseSex === 'm' ? rng.int(-1, 4) : -rng.int(0, 5)))), origin,
      bornInGermany: arrivalDay === null, arrivalDay, familyName: marriedName, birthName: spouseSex === 'w' ? origin.familyName(rng, 'w') : marriedName, maritalStatus: 'VH',
    });
    setHauptwohnungen(spouse, ctx, flat, flatFrom);
    giveDocuments(ctx, spouse);
    giveTransferBlocks(ctx, spouse);
    linkSpouses(resident, spouse, fromDay(Math.max(flatFrom - rng.int(0, 3650), toDay(addYears(birthDate, 20)))));
    unit.push(spouse);
  } else if (status === 'VW' && rng.chance(0.22)) {
    // The spouse died in the old flat not long before the move into the home.
    const spouseSex: Sex = sex === 'w' ? 'm' : 'w';
    const spouse = createMember(ctx, {
      sex: spouseSex, birthDate: birthDateForAge(ctx, age + rng.int(0, 4)), origin, bornInGermany: arrivalDay === null, arrivalDay,
      familyName: marriedName, maritalStatus: 'VH',
    });
    const deathDay = Math.min(ctx.todayDay - 1, Math.max(flatFrom + 365, Math.min(movedIn - 10, ctx.todayDay - rng.int(30, 5 * 365))));
    setHauptwohnungen(spouse, ctx, flat, flatFrom);
    giveDocuments(ctx, spouse);
    markDeceased(spouse, fromDay(deathDay));
    linkSpouses(resident, spouse, fromDay(Math.max(flatFrom - rng.int(0, 3650), toDay(addYears(birthDate, 20)))), fromDay(deathDay));
    unit.push(spouse);
  }
  return unit;
}
