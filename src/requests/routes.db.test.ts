import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poppler } from '../documents/testing.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import { insertTestPerson } from '../register/search/testing.ts';
import type { VisitRequestSummary, VisitRequestView } from './get-request.ts';

function multipart(filename: string, contentType: string, content: Uint8Array): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----bk-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('visit request API', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let dispatcher: Record<string, string>;
  let admin: Record<string, string>;

  const phoneRequest = {
    subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
    requester: { name: 'Jan Kowalski', relation: 'relative', phone: '0234 1234', preferredContact: 'letter', postalAddress: ['Hauptstraße 3', '44787 Bochum'] },
    services: ['personalausweis'],
    location: { kind: 'home', street: 'Hauptstraße', houseNumber: '3', postcode: '44787', city: 'Bochum' },
    availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
  };

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-01T09:00:00Z') }));
    dispatcher = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['dispatcher'], displayName: 'Markus Becker' }), municipalityId);
    admin = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['admin'] }), municipalityId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('stores rule set versions from a preset, a copy or own rules; every staff member reads them', async () => {
    const preset = await app.inject({ method: 'POST', url: '/api/eligibility-rule-sets', headers: admin, payload: { name: 'Richtlinie 2025', validFrom: '2025-01-01', preset: 'bochum' } });
    expect(preset.statusCode).toBe(201);
    expect(preset.json()).toMatchObject({ version: { version: 1, active: true, rules: { criteria: [{ id: 'institution' }, { id: 'pflegegrad' }, { id: 'merkzeichen_ag' }] } } });
    const both = await app.inject({ method: 'POST', url: '/api/eligibility-rule-sets', headers: admin, payload: { name: 'x', validFrom: '2027-01-01', preset: 'essen', copyOfVersion: 1 } });
    expect(both.statusCode).toBe(400);
    const bad = await app.inject({
      method: 'POST', url: '/api/eligibility-rule-sets', headers: admin,
      payload: { name: 'Kaputt', validFrom: '2027-01-01', rules: { criteria: [{ id: 'p', kind: 'pflegegrad_min', min: 9, label: { de: 'P', en: 'P' } }], alternatives: [] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'ELIGIBILITY_RULES_INVALID', details: { field: 'rules.criteria.0.min' } } });
    const copy = await app.inject({ method: 'POST', url: '/api/eligibility-rule-sets', headers: admin, payload: { name: 'Richtlinie 2027', validFrom: '2027-01-01', copyOfVersion: 1 } });
    expect(copy.json()).toMatchObject({ version: { version: 2, active: false } });
    const list = await app.inject({ method: 'GET', url: '/api/eligibility-rule-sets', headers: dispatcher });
    expect(list.json<{ versions: { version: number; active: boolean }[] }>().versions.map((v) => [v.version, v.active])).toEqual([[1, true], [2, false]]);
  });

  it('takes a phone request, edits it, uploads evidence, and denies it with a letter', async () => {
    const incomplete = await app.inject({ method: 'POST', url: '/api/visit-requests', headers: dispatcher, payload: { ...phoneRequest, services: [], requester: { ...phoneRequest.requester, postalAddress: [] } } });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ error: { code: 'REQUEST_INVALID', details: { problems: [{ field: 'requester.postalAddress' }, { field: 'services' }] } } });

    const created = await app.inject({ method: 'POST', url: '/api/visit-requests', headers: dispatcher, payload: phoneRequest });
    expect(created.statusCode).toBe(201);
    const { request, statusToken } = created.json<{ request: VisitRequestView; statusToken: string }>();
    expect(request).toMatchObject({ channel: 'phone', status: 'open', version: 1, createdByName: 'Markus Becker' });
    expect(statusToken.length).toBeGreaterThan(20);

    const patched = await app.inject({ method: 'PATCH', url: `/api/visit-requests/${request.id}`, headers: dispatcher, payload: { version: 1, notes: 'Rollstuhl, 2. OG ohne Aufzug' } });
    expect(patched.json()).toMatchObject({ version: 2, notes: 'Rollstuhl, 2. OG ohne Aufzug' });
    const stale = await app.inject({ method: 'PATCH', url: `/api/visit-requests/${request.id}`, headers: dispatcher, payload: { version: 1, notes: 'x' } });
    expect(stale.statusCode).toBe(409);

    const scan = new TextEncoder().encode('%PDF-1.4 Pflegegrad 3');
    const upload = multipart('Bescheid Pflegekasse ä.pdf', 'application/pdf', scan);
    const uploaded = await app.inject({ method: 'POST', url: `/api/visit-requests/${request.id}/attachments?kind=evidence`, headers: { ...dispatcher, ...upload.headers }, payload: upload.payload });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json<{ id: string; size: number }>();
    expect(attachment.size).toBe(scan.byteLength);
    const download = await app.inject({ method: 'GET', url: `/api/visit-requests/${request.id}/attachments/${attachment.id}`, headers: dispatcher });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Bescheid Pflegekasse _.pdf"; filename*=UTF-8''${encodeURIComponent('Bescheid Pflegekasse ä.pdf')}`);
    expect(new Uint8Array(download.rawPayload)).toEqual(scan);
    const noFile = await app.inject({ method: 'POST', url: `/api/visit-requests/${request.id}/attachments`, headers: { ...dispatcher, 'content-type': 'application/json' }, payload: {} });
    expect(noFile.statusCode).toBe(400);

    const decided = await app.inject({
      method: 'POST', url: `/api/visit-requests/${request.id}/decide`, headers: dispatcher,
      payload: { version: 2, evidence: [{ kind: 'pflegegrad_bescheid', pflegegrad: 3, attachmentId: attachment.id }] },
    });
    expect(decided.statusCode).toBe(200);
    const decision = decided.json<{ outcome: string; letterDocumentId: string; verdict: { alternatives: string[] } }>();
    expect(decision).toMatchObject({ outcome: 'denied', ruleSet: { version: 1 }, verdict: { alternatives: ['befreiung_ausweispflicht', 'vorlaeufiger_ausweis', 'photo_code', 'online_services', 'buergerbuero'] } });
    const pdf = await app.inject({ method: 'GET', url: `/api/documents/${decision.letterDocumentId}/pdf`, headers: dispatcher });
    expect(pdf.statusCode).toBe(200);
    const letter = poppler('pdftotext', new Uint8Array(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(letter).toContain('Der Pflegegrad 3 liegt unter dem nötigen Pflegegrad 4.');
    expect(letter).toContain('Befreiung von der Ausweispflicht');
    expect(letter).toContain('Markus Becker');

    const view = (await app.inject({ method: 'GET', url: `/api/visit-requests/${request.id}`, headers: dispatcher })).json<VisitRequestView>();
    expect(view).toMatchObject({ status: 'denied', decisions: [{ outcome: 'denied', current: true, letterDocumentId: decision.letterDocumentId }] });
    expect(view.attachments.map((a) => a.filename)).toEqual(['Bescheid Pflegekasse ä.pdf']);
    expect(view.events.map((e) => e.kind)).toContain('letter');
  });

  it('lists, matches, finds duplicates and merges only with consent', async () => {
    const personId = await insertTestPerson(database.db, municipalityId, { familyName: 'Brenner', givenNames: ['Hilde'], birthDate: '1931-02-03' });
    const post = async (payload: object) => (await app.inject({ method: 'POST', url: '/api/visit-requests', headers: dispatcher, payload })).json<{ request: VisitRequestView }>().request;
    const subject = { familyName: 'Brenner', givenNames: 'Hilde', birthDate: '1931-02-03' };
    const first = await post({ ...phoneRequest, subject });
    const second = await post({ ...phoneRequest, subject: { ...subject, familyName: 'BRENNER' }, services: ['reisepass'], status: 'draft' });

    const list = await app.inject({ method: 'GET', url: '/api/visit-requests?status=open&status=draft&text=brenner', headers: dispatcher });
    expect(list.json<{ requests: VisitRequestSummary[]; total: number }>().requests.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());

    const candidates = await app.inject({ method: 'GET', url: `/api/visit-requests/${first.id}/match-candidates`, headers: dispatcher });
    expect(candidates.json<{ hits: { personId: string }[] }>().hits.map((h) => h.personId)).toEqual([personId]);
    const matched = await app.inject({ method: 'POST', url: `/api/visit-requests/${first.id}/match`, headers: dispatcher, payload: { personId } });
    expect(matched.json()).toMatchObject({ personId, version: 2 });

    const duplicates = await app.inject({ method: 'GET', url: `/api/visit-requests/${first.id}/duplicates`, headers: dispatcher });
    expect(duplicates.json()).toEqual({ duplicates: [expect.objectContaining({ id: second.id, match: 'name_and_birth_date' })] });
    const noConsent = await app.inject({ method: 'POST', url: `/api/visit-requests/${first.id}/merge`, headers: dispatcher, payload: { mergeId: second.id } });
    expect(noConsent.statusCode).toBe(400);
    const merged = await app.inject({ method: 'POST', url: `/api/visit-requests/${first.id}/merge`, headers: dispatcher, payload: { mergeId: second.id, consent: true } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ services: ['personalausweis', 'reisepass'], mergedRequests: [{ id: second.id }] });
    const mergedList = await app.inject({ method: 'GET', url: '/api/visit-requests?status=merged', headers: dispatcher });
    expect(mergedList.json<{ requests: VisitRequestSummary[] }>().requests.map((r) => [r.id, r.mergedIntoId])).toEqual([[second.id, first.id]]);
  });
});
