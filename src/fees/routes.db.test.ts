import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import type { App } from '../platform/http/types.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { testContext } from '../platform/testing.ts';
import { builtinMunicipalTables } from './default-tables.ts';
import type { FeeQuote } from './types.ts';

interface VersionBody { id: string; kind: string; source: string; validFrom: string; validUntil: string | null; createdByName: string; inForceToday: boolean }

describe('fee API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let clerk: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    // 2026-02-06 23:30 UTC is already 7 February in Berlin: "today" must be the new table's first day.
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-02-06T23:30:00Z') }));
    clerk = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'] }), municipalityId);
    admin = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['admin'], displayName: 'Anna Admin', username: 'a.admin' }), municipalityId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const quote = (query: string, headers = clerk) => app.inject({ method: 'GET', url: `/api/fees/quote?${query}`, headers });

  it('quotes with today in Europe/Berlin when no date is given', async () => {
    const response = await quote('service=personalausweis&birthDate=1960-05-10&photoByAuthority=true');
    expect(response.statusCode).toBe(200);
    const body = response.json<FeeQuote>();
    expect(body.applicationDate).toBe('2026-02-07');
    expect(body.items.map((i) => [i.code, i.amountCents])).toEqual([['pa.base.24plus', 4600], ['pa.surcharge.photo', 600]]);
    expect(body.totalCents).toBe(5200);
  });

  it('takes every option the CLI takes', async () => {
    const pass = (await quote('service=reisepass&birthDate=2010-01-01&on=2026-03-01&notCompetent=true&passport48Pages=true&express=true&postalDelivery=true')).json<FeeQuote>();
    expect(pass.items.map((i) => i.code)).toEqual(['pass.base.under24', 'pass.surcharge.doubling', 'pass.surcharge.48_pages', 'pass.surcharge.express', 'pass.surcharge.postal_delivery']);
    expect(pass.totalCents).toBe(3750 * 2 + 2200 + 3200 + 1500);
    const copies = (await quote('service=beglaubigung_kopie&pages=3&on=2026-03-01&waiver=pension&reason=Rentenantrag')).json<FeeQuote>();
    expect(copies.items[0]).toMatchObject({ quantity: 3, unitCents: 300, amountCents: 900 });
    expect(copies.totalCents).toBe(0);
    expect(copies.waived).toEqual({ kind: 'pension_or_social_purpose', reason: 'Rentenantrag' });
    const fz = (await quote('service=fuehrungszeugnis&on=2026-03-01')).json<FeeQuote>();
    expect(fz.split).toEqual({ municipalityCents: 520, federalCents: 780 });
    const mb = (await quote('service=meldebescheinigung&extended=true&on=2026-03-01&outsideOfficeHours=false')).json<FeeQuote>();
    expect(mb.items[0]?.code).toBe('meldebescheinigung.extended');
  });

  it.each([
    { query: 'service=beglaubigung_kopie&pages=0', status: 400, code: 'FEE_INPUT_INVALID', field: 'pages' },
    { query: 'service=beglaubigung_kopie&pages=drei', status: 400, code: 'FEE_INPUT_INVALID', field: 'pages' },
    { query: 'service=personalausweis', status: 400, code: 'FEE_INPUT_INVALID', field: 'birthDate' },
    { query: 'service=personalausweis&birthDate=1960-01-01&on=2024-01-01', status: 422, code: 'FEE_NO_TABLE', field: 'applicationDate' },
    { query: 'service=personalausweis&birthDate=1960-01-01&waiver=pension&reason=x', status: 422, code: 'FEE_WAIVER_NOT_APPLICABLE', field: 'waiver.kind' },
    { query: 'service=personalausweis&birthDate=1960-01-01&reason=x', status: 400, code: 'FEE_INPUT_INVALID', field: 'reason' },
  ])('answers $code for $query', async ({ query, status, code, field }) => {
    const response = await quote(query);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code, details: { field } } });
  });

  it('validates the query shape', async () => {
    const response = await quote('service=hundesteuer');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('lets an admin store a municipal version; the quote uses it from its first day', async () => {
    const lines = builtinMunicipalTables[0]!.lines.map((line) => (line.code === 'lebensbescheinigung' ? { ...line, amountCents: 700 } : line));
    const created = await app.inject({ method: 'POST', url: '/api/settings/fee-tables', headers: admin, payload: { kind: 'municipal', validFrom: '2026-03-01', lines } });
    expect(created.statusCode).toBe(201);
    const { version } = created.json<{ version: VersionBody }>();
    expect(version).toMatchObject({ kind: 'municipal', source: 'stored', validFrom: '2026-03-01', validUntil: null, createdByName: 'Anna Admin (a.admin)' });
    expect((await quote('service=lebensbescheinigung&on=2026-02-28')).json<FeeQuote>().totalCents).toBe(500);
    const after = (await quote('service=lebensbescheinigung&on=2026-03-01')).json<FeeQuote>();
    expect(after.totalCents).toBe(700);
    expect(after.tables[0]?.id).toBe(version.id);

    const again = await app.inject({ method: 'POST', url: '/api/settings/fee-tables', headers: admin, payload: { kind: 'municipal', validFrom: '2026-03-01', lines } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'FEE_TABLE_INVALID', details: { field: 'validFrom' } } });
    const incomplete = await app.inject({ method: 'POST', url: '/api/settings/fee-tables', headers: admin, payload: { kind: 'municipal', validFrom: '2026-04-01', lines: lines.slice(1) } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json()).toMatchObject({ error: { code: 'FEE_TABLE_INVALID', details: { field: 'lines' } } });
  });

  it('lists the versions with the one in force today and the line codes', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/settings/fee-tables', headers: admin });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ versions: VersionBody[]; lineCodes: { federal: string[]; municipal: string[] } }>();
    expect(body.versions.map((v) => [v.kind, v.source, v.validFrom, v.inForceToday])).toEqual([
      ['federal', 'builtin', '2025-05-01', false],
      ['federal', 'builtin', '2026-02-07', true],
      ['municipal', 'builtin', '2000-01-01', true],
      ['municipal', 'stored', '2026-03-01', false],
    ]);
    expect(body.lineCodes.municipal).toContain('beglaubigung.page');
    expect(body.lineCodes.federal).toHaveLength(20);
  });

  it('documents the routes in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/fees/quote', '/api/settings/fee-tables']));
  });
});
