import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Database } from '../../platform/db/database.ts';
import { startTestServer } from '../../platform/http/testing.ts';
import type { App } from '../../platform/http/types.ts';
import type { testContext } from '../../platform/testing.ts';
import { municipalities } from '../../platform/tenancy/schema.ts';
import { addressKey } from '../import/address-key.ts';
import { addresses, institutions } from '../schema.ts';

describe('GET /api/institutions', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer());
    const [municipality] = await database.db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
    const ags = municipality!.ags;
    for (const [name, street, active] of [['Seniorenzentrum Am Stadtpark', 'Parkallee', true], ['Altes Stift', 'Stiftsgasse', false], ['Haus Abendrot', 'Rotweg', true]] as const) {
      const [address] = await database.db.insert(addresses).values({
        municipalityId, street, houseNumber: '1', postcode: '44787', city: 'Bochum', ags,
        addressKey: addressKey({ street, houseNumber: '1', addition: '', postcode: '44787', ags }),
      }).returning();
      await database.db.insert(institutions).values({
        municipalityId, name, kind: 'care_home', addressId: address!.id, active, visitingHours: { 1: [['09:30', '11:30']] },
      });
    }
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('lists the active institutions by name with address and visiting hours, for the dispatcher only', async () => {
    const dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'] }), municipalityId);
    const response = await app.inject({ method: 'GET', url: '/api/institutions', headers: dispatcher });
    expect(response.statusCode).toBe(200);
    const { institutions: list } = response.json<{ institutions: { name: string; street: string; visitingHours: Record<string, string[][]> }[] }>();
    expect(list.map((i) => i.name)).toEqual(['Haus Abendrot', 'Seniorenzentrum Am Stadtpark']);
    expect(list[1]).toMatchObject({ street: 'Parkallee', visitingHours: { 1: [['09:30', '11:30']] } });
    const clerk = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'] }), municipalityId);
    expect((await app.inject({ method: 'GET', url: '/api/institutions', headers: clerk })).statusCode).toBe(403);
  });
});
