/**
 * The day's tour package for a kit: its confirmed tour with the stops and visits, the register
 * rows of exactly the persons to be seen (and their legal representatives) without the data no
 * service at the bedside needs, the fee tables in force that day, the municipality's document
 * profile, reserved case and receipt numbers for offline numbering, and a signing key for the
 * certificates the kit prints (its public half stays at the Rathaus for the verify page).
 * Building it is an access to register data and is logged (§ 40 BMG) under the tour, person by
 * person.
 *
 * Each person carries a register basis (a digest of their register rows): when the kit's capture
 * arrives, the Rathaus compares it with the register as it is then and sends the case to review
 * if the person moved, died or got a new document in between.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { reserveNumbers, type CaseNumberReservation } from '../cases/numbers.ts';
import { delegateSigningKey, type DelegatedKey } from '../documents/delegated-keys.ts';
import { feeTables } from '../fees/schema.ts';
import { staffUsers } from '../identity/schema.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { municipalities, municipalityProfiles } from '../platform/tenancy/schema.ts';
import { berlinInstant } from '../planning/resources/hours.ts';
import { officers, tourStops, tours } from '../planning/schema.ts';
import { addDays } from '../register/dates.ts';
import { addresses, idDocuments, institutions, personBlocks, personRelations, persons, residences } from '../register/schema.ts';
import { visitRequests } from '../requests/schema.ts';
import type { PackageEnvelope } from './package-crypto.ts';

export const tourPackageFormat = 'buergerkoffer.tour-package/1';

/** Relations the bedside needs: who may apply for the person (DESIGN §5: gesetzliche Vertretung). */
const representativeKinds = ['legal_representative', 'betreuer', 'parent'];

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export interface TourPackageVisit {
  requestId: string;
  reference: string;
  personId: string | null;
  services: string[];
  notes: string | null;
}

export interface TourPackage extends PackageEnvelope {
  municipality: { id: string; ags: string; name: string };
  tour: {
    id: string; date: string; departAt: string; returnAt: string;
    officers: { userId: string; displayName: string }[];
    stops: { id: string; sequence: number; place: string; latitude: number; longitude: number; arriveAt: string; startAt: string; endAt: string; institutionId: string | null; visits: TourPackageVisit[] }[];
  };
  /** Rows of the register tables as the kit's own database stores them. */
  register: {
    persons: Row<typeof persons>[];
    addresses: Row<typeof addresses>[];
    residences: Row<typeof residences>[];
    idDocuments: Row<typeof idDocuments>[];
    personBlocks: Row<typeof personBlocks>[];
    personRelations: Row<typeof personRelations>[];
    institutions: Row<typeof institutions>[];
  };
  /** Register digest per person at packing time (see registerBasis). */
  basis: Record<string, string>;
  feeTables: Row<typeof feeTables>[];
  profile: Omit<Row<typeof municipalityProfiles>, 'letterheadPng' | 'sealPng'> & { letterheadPng: string | null; sealPng: string | null } | null;
  numbers: { cases: CaseNumberReservation; receipts: CaseNumberReservation };
  /** The key the kit signs the verification tokens of its printed certificates with, valid as long as the package. */
  documentKey: DelegatedKey;
}

/** Case and receipt numbers per visit the kit gets for offline work (a person may need several services). */
const numbersPerVisit = 6;

/** End of the tour's day plus `validDays`, Berlin time. */
export function packageExpiry(tourDate: string, validDays: number): string {
  return new Date(berlinInstant(addDays(tourDate, validDays + 1), 0)).toISOString();
}

/**
 * A digest of what the Rathaus knows about a person that a capture depends on: the person row,
 * their residences, documents and blocks. Timestamps of the rows themselves are left out, so only
 * a change of content changes the digest.
 */
export async function registerBasis(db: Db, personIds: string[]): Promise<Record<string, string>> {
  if (personIds.length === 0) return {};
  const [personRows, residenceRows, documentRows, blockRows] = await Promise.all([
    db.select().from(persons).where(inArray(persons.id, personIds)),
    db.select().from(residences).where(inArray(residences.personId, personIds)).orderBy(asc(residences.id)),
    db.select().from(idDocuments).where(inArray(idDocuments.personId, personIds)).orderBy(asc(idDocuments.id)),
    db.select().from(personBlocks).where(inArray(personBlocks.personId, personIds)).orderBy(asc(personBlocks.id)),
  ]);
  const strip = <T extends Record<string, unknown>>(row: T) => {
    const { createdAt: _c, updatedAt: _u, searchName: _s, contentHash: _h, ...rest } = row as T & { createdAt?: unknown; updatedAt?: unknown; searchName?: unknown; contentHash?: unknown };
    return rest;
  };
  const basis: Record<string, string> = {};
  for (const person of personRows) {
    const content = JSON.stringify({
      person: strip(person),
      residences: residenceRows.filter((r) => r.personId === person.id).map(strip),
      documents: documentRows.filter((d) => d.personId === person.id).map(strip),
      blocks: blockRows.filter((b) => b.personId === person.id).map(strip),
    });
    basis[person.id] = createHash('sha256').update(content).digest('hex');
  }
  return basis;
}

export async function buildTourPackage(ctx: AppContext, kit: { kitId: string; municipalityId: string }, tourId: string): Promise<TourPackage> {
  const db = ctx.database.db;
  const now = ctx.now();
  const [tour] = await db.select().from(tours).where(and(eq(tours.id, tourId), eq(tours.municipalityId, kit.municipalityId)));
  if (!tour || tour.kitId !== kit.kitId) throw new AppError('TOUR_UNKNOWN', 'This kit has no such tour.', 404);
  if (tour.status !== 'confirmed') throw new AppError('TOUR_NOT_CONFIRMED', `The tour is ${tour.status}; only confirmed tours are packed for the kit.`, 409);
  const [municipality] = await db.select().from(municipalities).where(eq(municipalities.id, kit.municipalityId));
  if (!municipality) throw new Error('municipality of the kit is missing');

  const stops = await db.select().from(tourStops).where(eq(tourStops.tourId, tour.id)).orderBy(asc(tourStops.sequence));
  const requestIds = stops.flatMap((s) => s.requestIds);
  const requests = requestIds.length === 0 ? [] : await db.select().from(visitRequests).where(inArray(visitRequests.id, requestIds));
  const subjectIds = [...new Set(requests.map((r) => r.personId).filter((id): id is string => id !== null))];

  const relationRows = subjectIds.length === 0 ? [] : await db.select().from(personRelations)
    .where(and(inArray(personRelations.personId, subjectIds), inArray(personRelations.kind, representativeKinds)));
  const personIds = [...new Set([...subjectIds, ...relationRows.map((r) => r.relatedPersonId).filter((id): id is string => id !== null)])];

  const [personRows, residenceRows, documentRows, blockRows] = personIds.length === 0 ? [[], [], [], []] : await Promise.all([
    db.select().from(persons).where(inArray(persons.id, personIds)),
    db.select().from(residences).where(inArray(residences.personId, personIds)),
    db.select().from(idDocuments).where(inArray(idDocuments.personId, personIds)),
    db.select().from(personBlocks).where(inArray(personBlocks.personId, personIds)),
  ]);
  const institutionIds = [...new Set(stops.map((s) => s.institutionId).filter((id): id is string => id !== null))];
  const institutionRows = institutionIds.length === 0 ? [] : await db.select().from(institutions).where(inArray(institutions.id, institutionIds));
  const addressIds = [...new Set([...residenceRows.map((r) => r.addressId), ...institutionRows.map((i) => i.addressId)])];
  const addressRows = addressIds.length === 0 ? [] : await db.select().from(addresses).where(inArray(addresses.id, addressIds));

  const officerRows = tour.officerIds.length === 0 ? [] : await db.select({ userId: staffUsers.id, displayName: staffUsers.displayName })
    .from(officers).innerJoin(staffUsers, eq(staffUsers.id, officers.staffUserId)).where(inArray(officers.id, tour.officerIds));
  const fees = await db.select().from(feeTables).where(and(
    eq(feeTables.municipalityId, kit.municipalityId), lte(feeTables.validFrom, tour.date),
    or(isNull(feeTables.validUntil), gte(feeTables.validUntil, tour.date)),
  ));
  const [profile] = await db.select().from(municipalityProfiles).where(eq(municipalityProfiles.municipalityId, kit.municipalityId));

  const reservedFor = `kit:${kit.kitId} tour ${tour.date}`;
  const count = Math.max(1, requests.length * numbersPerVisit);
  const cases = await reserveNumbers(db, kit.municipalityId, { series: 'case', count, reservedFor, at: now });
  const receipts = await reserveNumbers(db, kit.municipalityId, { series: 'receipt', count, reservedFor, at: now });

  const purpose = `Hausbesuch-Tour ${tour.date} (${requests.map((r) => r.reference).join(', ')})`;
  if (personIds.length > 0) {
    await recordAccess(db, {
      municipalityId: kit.municipalityId, actor: { kind: 'system', name: `kit:${kit.kitId}`, municipalityId: kit.municipalityId },
      action: 'kit.tour_package', dataCategories: ['names', 'birth', 'sex', 'nationalities', 'marital_status', 'addresses', 'documents', 'blocks', 'relations'],
      personIds, purpose, details: { tourId: tour.id, kitId: kit.kitId },
    }, now);
  }

  const packageId = randomUUID();
  const expiresAt = packageExpiry(tour.date, ctx.config.kitPackageValidDays);
  const documentKey = await delegateSigningKey(db, { id: packageId, municipalityId: kit.municipalityId, holder: `kit:${kit.kitId}`, validFrom: now, validUntil: new Date(expiresAt) });

  const visitsOf = (ids: string[]): TourPackageVisit[] => ids.flatMap((id) => {
    const request = requests.find((r) => r.id === id);
    return request ? [{ requestId: request.id, reference: request.reference, personId: request.personId, services: request.services, notes: request.notes ?? null }] : [];
  });
  return {
    format: tourPackageFormat,
    packageId,
    kitId: kit.kitId,
    issuedAt: now.toISOString(),
    expiresAt,
    municipality: { id: municipality.id, ags: municipality.ags, name: municipality.name },
    tour: {
      id: tour.id, date: tour.date, departAt: tour.departAt.toISOString(), returnAt: tour.returnAt.toISOString(),
      officers: officerRows,
      stops: stops.map((s) => ({
        id: s.id, sequence: s.sequence, place: s.place, latitude: s.latitude, longitude: s.longitude,
        arriveAt: s.arriveAt.toISOString(), startAt: s.startAt.toISOString(), endAt: s.endAt.toISOString(), institutionId: s.institutionId,
        visits: visitsOf(s.requestIds),
      })),
    },
    register: {
      // Religion is no business of the bedside (no service there uses it).
      persons: personRows.map((p) => ({ ...p, religion: null })),
      addresses: addressRows, residences: residenceRows, idDocuments: documentRows, personBlocks: blockRows,
      personRelations: relationRows, institutions: institutionRows,
    },
    basis: await registerBasis(db, personIds),
    feeTables: fees,
    profile: profile ? {
      ...profile,
      letterheadPng: profile.letterheadPng ? Buffer.from(profile.letterheadPng).toString('base64') : null,
      sealPng: profile.sealPng ? Buffer.from(profile.sealPng).toString('base64') : null,
    } : null,
    numbers: { cases, receipts },
    documentKey,
  };
}

/** The kit's confirmed tours on a day (normally one). */
export async function kitToursOn(ctx: AppContext, kit: { kitId: string; municipalityId: string }, date: string): Promise<string[]> {
  const rows = await ctx.database.db.select({ id: tours.id }).from(tours)
    .where(and(eq(tours.municipalityId, kit.municipalityId), eq(tours.kitId, kit.kitId), eq(tours.date, date), eq(tours.status, 'confirmed')));
  return rows.map((r) => r.id);
}
