import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { verifyPassword } from '../identity/passwords.ts';
import { staffUsers } from '../identity/schema.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import { testContext } from '../platform/testing.ts';
import { kits, officers } from '../planning/schema.ts';
import { planWeek } from '../planning/plan-week.ts';
import { visitRequests } from '../requests/schema.ts';
import { addresses, idDocuments, institutions, personBlocks, personNameTokens, personRelations, persons, residences } from '../register/schema.ts';
import { demoPersonas, frauKHomeName } from './generate/personas.ts';
import { demoAccounts, demoPassword, demoState, seedDemo, type SeedDemoResult } from './seed-demo.ts';

const now = new Date('2026-11-20T09:00:00Z');

describe('seedDemo', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let first: SeedDemoResult;
  const progress: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = testContext(database, { now });
    expect((await demoState(ctx)).seeded).toBe(false);
    first = await seedDemo(ctx, { residents: 500, seed: 3, onProgress: (done) => progress.push(done) });
  }, 120_000);
  afterAll(() => database.close());

  const rows = async (table: typeof persons | typeof institutions | typeof kits | typeof officers | typeof staffUsers | typeof idDocuments | typeof personBlocks | typeof personRelations | typeof personNameTokens) =>
    (await database.db.select({ n: count() }).from(table).where(eq(table.municipalityId, first.municipality.id)))[0]?.n ?? 0;

  it('creates the municipality Bochum with its residents, care homes, kits and one account per role', async () => {
    expect(first.municipality.ags).toBe('05911000');
    expect(first.persons).toEqual({ created: 500, updated: 0, unchanged: 0 });
    expect(first).toMatchObject({ institutions: 10, kits: 2, users: 8 });
    expect(await rows(persons)).toBe(500);
    expect(await rows(institutions)).toBe(10);
    expect(await rows(kits)).toBe(2);
    expect(await rows(idDocuments)).toBeGreaterThan(300);
    expect(await rows(personRelations)).toBeGreaterThan(100);
    expect(await rows(personBlocks)).toBeGreaterThan(5);
    expect(await rows(personNameTokens)).toBeGreaterThan(1000);
    expect(progress.at(-1)).toBe(500);
    expect(await demoState(ctx)).toEqual({ seeded: true, persons: 500 });
  });

  it('puts Frau K. into the Seniorenzentrum Am Stadtpark: her Hauptwohnung is the home\'s own address row', async () => {
    const [home] = await database.db.select().from(institutions).where(eq(institutions.name, frauKHomeName));
    expect(home?.kind).toBe('care_home');
    expect(home?.email).toMatch(/\.example\.org$/);
    expect(home?.visitingHours['1']?.length).toBeGreaterThan(0);
    const [frauK] = await database.db.select().from(persons)
      .where(and(eq(persons.municipalityId, first.municipality.id), eq(persons.sourceKey, demoPersonas.frauK)));
    expect(frauK?.familyName).toBe('Kowalski');
    const current = await database.db.select({ addressId: residences.addressId }).from(residences)
      .where(and(eq(residences.personId, frauK?.id ?? ''), eq(residences.kind, 'haupt'), isNull(residences.movedOut)));
    expect(current).toEqual([{ addressId: home?.addressId }]);
    const atHome = await database.db.select({ n: count() }).from(residences)
      .where(and(eq(residences.addressId, home?.addressId ?? ''), isNull(residences.movedOut)));
    expect(atHome[0]?.n).toBeGreaterThan(1);
    const [address] = await database.db.select().from(addresses).where(eq(addresses.id, home?.addressId ?? ''));
    expect(address).toMatchObject({ street: 'Bergstraße', postcode: '44791', ags: '05911000' });
  });

  it('equips both kits with the six devices, the change terminal with its certificate', async () => {
    const stored = await database.db.select().from(kits).where(eq(kits.municipalityId, first.municipality.id));
    for (const kit of stored) {
      expect(kit.devices.map((d) => d.kind).sort()).toEqual(['camera', 'change_terminal', 'fingerprint_sensor', 'payment_terminal', 'printer', 'scanner']);
      expect(kit.devices.find((d) => d.kind === 'change_terminal')?.certificateValidUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('creates the demo accounts with the documented password', async () => {
    const users = await database.db.select().from(staffUsers).where(eq(staffUsers.municipalityId, first.municipality.id));
    expect(users.map((u) => [u.username, u.roles]).sort()).toEqual(demoAccounts.map((a) => [a.username, a.roles]).sort());
    const admin = users.find((u) => u.username === 'admin');
    expect(await verifyPassword(admin?.passwordHash ?? '', demoPassword)).toBe(true);
  });

  it('prepares visit work the planner can plan: four officers, kit shifts, decided requests, Frau K. in a Sammeltermin', async () => {
    expect(await rows(officers)).toBe(4);
    const requests = await database.db.select().from(visitRequests).where(eq(visitRequests.municipalityId, first.municipality.id));
    expect(first.visitRequests).toBe(requests.length);
    const byStatus = (status: string) => requests.filter((r) => r.status === status).length;
    expect(byStatus('eligible')).toBeGreaterThanOrEqual(8);
    expect([byStatus('denied'), byStatus('open')]).toEqual([1, 1]);
    expect(requests.every((r) => r.personId !== null)).toBe(true);
    const [frauK] = await database.db.select().from(persons).where(and(eq(persons.municipalityId, first.municipality.id), eq(persons.sourceKey, demoPersonas.frauK)));
    expect(requests.find((r) => r.personId === frauK!.id)).toMatchObject({ status: 'eligible', location: { kind: 'institution' } });

    const [user] = await database.db.select().from(staffUsers).where(and(eq(staffUsers.municipalityId, first.municipality.id), eq(staffUsers.username, 'disposition')));
    const dispatcher = { userId: user!.id, municipalityId: first.municipality.id, username: user!.username, displayName: user!.displayName, roles: ['dispatcher' as const], sessionId: 's', csrfToken: '' };
    const week = await planWeek(ctx, dispatcher, { weekStart: '2026-11-23', seed: 1 });
    const planned = week.tours.flatMap((t) => t.stops.flatMap((s) => s.requests.map((r) => r.id)));
    expect(week.tours.length).toBeGreaterThanOrEqual(2);
    expect(planned.length).toBe(byStatus('eligible'));
    // The residents of the Seniorenzentrum are seen in one Sammeltermin stop.
    expect(week.tours.some((t) => t.stops.some((s) => s.place.startsWith(frauKHomeName) && s.requests.length >= 2))).toBe(true);
  }, 60_000);

  it('logs the import in the access log (BMG § 40), one entry per batch', async () => {
    const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.municipalityId, first.municipality.id));
    const imports = entries.filter((e) => e.action === 'register.import');
    expect(imports).toHaveLength(1);
    expect(imports[0]?.actorName).toBe('demo-seed');
    expect(imports[0]?.hitCount).toBe(500);
  });

  it('changes nothing when run again', async () => {
    const again = await seedDemo(ctx, { residents: 500, seed: 3 });
    expect(again.persons).toEqual({ created: 0, updated: 0, unchanged: 500 });
    expect(again).toMatchObject({ institutions: 0, kits: 0, users: 0 });
    expect(await rows(persons)).toBe(500);
    expect(await rows(institutions)).toBe(10);
    expect(await rows(staffUsers)).toBe(8);
  }, 60_000);
});
