import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Principal } from '../identity/principal.ts';
import type { Database } from '../platform/db/database.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { createVisitRequest } from '../requests/create-request.ts';
import { requestEvents, visitRequests } from '../requests/schema.ts';
import { addressKey } from '../register/import/address-key.ts';
import { addresses } from '../register/schema.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { WeekView } from './week-view.ts';

const monday = '2026-12-07';
const officeHours = { 1: [['08:00', '16:00']], 2: [['08:00', '16:00']], 3: [['08:00', '16:00']], 4: [['08:00', '16:00']], 5: [['08:00', '16:00']] };

describe('week planning through the API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let dispatcher: Record<string, string>;
  let fieldOfficer: Record<string, string>;
  let kitId: string;
  const system = (): Principal => ({ userId: '00000000-0000-4000-8000-000000000001', username: 'd', displayName: 'Disponent', roles: ['dispatcher'], municipalityId } as unknown as Principal);

  async function eligibleRequest(name: string, over: { latitude?: number; longitude?: number; availability?: { weekday?: number; date?: string; from: string; to: string }[]; urgency?: 'normal' | 'urgent' } = {}): Promise<string> {
    const location = over.latitude === undefined ? null : {
      kind: 'home' as const, street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', latitude: over.latitude, longitude: over.longitude!,
    };
    const { id } = await createVisitRequest(database.db, system(), {
      municipalityId, channel: 'phone', status: 'open', subject: { familyName: name, givenNames: 'Erna' },
      requester: { name: 'Tochter', relation: 'relative', preferredContact: 'phone', phone: '0234 1' },
      services: ['meldebescheinigung'], location, availability: over.availability ?? [], urgency: over.urgency ?? 'normal',
    }, ctx.now());
    await database.db.update(visitRequests).set({ status: 'eligible' }).where(eq(visitRequests.id, id));
    return id;
  }
  const send = (method: 'GET' | 'POST', url: string, payload?: object, headers = dispatcher) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const plan = async () => {
    const response = await send('POST', `/api/planning/weeks/${monday}/plan`, { seed: 3 });
    expect(response.statusCode).toBe(200);
    return response.json<{ week: WeekView }>().week;
  };

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-02T09:00:00Z') }));
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    const officers: string[] = [];
    const anna = await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName: 'Anna Außendienst' });
    officers.push(anna.id, (await createTestUser(ctx, municipalityId, { roles: ['field_officer'], displayName: 'Bernd Berger' })).id);
    fieldOfficer = await testSessionHeaders(ctx, anna, municipalityId);
    const kit = await send('POST', '/api/kits', { name: 'Koffer 1', maxStops: 3 });
    kitId = kit.json<{ kit: { id: string } }>().kit.id;
    for (const staffUserId of officers) {
      expect((await send('POST', '/api/officers', { staffUserId, workingHours: officeHours })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  let tuesdayOnly: string;
  let noPlace: string;

  it('plans the eligible requests into tours inside their windows and says why the others were left out', async () => {
    tuesdayOnly = await eligibleRequest('Dienstag', { latitude: 51.49, longitude: 7.22, availability: [{ weekday: 2, from: '10:00', to: '11:00' }] });
    await eligibleRequest('Nord', { latitude: 51.52, longitude: 7.2 });
    await eligibleRequest('Süd', { latitude: 51.44, longitude: 7.25, urgency: 'urgent' });
    noPlace = await eligibleRequest('Ohneort');
    const week = await plan();
    const stops = week.tours.flatMap((t) => t.stops.map((s) => ({ ...s, date: t.date })));
    expect(stops.flatMap((s) => s.requests.map((r) => r.subjectName)).sort()).toEqual(['Erna Dienstag', 'Erna Nord', 'Erna Süd']);
    const tuesday = stops.find((s) => s.requests.some((r) => r.id === tuesdayOnly))!;
    expect(tuesday.date).toBe('2026-12-08');
    // 10:00–11:00 Berlin (UTC+1) and 3 min + 10 min set-up must end by 11:00.
    expect(tuesday.startAt >= '2026-12-08T09:00:00.000Z' && tuesday.startAt <= '2026-12-08T09:47:00.000Z').toBe(true);
    for (const t of week.tours) {
      expect(t.officers.map((o) => o.name).sort()).toEqual(['Anna Außendienst', 'Bernd Berger']);
      expect(t.departAt <= t.stops[0]!.arriveAt && t.stops.at(-1)!.endAt <= t.returnAt).toBe(true);
    }
    expect(week.lastRun!.leftOut).toEqual([expect.objectContaining({ requestId: noPlace, reason: 'no_coordinates', subjectName: 'Erna Ohneort' })]);
    expect(week.waiting.map((w) => w.id)).toEqual([noPlace]);
    const [row] = await database.db.select().from(visitRequests).where(eq(visitRequests.id, tuesdayOnly));
    expect(row!.status).toBe('planned');
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, noPlace));
    expect(events.map((e) => e.kind)).toContain('waitlisted');
  });

  it('keeps a locked tour when re-planning, and places a pinned request on its day', async () => {
    const before = (await send('GET', `/api/planning/weeks/${monday}`)).json<{ week: WeekView }>().week;
    const tuesdayTour = before.tours.find((t) => t.date === '2026-12-08')!;
    expect((await send('POST', `/api/planning/tours/${tuesdayTour.id}/lock`, { locked: true })).statusCode).toBe(204);
    const pinned = await eligibleRequest('Freitag', { latitude: 51.47, longitude: 7.23 });
    expect((await send('POST', `/api/visit-requests/${pinned}/pin`, { kitId, date: '2026-12-11' })).statusCode).toBe(204);
    const week = await plan();
    const kept = week.tours.find((t) => t.id === tuesdayTour.id)!;
    expect(kept.locked).toBe(true);
    expect(kept.stops.map((s) => s.id)).toEqual(tuesdayTour.stops.map((s) => s.id));
    const friday = week.tours.find((t) => t.stops.some((s) => s.requests.some((r) => r.id === pinned)))!;
    expect(friday.date).toBe('2026-12-11');
    // Every request is on exactly one tour.
    const onTours = week.tours.flatMap((t) => t.stops.flatMap((s) => s.requests.map((r) => r.id)));
    expect(new Set(onTours).size).toBe(onTours.length);
  });

  it('finds the coordinates of an address typed on the phone in the register\'s addresses, however "Straße" is spelt', async () => {
    const [municipality] = await database.db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
    await database.db.insert(addresses).values({
      municipalityId, street: 'Kortumstraße', houseNumber: '12', postcode: '44787', city: 'Bochum', ags: municipality!.ags,
      latitude: 51.4805, longitude: 7.2175,
      addressKey: addressKey({ street: 'Kortumstraße', houseNumber: '12', addition: '', postcode: '44787', ags: municipality!.ags }),
    });
    const typed = await eligibleRequest('Getippt');
    await database.db.update(visitRequests).set({
      location: { kind: 'home', street: 'kortumstr.', houseNumber: '12', postcode: '44787', city: 'Bochum', addition: '2. OG links' },
    }).where(eq(visitRequests.id, typed));
    const week = await plan();
    expect(week.lastRun!.leftOut.map((l) => l.requestId)).not.toContain(typed);
    expect(week.tours.some((t) => t.stops.some((s) => s.requests.some((r) => r.id === typed)))).toBe(true);
  });

  it('lets field officers see the week but not plan it; refuses a day that is not a Monday', async () => {
    expect((await send('GET', `/api/planning/weeks/${monday}`, undefined, fieldOfficer)).statusCode).toBe(200);
    expect((await send('POST', `/api/planning/weeks/${monday}/plan`, {}, fieldOfficer)).statusCode).toBe(403);
    const wrong = await send('GET', '/api/planning/weeks/2026-12-08');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'PLAN_WEEK_INVALID' } });
  });
});
