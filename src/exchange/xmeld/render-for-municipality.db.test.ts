import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { defaultProfileSettings, saveMunicipalityProfile } from '../../platform/tenancy/profile.ts';
import type { RueckmeldungPayload } from '../messages.ts';
import { renderRueckmeldungForMunicipality } from './render-for-municipality.ts';
import { validateXmeld } from './testing.ts';

const flat = { street: 'Hauptstraße', houseNumber: '12a', addition: null, postcode: '44787', city: 'Bochum', ags: '05911000' };
const payload: RueckmeldungPayload = {
  kind: 'xmeld_rueckmeldung', caseNumber: 'A-2026-000007', sender: { ags: '05911000', name: 'Stadt Bochum – Bürgerbüro' },
  recipient: { ags: '05913000', name: 'Stadt Dortmund' }, dueBy: '2026-11-10',
  persons: [{
    person: {
      personId: 'p-1', familyName: 'Łukaszewicz', birthName: null, givenNames: ['Zoë'], preferredGivenName: null, doctoralDegree: null,
      religiousName: null, artistName: null, birthDate: '1990-01', birthPlace: null, birthCountry: null, sex: 'w', nationalities: ['PL'],
    },
    newAddress: flat, residenceKind: 'haupt', previousAddress: { ...flat, street: 'Kampstraße', houseNumber: '45', postcode: '44137', city: 'Dortmund', ags: '05913000' },
    movedIn: '2026-11-01', registeredOn: '2026-11-05',
  }],
};
const meta = (municipalityId: string) => ({ messageId: '7d3f4c1e-2a5b-4c6d-8e9f-0a1b2c3d4e5f', municipalityId, createdAt: '2026-11-05T10:00:00Z' });

describe('renderRueckmeldungForMunicipality', () => {
  let database: Database;
  let municipalityId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
  });
  afterAll(async () => { await database.close(); });

  it('without an address in the profile it refuses, naming the setting', async () => {
    await expect(renderRueckmeldungForMunicipality(database.db, payload, meta(municipalityId))).rejects.toMatchObject({ code: 'XMELD_SENDER_ADDRESS_MISSING' });
  });

  it('with the profile\'s address and e-mail it renders a valid XMeld 0201', async () => {
    await saveMunicipalityProfile(database.db, municipalityId, {
      ...defaultProfileSettings({ ags: '05911000', name: 'Bochum' }),
      addressLines: ['Bürgerbüro', 'Willy-Brandt-Platz 2–6', '44777 Bochum'], email: 'buergerbuero@bochum.example.org',
    }, new Date('2026-11-05T10:00:00Z'));
    const xml = await renderRueckmeldungForMunicipality(database.db, payload, meta(municipalityId));
    expect(xml).toContain('<strasse>Willy-Brandt-Platz</strasse>');
    expect(xml).toContain('<kennung>buergerbuero@bochum.example.org</kennung>');
    const [result] = validateXmeld([xml]);
    expect(result!.output).toMatch(/validates$/);
  });
});
