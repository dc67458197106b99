import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import type { Municipality } from '../platform/tenancy/municipalities.ts';
import { defaultProfileSettings, saveMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { municipalityProfiles } from '../platform/tenancy/schema.ts';
import { drawLetterheadPng, drawSealPng } from './demo-images.ts';

/**
 * The demo municipality's document profile: letterhead and Dienstsiegel drawn in code, the
 * Bürgerbüro's address. Stored once; a profile an admin changed afterwards is left alone.
 * Contact addresses use the reserved .example domain, so demo documents point nowhere real.
 */
export async function ensureDemoProfile(db: Db, municipality: Municipality, at: Date): Promise<boolean> {
  const [existing] = await db.select({ id: municipalityProfiles.municipalityId }).from(municipalityProfiles)
    .where(eq(municipalityProfiles.municipalityId, municipality.id));
  if (existing) return false;
  const authorityName = `Stadt ${municipality.name} – Bürgerbüro`;
  const addressLines = ['Willy-Brandt-Platz 2–6', `44777 ${municipality.name}`];
  await saveMunicipalityProfile(db, municipality.id, {
    ...defaultProfileSettings(municipality),
    authorityName,
    place: municipality.name,
    addressLines,
    phone: '0234 910-0',
    email: 'buergerbuero@bochum.example',
    website: 'www.bochum.example',
    letterheadPng: drawLetterheadPng({ name: municipality.name, authorityName, addressLines }),
    sealPng: drawSealPng({ top: `Stadt ${municipality.name}`, bottom: 'Bürgerbüro' }),
  }, at);
  return true;
}
