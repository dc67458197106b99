import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { addressKey } from '../register/import/address-key.ts';
import { addresses, institutions } from '../register/schema.ts';
import type { RequestLocation } from '../requests/types.ts';
import type { Point } from './build-problem.ts';

interface Located { id: string; location: RequestLocation | null }

/**
 * Where each request is to be visited, as coordinates: given with the location, its register
 * address, its institution's address, or the register address it names in words (however
 * "Straße" is spelt). Requests without any of these stay out of the map (the planner says why).
 * Addresses are not personal data here (no person is read), so no access is logged.
 */
export async function requestPoints(db: Db, municipalityId: string, rows: readonly Located[]): Promise<Map<string, Point>> {
  const points = new Map<string, Point>();
  const institutionIds = [...new Set(rows.map((r) => (r.location?.kind === 'institution' ? r.location.institutionId : undefined)).filter((id): id is string => !!id))];
  const institutionRows = institutionIds.length === 0 ? [] : await db.select({ id: institutions.id, addressId: institutions.addressId }).from(institutions)
    .where(and(eq(institutions.municipalityId, municipalityId), inArray(institutions.id, institutionIds)));
  const institutionAddress = new Map(institutionRows.map((i) => [i.id, i.addressId]));
  const addressIds = [...new Set([...rows.map((r) => r.location?.addressId), ...institutionAddress.values()].filter((id): id is string => !!id))];
  const addressRows = addressIds.length === 0 ? [] : await db.select({ id: addresses.id, latitude: addresses.latitude, longitude: addresses.longitude })
    .from(addresses).where(and(eq(addresses.municipalityId, municipalityId), inArray(addresses.id, addressIds)));
  const byAddress = new Map(addressRows.filter((a) => a.latitude !== null && a.longitude !== null).map((a) => [a.id, { latitude: a.latitude!, longitude: a.longitude! }]));
  const unresolved: Located[] = [];
  for (const r of rows) {
    const l = r.location;
    if (!l) continue;
    const point = typeof l.latitude === 'number' && typeof l.longitude === 'number' ? { latitude: l.latitude, longitude: l.longitude }
      : (l.addressId ? byAddress.get(l.addressId) : undefined)
        ?? (l.kind === 'institution' && l.institutionId ? byAddress.get(institutionAddress.get(l.institutionId) ?? '') : undefined);
    if (point) points.set(r.id, point);
    else if (l.street.trim()) unresolved.push(r);
  }
  for (const [id, point] of await typedAddressPoints(db, municipalityId, unresolved)) points.set(id, point);
  return points;
}

async function typedAddressPoints(db: Db, municipalityId: string, rows: readonly Located[]): Promise<Map<string, Point>> {
  if (rows.length === 0) return new Map();
  const [municipality] = await db.select({ ags: municipalities.ags }).from(municipalities).where(eq(municipalities.id, municipalityId)).limit(1);
  if (!municipality) return new Map();
  // The addition ("bei Schmidt", "2. OG") is often left out or spelt otherwise: try with it, then without.
  const keysOf = (l: RequestLocation) => [...new Set([l.addition ?? '', ''])]
    .map((addition) => addressKey({ street: l.street, houseNumber: l.houseNumber, addition, postcode: l.postcode, ags: municipality.ags }));
  const wanted = [...new Set(rows.flatMap((r) => keysOf(r.location!)))];
  const found = await db.select({ key: addresses.addressKey, latitude: addresses.latitude, longitude: addresses.longitude }).from(addresses)
    .where(and(eq(addresses.municipalityId, municipalityId), inArray(addresses.addressKey, wanted)));
  const byKey = new Map(found.filter((a) => a.latitude !== null && a.longitude !== null).map((a) => [a.key, { latitude: a.latitude!, longitude: a.longitude! }]));
  const points = new Map<string, Point>();
  for (const r of rows) {
    const point = keysOf(r.location!).map((key) => byKey.get(key)).find(Boolean);
    if (point) points.set(r.id, point);
  }
  return points;
}
