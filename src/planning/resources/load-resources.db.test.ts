import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../platform/db/testing.ts';
import { ensureMunicipality } from '../../platform/tenancy/municipalities.ts';
import { testContext } from '../../platform/testing.ts';
import { kits, officerAbsences, officers, type KitDevice } from '../schema.ts';
import { noCrewReason } from './availability.ts';
import { loadPlanningResources } from './load-resources.ts';

const hours = { 1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '16:00']] } as Record<string, [string, string][]>;
const devices = (certificateValidUntil: string): KitDevice[] => [
  { kind: 'camera', model: 'C', serialNumber: 'c' },
  { kind: 'fingerprint_sensor', model: 'F', serialNumber: 'f' },
  { kind: 'change_terminal', model: 'T', serialNumber: 't', certificateValidUntil },
];

let database: Database;
let municipalityId: string;
const officerIds: string[] = [];
let kit1: string;
let kit2: string;

beforeAll(async () => {
  database = await createTestDatabase();
  municipalityId = (await testMunicipality(database)).id;
  const ctx = testContext(database);
  const db = database.db;
  const kitRows = await db.insert(kits).values([
    { municipalityId, name: 'Koffer 1', devices: devices('2027-12-31'), shifts: { 1: [['08:30', '15:30']], 2: [['08:30', '15:30']] } },
    // Certificate runs out on Tuesday: from Wednesday the kit cannot go out.
    { municipalityId, name: 'Koffer 2', devices: devices('2026-12-08') },
  ]).returning({ id: kits.id });
  [kit1, kit2] = kitRows.map((k) => k.id) as [string, string];
  for (const [i, skills] of [[], [], ['anmeldung'], ['anmeldung']].entries()) {
    const user = await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName: `Officer ${i + 1}` });
    const [row] = await db.insert(officers).values({ municipalityId, staffUserId: user.id, workingHours: hours, skills }).returning({ id: officers.id });
    officerIds.push(row!.id);
  }
  // Officer 4 is away on Monday only.
  await db.insert(officerAbsences).values({ municipalityId, officerId: officerIds[3]!, fromDate: '2026-12-07', toDate: '2026-12-07', reason: 'Fortbildung' });
  // Another municipality's kit never shows up.
  const other = await ensureMunicipality(db, '05913000', 'Dortmund');
  await db.insert(kits).values({ municipalityId: other.id, name: 'Fremder Koffer' });
}, 60_000);

afterAll(async () => { await database?.close(); });

describe('loadPlanningResources', () => {
  it('builds each day of the range from kits, officers and absences', async () => {
    const days = await loadPlanningResources(database.db, municipalityId, '2026-12-07', '2026-12-09');
    expect(days.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
    const [monday, tuesday, wednesday] = days;

    // Monday: three officers, one crew (Koffer 1 comes first), Koffer 2 without a crew.
    expect(monday!.crews).toHaveLength(1);
    expect(monday!.crews[0]).toMatchObject({
      kitId: kit1, kitName: 'Koffer 1', maxStops: 3,
      shift: { start: '2026-12-07T08:30:00+01:00', end: '2026-12-07T15:30:00+01:00' },
    });
    expect(monday!.unavailableKits).toEqual([{ kitId: kit2, name: 'Koffer 2', reasons: [noCrewReason] }]);

    // Tuesday: two crews, one all-skilled officer in each; Koffer 2 in office hours.
    expect(tuesday!.crews.map((c) => c.kitId)).toEqual([kit1, kit2]);
    for (const crew of tuesday!.crews) expect(crew.officerIds.filter((id) => officerIds.slice(0, 2).includes(id))).toHaveLength(1);
    expect(tuesday!.crews[1]!.shift).toEqual({ start: '2026-12-08T08:00:00+01:00', end: '2026-12-08T16:00:00+01:00' });
    // Camera, fingerprint sensor and change terminal are all any service needs; one officer takes everything.
    expect(tuesday!.crews[0]!.skills).toBe('all');

    // Wednesday: Koffer 1 has no shift, Koffer 2's certificate has expired.
    expect(wednesday!.crews).toEqual([]);
    expect(wednesday!.unavailableKits).toEqual([
      { kitId: kit1, name: 'Koffer 1', reasons: ['keine Schicht am Mittwoch'] },
      { kitId: kit2, name: 'Koffer 2', reasons: ['Zertifikat des Änderungsterminals abgelaufen am 08.12.2026'] },
    ]);
    // Exactly the contract's shape.
    expect(Object.keys(monday!).sort()).toEqual(['crews', 'date', 'unavailableKits']);
  });

  it.each([
    ['2026-12-09', '2026-12-07', 'before it starts'],
    ['2026-02-30', '2026-03-01', 'YYYY-MM-DD'],
    ['2026-01-01', '2026-06-01', 'at most'],
  ])('refuses the range %s–%s', async (from, to, message) => {
    await expect(loadPlanningResources(database.db, municipalityId, from, to)).rejects.toMatchObject({ code: 'RESOURCES_RANGE_INVALID', message: expect.stringContaining(message) });
  });
});
