import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import type { Principal } from '../identity/principal.ts';
import type { Database } from '../platform/db/database.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { kits, tourStops, tours } from '../planning/schema.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons, residences } from '../register/schema.ts';
import { createVisitRequest } from '../requests/create-request.ts';
import { visitRequests } from '../requests/schema.ts';
import { buildTourPackage, packageExpiry, registerBasis, type TourPackage } from './build-tour-package.ts';
import { generateKitKeys, type KitKeys } from './keys.ts';
import { openPackage, PackageError, rathausPublicJwk, sealPackage } from './package-crypto.ts';

const tuesday = '2026-12-08';
const at = (time: string) => new Date(`${tuesday}T${time}:00+01:00`);

describe('tour package', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let kitId: string;
  let tourId: string;
  let personId: string;
  let keys: KitKeys;
  let pkg: TourPackage;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-07T15:00:00Z') }));
    const system = { kind: 'system' as const, name: 'test', municipalityId };
    await writePersonRecords(ctx, system, municipalityId, [
      aPersonRecord({ ref: 'K-1', religion: 'rk' }),
      aPersonRecord({ ref: 'X-9', familyName: 'Unbeteiligt', givenNames: ['Otto'], documents: [] }),
    ]);
    const [person] = await database.db.select().from(persons).where(eq(persons.sourceKey, 'K-1'));
    personId = person!.id;
    const [kit] = await database.db.insert(kits).values({ municipalityId, name: 'Koffer 1' }).returning();
    kitId = kit!.id;
    const dispatcher = { userId: '00000000-0000-4000-8000-000000000001', username: 'd', displayName: 'Disponent', roles: ['dispatcher'], municipalityId } as unknown as Principal;
    const { id: requestId } = await createVisitRequest(database.db, dispatcher, {
      municipalityId, channel: 'phone', status: 'open', subject: { familyName: 'Kowalski', givenNames: 'Anna' },
      requester: { name: 'Petra Kowalski', relation: 'relative', phone: '0234 1', preferredContact: 'phone' },
      services: ['personalausweis'], availability: [], urgency: 'normal',
      location: { kind: 'home', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', latitude: 51.48, longitude: 7.22 },
    }, ctx.now());
    await database.db.update(visitRequests).set({ personId, status: 'confirmed' }).where(eq(visitRequests.id, requestId));
    const [tour] = await database.db.insert(tours).values({ municipalityId, date: tuesday, kitId, status: 'confirmed', departAt: at('08:00'), returnAt: at('12:00') }).returning();
    tourId = tour!.id;
    await database.db.insert(tourStops).values({
      municipalityId, tourId, sequence: 1, requestIds: [requestId], place: 'Am Stadtpark 3, 44791 Bochum', latitude: 51.48, longitude: 7.22,
      arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:30'),
    });
    keys = await generateKitKeys();
    pkg = await buildTourPackage(ctx, { kitId, municipalityId }, tourId);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('carries the stop with its visit and only the persons to be seen, without their religion', () => {
    expect(pkg.tour.stops).toEqual([expect.objectContaining({ sequence: 1, visits: [expect.objectContaining({ personId, services: ['personalausweis'] })] })]);
    expect(pkg.register.persons.map((p) => p.id)).toEqual([personId]);
    expect(pkg.register.persons[0]?.religion).toBeNull();
    expect(pkg.register.idDocuments).toHaveLength(1);
    expect(pkg.register.residences).toHaveLength(1);
    expect(pkg.register.addresses.map((a) => a.id)).toEqual([pkg.register.residences[0]?.addressId]);
    expect(pkg.numbers.cases.numbers).toHaveLength(6);
    expect(pkg.numbers.receipts.first).toMatch(/^Q-2026-/);
    expect(pkg.expiresAt).toBe('2026-12-09T23:00:00.000Z');
    expect(pkg.basis[personId]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs the disclosure to the kit under the tour (§ 40 BMG)', async () => {
    const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'kit.tour_package'));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.personIds).toEqual([personId]);
    expect(entries[0]?.purpose).toContain(`Hausbesuch-Tour ${tuesday}`);
  });

  it('opens only on the kit it was sealed for, signed by its Rathaus, until it expires', async () => {
    const sealed = await sealPackage(pkg, ctx.config.secret, keys.encryption.publicJwk);
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed).not.toContain('Kowalski');
    const rathausPublicKey = await rathausPublicJwk(ctx.config.secret);
    const opened = await openPackage<TourPackage>(sealed, { kitEncryptionPrivateKey: keys.encryption.privateJwk, rathausPublicKey }, { kitId, now: new Date('2026-12-08T07:00:00Z') });
    expect(opened.register.persons[0]?.familyName).toBe('Kowalski');

    const other = await generateKitKeys();
    await expect(openPackage(sealed, { kitEncryptionPrivateKey: other.encryption.privateJwk, rathausPublicKey }, { kitId, now: new Date('2026-12-08T07:00:00Z') }))
      .rejects.toMatchObject({ code: 'PACKAGE_UNREADABLE' });
    await expect(openPackage(sealed, { kitEncryptionPrivateKey: keys.encryption.privateJwk, rathausPublicKey: await rathausPublicJwk('another-secret-another-secret-0123456789') }, { kitId, now: new Date('2026-12-08T07:00:00Z') }))
      .rejects.toMatchObject({ code: 'PACKAGE_SIGNATURE_INVALID' });
    await expect(openPackage(sealed, { kitEncryptionPrivateKey: keys.encryption.privateJwk, rathausPublicKey }, { kitId, now: new Date('2026-12-10T00:00:01+01:00') }))
      .rejects.toBeInstanceOf(PackageError);
    await expect(openPackage(sealed, { kitEncryptionPrivateKey: keys.encryption.privateJwk, rathausPublicKey }, { kitId: '00000000-0000-4000-8000-000000000009', now: new Date('2026-12-08T07:00:00Z') }))
      .rejects.toMatchObject({ code: 'PACKAGE_NOT_FOR_THIS_KIT' });
  });

  it('changes the register basis when the person moves, not when nothing changed', async () => {
    const before = (await registerBasis(database.db, [personId]))[personId];
    expect(before).toBe(pkg.basis[personId]);
    const [residence] = await database.db.select().from(residences).where(eq(residences.personId, personId));
    await database.db.update(residences).set({ movedOut: '2026-12-07' }).where(eq(residences.id, residence!.id));
    expect((await registerBasis(database.db, [personId]))[personId]).not.toBe(before);
  });

  it('expires at the end of the next day in Berlin, also across the change to summer time', () => {
    expect(packageExpiry('2026-03-28', 1)).toBe('2026-03-29T22:00:00.000Z');
    expect(packageExpiry('2026-12-08', 0)).toBe('2026-12-08T23:00:00.000Z');
  });

  it('refuses a tour that is not confirmed or not this kit\'s', async () => {
    await database.db.update(tours).set({ status: 'draft' }).where(eq(tours.id, tourId));
    await expect(buildTourPackage(ctx, { kitId, municipalityId }, tourId)).rejects.toMatchObject({ code: 'TOUR_NOT_CONFIRMED' });
    await expect(buildTourPackage(ctx, { kitId: '00000000-0000-4000-8000-000000000009', municipalityId }, tourId)).rejects.toMatchObject({ code: 'TOUR_UNKNOWN' });
  });
});
