import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { municipalities, municipalityProfiles } from './schema.ts';

/** How a municipality presents itself on documents (letterhead, signature block, footer). */
export interface MunicipalityProfile {
  municipalityId: string;
  ags: string;
  /** e.g. "Bochum". */
  name: string;
  /** As printed, e.g. "Stadt Bochum – Bürgerbüro". */
  authorityName: string;
  /** Behördenkennzahl, 4 characters (first part of ID document serial numbers). */
  authorityCode: string;
  /** Place of the signature line, e.g. "Bochum". */
  place: string;
  /** Postal address of the authority, e.g. ["Willy-Brandt-Platz 2–6", "44777 Bochum"]. */
  addressLines: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
  letterheadPng: Uint8Array | null;
  sealPng: Uint8Array | null;
}

export type MunicipalityProfileSettings = Omit<MunicipalityProfile, 'municipalityId' | 'ags' | 'name'>;

/**
 * The stored profile, or defaults from the municipality row until an admin has set one, so
 * documents can always be printed (with a text letterhead and no seal image).
 */
export async function getMunicipalityProfile(db: Db, municipalityId: string): Promise<MunicipalityProfile> {
  const [row] = await db.select({ m: municipalities, p: municipalityProfiles })
    .from(municipalities)
    .leftJoin(municipalityProfiles, eq(municipalityProfiles.municipalityId, municipalities.id))
    .where(eq(municipalities.id, municipalityId));
  if (!row) throw notFound(`Municipality ${municipalityId}`);
  const { m, p } = row;
  const base = { municipalityId: m.id, ags: m.ags, name: m.name };
  if (!p) return { ...base, ...defaultProfileSettings(m) };
  return {
    ...base,
    authorityName: p.authorityName,
    authorityCode: p.authorityCode,
    place: p.place,
    addressLines: p.addressLines,
    phone: p.phone,
    email: p.email,
    website: p.website,
    letterheadPng: p.letterheadPng,
    sealPng: p.sealPng,
  };
}

/** Defaults derived from the municipality alone; the Behördenkennzahl is a placeholder until set. */
export function defaultProfileSettings(municipality: { ags: string; name: string }): MunicipalityProfileSettings {
  return {
    authorityName: `Stadt ${municipality.name}`,
    // Placeholder from the Gemeindeschlüssel; the real Behördenkennzahl is assigned by the Land.
    authorityCode: municipality.ags.slice(1, 5),
    place: municipality.name,
    addressLines: [],
    phone: null,
    email: null,
    website: null,
    letterheadPng: null,
    sealPng: null,
  };
}

/** Stores the whole profile (insert or replace). Validation is the caller's (update-profile use case). */
export async function saveMunicipalityProfile(db: Db, municipalityId: string, settings: MunicipalityProfileSettings, at: Date): Promise<void> {
  const values = {
    authorityName: settings.authorityName,
    authorityCode: settings.authorityCode,
    place: settings.place,
    addressLines: settings.addressLines,
    phone: settings.phone,
    email: settings.email,
    website: settings.website,
    letterheadPng: settings.letterheadPng,
    sealPng: settings.sealPng,
    updatedAt: at,
  };
  await db.insert(municipalityProfiles)
    .values({ municipalityId, ...values })
    .onConflictDoUpdate({ target: municipalityProfiles.municipalityId, set: values });
}
