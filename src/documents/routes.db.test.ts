import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { serviceCases } from '../cases/schema.ts';
import { personBlocks, persons } from '../register/schema.ts';
import type { DocumentRequest } from '../cases/workflow.ts';
import { encodePng } from '../devices/png.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database, Db } from '../platform/db/database.ts';
import type { App } from '../platform/http/types.ts';
import { buildServer } from '../platform/http/server.ts';
import { startTestServer } from '../platform/http/testing.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import type { testContext } from '../platform/testing.ts';
import { drawLetterheadPng, drawSealPng } from './demo-images.ts';
import { issueDocuments, revokeDocument, type IssuedDocumentSummary } from './issue-documents.ts';
import { verifyRateLimit } from './routes.ts';
import { documentVerifications } from './schema.ts';
import { documentRequestFixtures, poppler } from './testing.ts';

const at = new Date('2026-03-12T09:30:00Z');
const personId = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('documents API and the public verify page', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let municipalityId: string;
  let clerk: Record<string, string>;
  let admin: Record<string, string>;
  let certificate: IssuedDocumentSummary;
  let token: string;
  let receipt: IssuedDocumentSummary;

  const issue = (requests: DocumentRequest[], municipality = municipalityId, caseId: string | null = null) =>
    database.db.transaction((tx) => issueDocuments(tx as unknown as Db, ctx, {
      municipalityId: municipality, caseId, personId, requests, issuedBy: { id: null, name: 'Erika Beispiel' }, at,
    }));

  beforeAll(async () => {
    ({ database, ctx, app, municipalityId } = await startTestServer({ now: at }));
    clerk = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['clerk'] }), municipalityId);
    admin = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['admin'] }), municipalityId);
    const [kase] = await database.db.insert(serviceCases).values({
      municipalityId, number: '2026-000077', serviceId: 'meldebescheinigung', applicant: { kind: 'self' }, personId, state: 'paid',
      applicationDate: '2026-03-12', createdByName: 'test',
    }).returning({ id: serviceCases.id });
    const fixtures = documentRequestFixtures();
    [certificate, receipt] = await issue([fixtures.meldebescheinigung, fixtures.fee_receipt], municipalityId, kase!.id) as [IssuedDocumentSummary, IssuedDocumentSummary];
    const [row] = await database.db.select({ token: documentVerifications.token }).from(documentVerifications).where(eq(documentVerifications.code, certificate.code!));
    token = row!.token;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const verifyJson = (code: string, t?: string) => app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent(code)}${t === undefined ? '' : `?t=${encodeURIComponent(t)}`}` });
  const verifyHtml = (code: string, t?: string) => app.inject({ method: 'GET', url: `/verify/${encodeURIComponent(code)}${t === undefined ? '' : `?t=${encodeURIComponent(t)}`}` });

  describe('verify', () => {
    it('confirms a genuine certificate from its QR code, showing exactly the certified fields', async () => {
      const response = await verifyJson(certificate.code!, token);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ status: string; tokenChecked: boolean; document: { certifies: unknown; issuer: string; title: string } }>();
      expect(body.status).toBe('genuine');
      expect(body.tokenChecked).toBe(true);
      expect(body.document.issuer).toBe('Stadt Bochum');
      expect(body.document.title).toBe('Meldebescheinigung (einfach)');
      expect(body.document.certifies).toEqual(documentRequestFixtures().meldebescheinigung.certifies);

      const page = await verifyHtml(certificate.code!, token);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(page.body).toContain('<html lang="de">');
      expect(page.body).toContain('Dokument echt');
      expect(page.body).toContain('Die digitale Signatur im QR-Code ist gültig.');
      for (const field of documentRequestFixtures().meldebescheinigung.certifies!) expect(page.body).toContain(field.value);
      // Printed, but not certified: never on the page.
      expect(page.body).not.toContain('Wohnungsstatus');
      expect(page.body).not.toContain('<script');
    });

    it('accepts the code typed in by hand, in any case and with I/L/O read as digits', async () => {
      const typed = certificate.code!.toLowerCase().replaceAll('-', ' ').replaceAll('1', 'l').replaceAll('0', 'o');
      const body = (await verifyJson(typed)).json<{ status: string; tokenChecked: boolean; code: string }>();
      expect(body).toMatchObject({ status: 'genuine', tokenChecked: false, code: certificate.code });
      expect((await verifyHtml(typed)).body).toContain('Vergleichen Sie die Angaben unten genau mit dem Dokument.');
      const redirect = await app.inject({ method: 'GET', url: `/verify?code=${encodeURIComponent(typed)}` });
      expect(redirect.statusCode).toBe(303);
      expect(redirect.headers.location).toBe(`/verify/${encodeURIComponent(typed)}`);
      const form = await app.inject({ method: 'GET', url: '/verify' });
      expect(form.body).toContain('<form method="get" action="/verify">');
    });

    it('answers 404 with nothing for an unknown code and for a typing error', async () => {
      for (const code of ['BK-0000-0000', 'BK-ZZZZ-ZZZ1', 'nonsense']) {
        const response = await verifyJson(code);
        expect(response.statusCode, code).toBe(404);
        expect(response.json<{ status: string; document: unknown }>()).toMatchObject({ status: 'unknown', document: null });
        const page = await verifyHtml(code);
        expect(page.statusCode).toBe(404);
        expect(page.body).toMatch(/Prüfcode unbekannt/);
        expect(page.body).not.toContain(documentRequestFixtures().meldebescheinigung.certifies![0]!.value);
      }
    });

    it('fails a tampered token and shows no data', async () => {
      const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
      for (const t of [flipped, 'x', `${token}x`]) {
        const body = (await verifyJson(certificate.code!, t)).json<{ status: string; document: unknown }>();
        expect(body, t).toMatchObject({ status: 'token_mismatch', document: null });
      }
      const page = await verifyHtml(certificate.code!, flipped);
      expect(page.body).toContain('Prüfung fehlgeschlagen');
      expect(page.body).not.toContain(documentRequestFixtures().meldebescheinigung.certifies![0]!.value);
    });

    it('fails a genuine token of another municipality\'s key', async () => {
      const essen = await ensureMunicipality(database.db, '05113000', 'Essen');
      const [foreign] = await issue([documentRequestFixtures().meldebescheinigung], essen.id);
      const [row] = await database.db.select({ token: documentVerifications.token }).from(documentVerifications).where(eq(documentVerifications.code, foreign!.code!));
      const body = (await verifyJson(certificate.code!, row!.token)).json<{ status: string }>();
      expect(body.status).toBe('token_mismatch');
      // …while Essen's own code and token pass.
      expect((await verifyJson(foreign!.code!, row!.token)).json<{ status: string }>().status).toBe('genuine');
    });

    it('reports a revoked certificate with date and reason but without its fields', async () => {
      const [revocable] = await issue([documentRequestFixtures().lebensbescheinigung]);
      await revokeDocument(database.db, { municipalityId, documentId: revocable!.id, reason: 'ersetzt durch neue Bescheinigung', at });
      const body = (await verifyJson(revocable!.code!)).json<{ status: string; document: { certifies: unknown; revocationReason: string } }>();
      expect(body.status).toBe('revoked');
      expect(body.document.certifies).toBeNull();
      expect(body.document.revocationReason).toBe('ersetzt durch neue Bescheinigung');
      const page = await verifyHtml(revocable!.code!);
      expect(page.body).toContain('Dokument widerrufen');
      expect(page.body).toContain('12.03.2026');
      expect(page.body).not.toContain('Bescheinigte Angaben');
    });

    it('lets a clerk revoke through the API, once', async () => {
      const [revocable] = await issue([documentRequestFixtures().meldebescheinigung]);
      const url = `/api/documents/${revocable!.id}/revoke`;
      const response = await app.inject({ method: 'POST', url, headers: clerk, payload: { reason: 'ersetzt' } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ code: string }>().code).toBe(revocable!.code);
      expect((await app.inject({ method: 'POST', url, headers: clerk, payload: { reason: 'noch mal' } })).statusCode).toBe(409);
      expect((await verifyJson(revocable!.code!)).json<{ status: string }>().status).toBe('revoked');
    });

    it('limits requests per client', async () => {
      let limited = 0;
      for (let i = 0; i < verifyRateLimit.max + 5; i += 1) {
        const response = await app.inject({ method: 'GET', url: '/api/verify/BK-0000-0000', remoteAddress: '203.0.113.9' });
        if (response.statusCode === 429) limited += 1;
      }
      expect(limited).toBeGreaterThanOrEqual(5);
    });
  });

  it('answers /verify/<code> itself when the web app is served from the same server (not the SPA shell)', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'bk-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!DOCTYPE html><html><body>SPA shell</body></html>');
    const withWeb = await buildServer(ctx, { webRoot });
    try {
      const page = await withWeb.inject({ method: 'GET', url: `/verify/${certificate.code!}?t=${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Dokument echt');
      expect(page.body).not.toContain('SPA shell');
      expect((await withWeb.inject({ method: 'GET', url: '/verify' })).body).toContain('Dokument prüfen');
      expect((await withWeb.inject({ method: 'GET', url: '/suche' })).body).toContain('SPA shell');
    } finally {
      await withWeb.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });

  describe('GET /api/documents/:id/pdf', () => {
    it('sends the PDF inline and records the download in the access log with the case number', async () => {
      const response = await app.inject({ method: 'GET', url: `/api/documents/${certificate.id}/pdf`, headers: clerk });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(/^inline; filename="Meldebescheinigung-einfach.pdf"/);
      expect(poppler('pdftotext', response.rawPayload)).toContain(certificate.code!);
      const entries = await database.db.select().from(auditEntries)
        .where(and(eq(auditEntries.municipalityId, municipalityId), eq(auditEntries.action, 'documents.pdf.read')));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ personIds: [personId], purpose: '2026-000077' });
      expect(entries[0]!.details).toMatchObject({ documentId: certificate.id, code: certificate.code });
    });

    it('hides the document of a person under Auskunftssperre from a role that may not see blocked persons, and logs the refusal', async () => {
      const [blockedPerson] = await database.db.insert(persons).values({
        municipalityId, familyName: 'Gesperrt', givenNames: ['Gisela'], sex: 'w', nationalities: ['DE'], searchName: 'gisela gesperrt',
      }).returning({ id: persons.id });
      await database.db.insert(personBlocks).values({ municipalityId, personId: blockedPerson!.id, kind: 'auskunftssperre', validFrom: '2020-01-01' });
      const [document] = await database.db.transaction((tx) => issueDocuments(tx as unknown as Db, ctx, {
        municipalityId, caseId: null, personId: blockedPerson!.id, requests: [documentRequestFixtures().lebensbescheinigung],
        issuedBy: { id: null, name: 'Erika Beispiel' }, at,
      }));
      const officer = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['field_officer'] }), municipalityId);
      const url = `/api/documents/${document!.id}/pdf`;
      expect((await app.inject({ method: 'GET', url, headers: officer })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url, headers: clerk })).statusCode).toBe(200);
      const entries = await database.db.select().from(auditEntries)
        .where(and(eq(auditEntries.action, 'documents.pdf.read'), eq(auditEntries.hitCount, 0)));
      expect(entries).toHaveLength(1);
      expect(entries[0]!.details).toMatchObject({ refused: true, blocked: true, documentId: document!.id });
    });

    it('answers 404 for a document of another municipality or an unknown id', async () => {
      const essen = await ensureMunicipality(database.db, '05113000', 'Essen');
      const [foreign] = await issue([documentRequestFixtures().fee_receipt], essen.id);
      for (const id of [foreign!.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expect((await app.inject({ method: 'GET', url: `/api/documents/${id}/pdf`, headers: clerk })).statusCode).toBe(404);
      }
      expect((await app.inject({ method: 'GET', url: `/api/documents/${receipt.id}/pdf`, headers: clerk })).statusCode).toBe(200);
    });
  });

  describe('settings profile', () => {
    const valid = () => ({
      authorityName: 'Stadt Bochum – Bürgerbüro',
      authorityCode: 'L7FH',
      place: 'Bochum',
      addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'],
      phone: '0234 910-0',
      email: 'buergerbuero@bochum.example',
      website: null,
      letterheadPng: Buffer.from(drawLetterheadPng({ name: 'Bochum', authorityName: 'Stadt Bochum – Bürgerbüro', addressLines: ['44777 Bochum'] })).toString('base64'),
      sealPng: Buffer.from(drawSealPng({ top: 'Stadt Bochum', bottom: 'Bürgerbüro' })).toString('base64'),
    });
    const put = (payload: unknown) => app.inject({ method: 'PUT', url: '/api/settings/profile', headers: admin, payload: payload as Record<string, unknown> });

    it('starts from defaults and stores a changed profile with letterhead and seal', async () => {
      const before = (await app.inject({ method: 'GET', url: '/api/settings/profile', headers: admin })).json<{ authorityName: string; letterheadPng: unknown }>();
      expect(before).toMatchObject({ authorityName: 'Stadt Bochum', letterheadPng: null });
      const response = await put(valid());
      expect(response.statusCode, response.body).toBe(200);
      const after = (await app.inject({ method: 'GET', url: '/api/settings/profile', headers: admin })).json<{ authorityCode: string; sealPng: string }>();
      expect(after.authorityCode).toBe('L7FH');
      expect(after.sealPng).toBe(valid().sealPng);
      // New documents carry the new profile.
      const [document] = await issue([documentRequestFixtures().meldebescheinigung]);
      const pdf = await app.inject({ method: 'GET', url: `/api/documents/${document!.id}/pdf`, headers: clerk });
      expect(poppler('pdftotext', pdf.rawPayload)).toContain('Bürgerbüro');
    });

    it.each([
      ['a Behördenkennzahl of 3 characters', { authorityCode: 'L7F' }, 'PROFILE_AUTHORITY_CODE_INVALID', 'authorityCode'],
      ['a Behördenkennzahl in lower case', { authorityCode: 'l7fh' }, 'PROFILE_AUTHORITY_CODE_INVALID', 'authorityCode'],
      ['a letterhead that is no PNG', { letterheadPng: Buffer.from('GIF89a-not-a-png').toString('base64') }, 'PROFILE_IMAGE_FORMAT', 'letterheadPng'],
      ['a seal that is not base64', { sealPng: '***' }, 'PROFILE_IMAGE_ENCODING', 'sealPng'],
      ['a square letterhead', { letterheadPng: Buffer.from(drawSealPng({ top: 'A', bottom: 'B' })).toString('base64') }, 'PROFILE_IMAGE_DIMENSIONS', 'letterheadPng'],
      ['a seal too small', { sealPng: Buffer.from(encodePng({ width: 40, height: 40, channels: 1, pixels: new Uint8Array(1600) })).toString('base64') }, 'PROFILE_IMAGE_DIMENSIONS', 'sealPng'],
      ['an empty authority name', { authorityName: ' ' }, 'PROFILE_FIELD_INVALID', 'authorityName'],
    ])('refuses %s, naming the field', async (_name, change, code, field) => {
      const response = await put({ ...valid(), ...change });
      expect(response.statusCode).toBe(422);
      const body = response.json<{ error: { code: string; details: { field: string; message: { de: string; en: string } } } }>();
      expect(body.error.code).toBe(code);
      expect(body.error.details.field).toBe(field);
      expect(body.error.details.message.de.length).toBeGreaterThan(10);
    });
  });
});
