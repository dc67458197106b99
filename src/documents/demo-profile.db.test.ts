import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import type { Municipality } from '../platform/tenancy/municipalities.ts';
import { getMunicipalityProfile, saveMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { ensureDemoProfile } from './demo-profile.ts';
import { pngHeader } from './images.ts';
import { checkProfileInput } from './update-profile.ts';

describe('ensureDemoProfile', () => {
  let database: Database;
  let bochum: Municipality;
  beforeAll(async () => {
    database = await createTestDatabase();
    bochum = await testMunicipality(database);
  });
  afterAll(async () => {
    await database.close();
  });

  it('stores a profile with a letterhead and a round seal that pass the admin\'s own checks', async () => {
    expect(await ensureDemoProfile(database.db, bochum, new Date('2026-03-01T08:00:00Z'))).toBe(true);
    const profile = await getMunicipalityProfile(database.db, bochum.id);
    expect(profile.authorityName).toBe('Stadt Bochum – Bürgerbüro');
    expect(pngHeader(profile.letterheadPng!)).toMatchObject({ width: 2400, height: 420 });
    expect(pngHeader(profile.sealPng!)).toMatchObject({ width: 600, height: 600 });
    const { problems } = checkProfileInput({
      ...profile,
      letterheadPng: Buffer.from(profile.letterheadPng!).toString('base64'),
      sealPng: Buffer.from(profile.sealPng!).toString('base64'),
    });
    expect(problems).toEqual([]);
  });

  it('leaves a profile alone once it exists (an admin may have changed it)', async () => {
    const profile = await getMunicipalityProfile(database.db, bochum.id);
    await saveMunicipalityProfile(database.db, bochum.id, { ...profile, phone: '0234 123' }, new Date());
    expect(await ensureDemoProfile(database.db, bochum, new Date())).toBe(false);
    expect((await getMunicipalityProfile(database.db, bochum.id)).phone).toBe('0234 123');
  });
});
