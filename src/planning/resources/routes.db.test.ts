import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import type { testContext } from '../../platform/testing.ts';
import type { ResourceDay } from './availability.ts';
import type { KitView } from './kits.ts';
import type { OfficerView } from './officers.ts';

const officeHours = { 1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '16:00']] };
const devices = [
  { kind: 'camera', model: 'Cam', serialNumber: 'C-1' },
  { kind: 'fingerprint_sensor', model: 'Finger', serialNumber: 'F-1' },
  { kind: 'change_terminal', model: 'Term', serialNumber: 'T-1', certificateValidUntil: '2027-03-31', nextMaintenance: '' },
];

describe('resources API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let dispatcher: Record<string, string>;
  let fieldOfficer: Record<string, string>;
  const staff: string[] = [];

  beforeAll(async () => {
    // Monday 7 December 2026, 07:30 in Berlin.
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-07T06:30:00Z') }));
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    const field = await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName: 'Anna Außendienst' });
    fieldOfficer = await testSessionHeaders(ctx, field, municipalityId);
    staff.push(field.id);
    for (const name of ['Bernd Berger', 'Clara Christ']) staff.push((await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName: name })).id);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = dispatcher) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  let kitId: string;
  const officerIds: string[] = [];

  it('adds and changes a kit; field officers may read, not change', async () => {
    const created = await send('POST', '/api/kits', { name: 'Koffer 1', devices, shifts: { 1: [['08:30', '15:30']] }, maxStops: 2 });
    expect(created.statusCode).toBe(201);
    const kit = created.json<{ kit: KitView }>().kit;
    kitId = kit.id;
    // The empty maintenance date of the form is dropped, not stored.
    expect(kit.devices[2]).toEqual({ kind: 'change_terminal', model: 'Term', serialNumber: 'T-1', certificateValidUntil: '2027-03-31' });
    expect(kit.capabilities).toContain('reisepass');

    const again = await send('POST', '/api/kits', { name: 'Koffer 1' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'KIT_NAME_TAKEN' } });

    const changed = await send('PATCH', `/api/kits/${kitId}`, { maxStops: 3, shifts: {} });
    expect(changed.json<{ kit: KitView }>().kit).toMatchObject({ maxStops: 3, shifts: {}, name: 'Koffer 1' });

    expect((await send('GET', '/api/kits', undefined, fieldOfficer)).json<{ kits: KitView[] }>().kits.map((k) => k.name)).toEqual(['Koffer 1']);
    expect((await send('PATCH', `/api/kits/${kitId}`, { maxStops: 1 }, fieldOfficer)).statusCode).toBe(403);
  });

  it.each([
    ['span from after to', { shifts: { 1: [['16:00', '08:00']] } }, 'KIT_INVALID', 'Monday: the start 16:00 must be before the end 08:00.'],
    ['certificate on a printer', { devices: [{ kind: 'printer', model: 'P', serialNumber: 'P-1', certificateValidUntil: '2027-01-01' }] }, 'KIT_INVALID', 'only the change terminal'],
    ['a day that does not exist', { devices: [{ kind: 'camera', model: 'C', serialNumber: 'C-2', nextMaintenance: '2026-02-30' }] }, 'KIT_INVALID', 'not a day'],
  ])('refuses a kit change: %s', async (_, body, code, message) => {
    const response = await send('PATCH', `/api/kits/${kitId}`, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code, message: expect.stringContaining(message) } });
  });

  it('refuses a time that is not HH:MM at the schema', async () => {
    expect((await send('PATCH', `/api/kits/${kitId}`, { shifts: { 1: [['8', '16:00']] } })).statusCode).toBe(400);
  });

  it('gives staff accounts officer profiles; lists the rest as candidates', async () => {
    for (const [i, staffUserId] of staff.entries()) {
      const response = await send('POST', '/api/officers', { staffUserId, workingHours: officeHours, skills: i === 2 ? ['anmeldung', 'meldebescheinigung'] : [] });
      expect(response.statusCode).toBe(201);
      officerIds.push(response.json<{ officer: OfficerView }>().officer.id);
    }
    const twice = await send('POST', '/api/officers', { staffUserId: staff[0] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'OFFICER_EXISTS' } });

    const list = (await send('GET', '/api/officers')).json<{ officers: OfficerView[]; candidates: { displayName: string }[] }>();
    expect(list.officers.map((o) => o.displayName)).toEqual(['Anna Außendienst', 'Bernd Berger', 'Clara Christ']);
    // The dispatcher has no officer profile and can get one.
    expect(list.candidates).toHaveLength(1);

    const patched = await send('PATCH', `/api/officers/${officerIds[2]}`, { skills: ['anmeldung', 'reisepass'] });
    expect(patched.json<{ officer: OfficerView }>().officer.skills).toEqual(['anmeldung', 'reisepass']);
    expect((await send('PATCH', `/api/officers/${officerIds[2]}`, { skills: ['zauberei'] })).statusCode).toBe(400);
  });

  it('adds and removes absences; shows who is available which day and why not', async () => {
    const bad = await send('POST', `/api/officers/${officerIds[0]}/absences`, { fromDate: '2026-12-09', toDate: '2026-12-08' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'ABSENCE_INVALID', details: { field: 'toDate' } } });

    const added = await send('POST', `/api/officers/${officerIds[0]}/absences`, { fromDate: '2026-12-08', toDate: '2026-12-08', reason: 'Urlaub' });
    expect(added.statusCode).toBe(201);
    const absenceId = added.json<{ absence: { id: string } }>().absence.id;

    const days = (await send('GET', '/api/planning/resources?from=2026-12-07&to=2026-12-08', undefined, fieldOfficer)).json<{ days: ResourceDay[] }>().days;
    expect(days[0]!.crews).toHaveLength(1);
    // Monday: of the three, the two who may take everything between them with the narrowest skills: one all-skilled and Clara.
    expect(days[0]!.crews[0]!.officerIds).toContain(officerIds[2]);
    expect(days[1]!.officers.find((o) => o.officerId === officerIds[0])).toMatchObject({ reason: 'abwesend: Urlaub', kitId: null });
    expect(days[1]!.crews[0]!.officerIds.sort()).toEqual([officerIds[1], officerIds[2]].sort());

    // Default range: today and six more days.
    expect((await send('GET', '/api/planning/resources')).json<{ days: ResourceDay[] }>().days.map((d) => d.date)).toEqual([
      '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13',
    ]);
    expect((await send('GET', '/api/planning/resources?from=2026-12-09&to=2026-12-01')).json()).toMatchObject({ error: { code: 'RESOURCES_RANGE_INVALID' } });

    expect((await send('DELETE', `/api/officers/${officerIds[0]}/absences/${absenceId}`)).statusCode).toBe(204);
    expect((await send('DELETE', `/api/officers/${officerIds[0]}/absences/${absenceId}`)).statusCode).toBe(404);
    const after = (await send('GET', '/api/planning/resources?from=2026-12-08&to=2026-12-08')).json<{ days: ResourceDay[] }>().days;
    expect(after[0]!.officers.find((o) => o.officerId === officerIds[0])!.reason).toBeNull();
  });
});
