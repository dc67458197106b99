/**
 * The municipality's institutions (Seniorenzentren, hospitals, prisons): what the dispatcher picks
 * as the place of a Sammeltermin. Institutions are not personal data; the list is not an access
 * to register data about a person.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { addresses, institutions } from '../schema.ts';

export interface InstitutionSummary {
  id: string;
  name: string;
  kind: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  phone: string | null;
  email: string | null;
  /** Visiting hours per weekday (1 = Monday). */
  visitingHours: Record<string, [string, string][]>;
}

export async function listInstitutions(db: Db, municipalityId: string): Promise<InstitutionSummary[]> {
  const rows = await db.select({ institution: institutions, address: addresses }).from(institutions)
    .innerJoin(addresses, eq(addresses.id, institutions.addressId))
    .where(and(eq(institutions.municipalityId, municipalityId), eq(institutions.active, true)))
    .orderBy(asc(institutions.name));
  return rows.map(({ institution, address }) => ({
    id: institution.id, name: institution.name, kind: institution.kind,
    street: address.street, houseNumber: address.houseNumber, postcode: address.postcode, city: address.city,
    phone: institution.phone, email: institution.email, visitingHours: institution.visitingHours,
  }));
}
