/**
 * The demo city's visit work: the field officers as plannable crews, kit shifts, and a week's worth
 * of home-visit requests in every state the dispatcher meets — Sammeltermine in care homes (Frau K.
 * among them), home visits with a Pflegegrad-4 Bescheid, a denial with its letter, and one request
 * still to decide. They go through the same functions as the office (intake,
 * register match, eligibility decision), so the register accesses are logged like any other.
 */
import { and, asc, count, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { serviceIds, type ServiceId } from '../catalogue/services.ts';
import type { Principal } from '../identity/principal.ts';
import { staffUsers } from '../identity/schema.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { kits, officers, type WeeklyHours } from '../planning/schema.ts';
import { addresses, institutions, persons, residences } from '../register/schema.ts';
import { decideEligibility } from '../requests/eligibility/decide.ts';
import { matchRequestSubject } from '../requests/match-subject.ts';
import { takePhoneRequest } from '../requests/phone-intake.ts';
import { visitRequests } from '../requests/schema.ts';
import type { EvidenceSeen, RequestLocation } from '../requests/types.ts';
import { demoPersonas, frauKHomeName } from './generate/personas.ts';

const weekdays = (from: string, to: string): WeeklyHours => Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [[from, to]]]));

/** Officers' hours and what they may take: empty skills = everything; two of four do not take passports. */
const crew: { username: string; workingHours: WeeklyHours; withoutPassports: boolean }[] = [
  { username: 'aussendienst', workingHours: weekdays('07:30', '16:00'), withoutPassports: false },
  { username: 'aussendienst2', workingHours: weekdays('07:30', '16:00'), withoutPassports: true },
  { username: 'aussendienst3', workingHours: weekdays('08:00', '16:30'), withoutPassports: false },
  { username: 'aussendienst4', workingHours: { ...weekdays('08:00', '16:30'), 5: [['08:00', '13:00']] }, withoutPassports: true },
];
const passportServices: ServiceId[] = ['reisepass', 'vorlaeufiger_reisepass'];

export interface DemoVisitsResult { officers: number; requests: number }

/** Idempotent: officers are added once per account; requests only while the municipality has none. */
export async function ensureDemoVisits(ctx: AppContext, municipalityId: string): Promise<DemoVisitsResult> {
  const { db } = ctx.database;
  const officerCount = await ensureCrew(db, municipalityId);
  await db.update(kits).set({ shifts: weekdays('08:00', '15:30') }).where(and(eq(kits.municipalityId, municipalityId), eq(kits.shifts, {})));
  const [existing] = await db.select({ n: count() }).from(visitRequests).where(eq(visitRequests.municipalityId, municipalityId));
  if ((existing?.n ?? 0) > 0) return { officers: officerCount, requests: 0 };
  const dispatcher = await dispatcherPrincipal(db, municipalityId);
  if (!dispatcher) return { officers: officerCount, requests: 0 };
  return { officers: officerCount, requests: await seedRequests(ctx, dispatcher) };
}

async function ensureCrew(db: Db, municipalityId: string): Promise<number> {
  const users = await db.select({ id: staffUsers.id, username: staffUsers.username }).from(staffUsers)
    .where(and(eq(staffUsers.municipalityId, municipalityId), inArray(staffUsers.username, crew.map((c) => c.username))));
  const have = new Set((await db.select({ staffUserId: officers.staffUserId }).from(officers).where(eq(officers.municipalityId, municipalityId))).map((o) => o.staffUserId));
  let created = 0;
  for (const member of crew) {
    const user = users.find((u) => u.username === member.username);
    if (!user || have.has(user.id)) continue;
    await db.insert(officers).values({
      municipalityId, staffUserId: user.id, workingHours: member.workingHours,
      skills: member.withoutPassports ? serviceIds.filter((id) => !passportServices.includes(id)) : [],
    });
    created += 1;
  }
  return created;
}

/** The demo's dispatcher (Markus Becker) as the one who took the calls and decided. */
async function dispatcherPrincipal(db: Db, municipalityId: string): Promise<Principal | null> {
  const [user] = await db.select().from(staffUsers)
    .where(and(eq(staffUsers.municipalityId, municipalityId), eq(staffUsers.username, 'disposition'))).limit(1);
  if (!user) return null;
  return { userId: user.id, municipalityId, username: user.username, displayName: user.displayName, roles: ['dispatcher'], sessionId: 'demo-seed', csrfToken: '' };
}

interface Candidate { id: string; familyName: string; givenNames: string[]; birthYear: number | null; birthMonth: number | null; birthDay: number | null; addressId: string }

const birthDateOf = (p: Candidate) => p.birthYear
  ? [String(p.birthYear), p.birthMonth ? String(p.birthMonth).padStart(2, '0') : null, p.birthMonth && p.birthDay ? String(p.birthDay).padStart(2, '0') : null].filter(Boolean).join('-')
  : undefined;

/** Living persons whose current Hauptwohnung is one of the addresses, oldest first. */
async function residentsAt(db: Db, municipalityId: string, addressIds: string[], limit: number, maxBirthYear?: number): Promise<Candidate[]> {
  if (addressIds.length === 0) return [];
  return db.select({
    id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames,
    birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay, addressId: residences.addressId,
  }).from(residences).innerJoin(persons, eq(persons.id, residences.personId))
    .where(and(
      eq(residences.municipalityId, municipalityId), inArray(residences.addressId, addressIds), eq(residences.kind, 'haupt'), isNull(residences.movedOut),
      isNull(persons.dateOfDeath), ...(maxBirthYear ? [lte(persons.birthYear, maxBirthYear)] : []),
    ))
    .orderBy(asc(persons.birthYear), asc(persons.familyName)).limit(limit);
}

async function seedRequests(ctx: AppContext, dispatcher: Principal): Promise<number> {
  const { db } = ctx.database;
  const municipalityId = dispatcher.municipalityId;
  const homes = await db.select({ institution: institutions, address: addresses }).from(institutions)
    .innerJoin(addresses, eq(addresses.id, institutions.addressId))
    .where(eq(institutions.municipalityId, municipalityId)).orderBy(asc(institutions.name));
  const stadtpark = homes.find((h) => h.institution.name === frauKHomeName);
  const others = homes.filter((h) => h !== stadtpark).slice(0, 2);
  const [frauK] = await db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames, birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay })
    .from(persons).where(and(eq(persons.municipalityId, municipalityId), eq(persons.sourceKey, demoPersonas.frauK))).limit(1);

  const institutionLocation = (home: (typeof homes)[number], room: string): RequestLocation => ({
    kind: 'institution', institutionId: home.institution.id, street: home.address.street, houseNumber: home.address.houseNumber,
    postcode: home.address.postcode, city: home.address.city, addition: room,
  });
  type Plan = { subject: Candidate | (Omit<Candidate, 'addressId'>); location: RequestLocation; services: ServiceId[]; requester: Parameters<typeof takePhoneRequest>[2]['requester'];
    evidence?: EvidenceSeen[]; status?: 'draft' | 'open'; urgency?: 'normal' | 'high' | 'urgent'; urgencyReason?: string; availability?: { weekday: number; from: string; to: string }[] };
  const plans: Plan[] = [];

  if (stadtpark) {
    const careHomeOffice = { name: 'Pflegedienstleitung', relation: 'care_home' as const, organisation: stadtpark.institution.name, phone: stadtpark.institution.phone ?? '0234 000000', preferredContact: 'phone' as const,
      ...(stadtpark.institution.email ? { email: stadtpark.institution.email } : {}) };
    const neighbours = (await residentsAt(db, municipalityId, [stadtpark.address.id], 4)).filter((p) => p.id !== frauK?.id).slice(0, 2);
    for (const [index, subject] of [...(frauK ? [{ ...frauK, addressId: stadtpark.address.id }] : []), ...neighbours].entries()) {
      plans.push({
        subject, location: institutionLocation(stadtpark, `Zimmer ${112 + index * 7}`), requester: careHomeOffice,
        services: index === 0 ? ['personalausweis'] : index === 1 ? ['personalausweis', 'meldebescheinigung'] : ['lebensbescheinigung'],
        evidence: [{ kind: 'heimbestaetigung', note: 'Bestätigung der Pflegedienstleitung liegt vor' }],
        ...(index === 0 ? { urgency: 'high' as const, urgencyReason: 'Ausweis für den Rentenantrag nötig' } : {}),
      });
    }
  }
  for (const home of others) {
    const [resident] = await residentsAt(db, municipalityId, [home.address.id], 1);
    if (!resident) continue;
    plans.push({
      subject: resident, location: institutionLocation(home, 'Wohnbereich 2'), services: ['personalausweis'],
      requester: { name: 'Sozialdienst', relation: 'care_home', organisation: home.institution.name, phone: home.institution.phone ?? '0234 000000', preferredContact: 'phone' },
      evidence: [{ kind: 'heimbestaetigung' }],
    });
  }

  // Home visits: the oldest residents living at an ordinary address with coordinates.
  const careAddresses = new Set(homes.map((h) => h.address.id));
  const aged = (await db.select({
    id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames, birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay,
    addressId: residences.addressId, street: addresses.street, houseNumber: addresses.houseNumber, postcode: addresses.postcode, city: addresses.city,
  }).from(residences).innerJoin(persons, eq(persons.id, residences.personId)).innerJoin(addresses, eq(addresses.id, residences.addressId))
    .where(and(eq(residences.municipalityId, municipalityId), eq(residences.kind, 'haupt'), isNull(residences.movedOut), isNull(persons.dateOfDeath),
      gte(addresses.latitude, -90), lte(persons.birthYear, new Date(ctx.now()).getUTCFullYear() - 80)))
    .orderBy(asc(persons.birthYear), asc(persons.id)).limit(40)).filter((p) => !careAddresses.has(p.addressId));
  const relatives = ['Sabine', 'Michael', 'Andrea', 'Thomas', 'Petra', 'Stefan'];
  const homeServices: ServiceId[][] = [['personalausweis'], ['reisepass'], ['meldebescheinigung', 'beglaubigung_kopie'], ['personalausweis'], ['fuehrungszeugnis'], ['lebensbescheinigung']];
  for (const [index, person] of aged.slice(0, 7).entries()) {
    const pflegegrad = index === 5 ? 2 : 4;
    plans.push({
      subject: person,
      location: { kind: 'home', addressId: person.addressId, street: person.street, houseNumber: person.houseNumber, postcode: person.postcode, city: person.city },
      services: homeServices[index % homeServices.length]!,
      requester: { name: `${relatives[index % relatives.length]} ${person.familyName}`, relation: 'relative', phone: `0234 55${String(1200 + index * 37)}`, preferredContact: index % 2 === 0 ? 'phone' : 'letter',
        postalAddress: [`${person.street} ${person.houseNumber}`, `${person.postcode} ${person.city}`] },
      ...(index === 6 ? { status: 'open' as const } : { evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad }] }),
      ...(index === 1 ? { availability: [{ weekday: 2, from: '09:00', to: '12:00' }, { weekday: 4, from: '13:00', to: '16:00' }] } : {}),
      ...(index === 3 ? { urgency: 'urgent' as const, urgencyReason: 'Ausweis läuft ab, Bankgeschäft am 14.12. nötig' } : {}),
    });
  }

  let created = 0;
  for (const plan of plans) {
    const { request } = await takePhoneRequest(ctx, dispatcher, {
      status: plan.status ?? 'open',
      subject: { familyName: plan.subject.familyName, givenNames: plan.subject.givenNames.join(' '), ...(birthDateOf(plan.subject as Candidate) ? { birthDate: birthDateOf(plan.subject as Candidate)! } : {}) },
      requester: plan.requester, services: plan.services, location: plan.location, availability: plan.availability ?? [],
      urgency: plan.urgency ?? 'normal', urgencyReason: plan.urgencyReason ?? null,
    });
    const matched = await matchRequestSubject(ctx, dispatcher, { requestId: request.id, personId: plan.subject.id, version: request.version });
    if (plan.evidence) await decideEligibility(ctx, dispatcher, { requestId: request.id, evidence: plan.evidence, version: matched.version });
    created += 1;
  }
  return created;
}
