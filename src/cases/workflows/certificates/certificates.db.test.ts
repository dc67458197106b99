/*
 * The certificate services end to end through the case engine's HTTP API, with the scanner
 * simulator behind the device port: open → data → scan → capture (fee from the tariff) → pay →
 * complete → the issued PDF (scanned pages before the Vermerk) and its public verification,
 * which shows no more than the paper. A blocked person's certificate is refused to a third party.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScannerSimulator } from '../../../devices/scanner-simulator.ts';
import { createSimulatedDevicePorts } from '../../../devices/simulators.ts';
import { poppler } from '../../../documents/testing.ts';
import { createTestUser, testSessionHeaders } from '../../../identity/testing.ts';
import { startTestServer, type TestServer } from '../../../platform/http/testing.ts';
import { aPersonRecord } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { persons } from '../../../register/schema.ts';
import type { CaseView } from '../../case-view.types.ts';
import { caseApi } from '../testing.ts';

const now = new Date('2026-12-01T10:00:00Z');

describe('certificate services through the API', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  let user: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ now });
    // 75 dpi keeps the embedded scans small; the rules do not depend on the resolution.
    server.ctx.devices = { ...createSimulatedDevicePorts(), scanner: createScannerSimulator({ defaultDpi: 75 }) };
    user = await createTestUser(server.ctx, server.municipalityId, { roles: ['clerk'] });
    const residence = { address: { street: 'Kortumstraße', houseNumber: '12', postcode: '44787', city: 'Bochum', ags: '05911000' }, kind: 'haupt' as const, movedIn: '2015-04-01', registeredOn: '2015-04-02' };
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({
        ref: 'maria', familyName: 'Kowalski', birthName: 'Nowak', givenNames: ['Maria', 'Elisabeth'], preferredGivenName: 1, birthDate: '1941-03-15',
        birthPlace: 'Gelsenkirchen', residences: [residence],
        documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T471', issuingAuthority: 'Stadt Bochum', issuedOn: '2020-05-04', validUntil: '2030-05-03' }],
      }),
      aPersonRecord({
        ref: 'jan', familyName: 'Kowalski', givenNames: ['Jan'], preferredGivenName: null, birthDate: '1939-11-02', sex: 'm', maritalStatus: 'VH',
        residences: [residence], documents: [], relations: [{ kind: 'spouse', ref: 'maria' }],
      }),
      aPersonRecord({
        ref: 'blocked', familyName: 'Schulte', givenNames: ['Ingrid'], preferredGivenName: null, birthDate: '1950-07-01',
        residences: [{ ...residence, address: { ...residence.address, street: 'Verborgene Gasse', houseNumber: '7' } }],
        blocks: [{ kind: 'auskunftssperre', reason: 'Gefährdung', validFrom: '2024-01-01' }],
        documents: [],
      }),
    ]);
    for (const row of await server.database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => {
    await server.app.close();
    await server.database.close();
  });

  const as = async () => testSessionHeaders(server.ctx, user, server.municipalityId);
  const { ok, path } = caseApi(() => server.app, as);
  const patch = (kase: CaseView, data: Record<string, unknown>) => ok('PATCH', path(kase), { version: kase.version, data });

  async function pdfOf(documentId: string): Promise<{ text: string; pages: number }> {
    const response = await server.app.inject({ method: 'GET', url: `/api/documents/${documentId}/pdf`, headers: await as() });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const pdf = new Uint8Array(response.rawPayload);
    return { text: poppler('pdftotext', pdf).replace(/\s+/g, ' '), pages: Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))?.[1]) };
  }
  async function verified(code: string): Promise<{ status: string; document: { certifies: { label: string; value: string }[] | null } | null }> {
    const response = await server.app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent(code)}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  async function finish(kase: CaseView, expectedCents: number): Promise<CaseView> {
    expect(kase.violations).toEqual([]);
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase.fee?.totalCents).toBe(expectedCents);
    if (expectedCents > 0) kase = await ok('POST', `${path(kase)}/payments`, { method: 'cash', amountCents: expectedCents });
    expect(kase.state).toBe('paid');
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.state).toBe('completed');
    // No hand-over and no messages: the certificate is handed over at the counter, the case closes.
    const closed = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(closed.state).toBe('closed');
    return closed;
  }
  const cancel = (kase: CaseView) => ok('POST', `${path(kase)}/cancel`, { version: kase.version, reason: 'abgelehnt' });

  it('Beglaubigung einer Kopie: scan, 2 pages × 3 €, Vermerk after the scanned pages, verifiable', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'beglaubigung_kopie', personId: ids.maria!, applicant: { kind: 'self' } });
    kase = await patch(kase, {
      documentCategory: 'vertrag', documentTitle: 'Mietvertrag über die Wohnung Kortumstraße 12', documentIssuer: 'Wohnungsgesellschaft Ruhr GmbH',
      documentDate: '2015-03-02', documentPages: 2, issuerKind: 'other', recipientAuthority: 'Jobcenter Bochum', recipientIsAuthority: true, originalUnaltered: true,
    });
    expect(kase.violations.map((v) => v.code)).toEqual(['SCAN_REQUIRED']);
    kase = await ok('POST', `${path(kase)}/devices/scan_original`, { version: kase.version, input: {} });
    expect(kase.attachments.filter((a) => a.kind === 'scan')).toHaveLength(2);
    kase = await finish(kase, 600);
    const vermerk = kase.documents.find((d) => d.kind === 'beglaubigungsvermerk');
    if (!vermerk?.code) throw new Error('no verifiable Vermerk');
    const { text, pages } = await pdfOf(vermerk.id);
    expect(pages).toBe(3);
    for (const part of ['Mietvertrag über die Wohnung Kortumstraße 12', 'wird hiermit amtlich beglaubigt', 'nur zur Vorlage bei der angegebenen Behörde', 'Jobcenter Bochum']) expect(text).toContain(part);
    const verification = await verified(vermerk.code);
    expect(verification.status).toBe('genuine');
    expect(verification.document?.certifies).toContainEqual({ label: 'Nur zur Vorlage bei', value: 'Jobcenter Bochum' });
  });

  it('Beglaubigung einer Kopie: an altered original cannot be captured', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'beglaubigung_kopie', personId: ids.maria!, applicant: { kind: 'self' } });
    kase = await patch(kase, {
      documentCategory: 'zeugnis', documentTitle: 'Abschlusszeugnis', documentIssuer: 'Realschule Bochum', documentDate: '1957-07-01', documentPages: 1,
      issuerKind: 'authority', defects: ['beseitigungsspuren'], originalUnaltered: true,
    });
    kase = await ok('POST', `${path(kase)}/devices/scan_original`, { version: kase.version, input: {} });
    expect(kase.violations.map((v) => v.code)).toEqual(['ORIGINAL_ALTERED']);
    const response = await server.app.inject({ method: 'POST', url: `${path(kase)}/capture`, headers: await as(), payload: { version: kase.version } });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: { violations: { code: string }[] } } }>().error.details.violations.map((v) => v.code)).toEqual(['ORIGINAL_ALTERED']);
    await cancel(kase);
  });

  it('Unterschriftsbeglaubigung: 2 signatures × 5 €, one Vermerk each', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'beglaubigung_unterschrift', personId: ids.maria!, applicant: { kind: 'self' } });
    kase = await patch(kase, {
      identityDocumentKind: 'personalausweis', identityDocumentNumber: 'L01X00T471', identityChecked: true, signatureMode: 'vollzogen',
      documentTitle: 'Antrag auf Hinterbliebenenrente', documentPages: 4, documentHasText: true, recipientName: 'Deutsche Rentenversicherung Westfalen',
      recipientKind: 'authority', signatures: 2,
    });
    kase = await finish(kase, 1000);
    const vermerke = kase.documents.filter((d) => d.kind === 'unterschriftsbeglaubigung');
    expect(vermerke).toHaveLength(2);
    const { text, pages } = await pdfOf(vermerke[0]!.id);
    expect(pages).toBe(1);
    expect(text).toContain('Die vorstehende Unterschrift ist echt.');
  });

  it('Meldebescheinigung for a pension purpose: free by the tariff, only the § 18 Abs. 1 data', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: ids.maria!, applicant: { kind: 'self' } });
    kase = await patch(kase, { purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung Bund' });
    kase = await finish(kase, 0);
    expect(kase.fee?.waived?.kind).toBe('pension_or_social_purpose');
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    if (!certificate?.code) throw new Error('no certificate');
    const { text } = await pdfOf(certificate.id);
    for (const part of ['Kowalski', 'Maria Elisabeth (gebräuchlicher Vorname: Elisabeth)', '15.03.1941', 'Kortumstraße 12, 44787 Bochum', 'gebührenfrei']) expect(text).toContain(part);
    for (const absent of ['Gelsenkirchen', 'Nowak', 'verwitwet']) expect(text).not.toContain(absent);
    expect((await verified(certificate.code)).document?.certifies).toContainEqual({ label: 'alleinige Wohnung', value: 'Kortumstraße 12, 44787 Bochum' });
  });

  it('erweiterte Meldebescheinigung: the spouse picked from the register is read (and logged) and named', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: ids.jan!, applicant: { kind: 'self' } });
    kase = await patch(kase, { kind: 'extended', extendedFields: ['marital_status', 'spouse'] });
    expect(kase.violations.map((v) => v.code)).toEqual(['RELATIVE_NOT_SELECTED']);
    kase = await patch(kase, { spousePersonId: ids.maria! });
    kase = await finish(kase, 800);
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    const { text } = await pdfOf(certificate!.id);
    expect(text).toContain('Erweiterte Meldebescheinigung');
    expect(text).toContain('verheiratet');
    expect(text).toContain('Maria Elisabeth Kowalski, geb. Nowak, geboren am 15.03.1941');
  });

  it('Meldebescheinigung of a blocked person: refused to an authorised third party; the person herself gets it without the address on the verify page', async () => {
    const authorised = { kind: 'authorised_person', name: 'Peter Schulte', evidence: 'Vollmacht vom 20.11.2026' };
    let refused = await ok('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: ids.blocked!, applicant: authorised });
    refused = await patch(refused, { authorisationChecked: true });
    expect(refused.violations.map((v) => v.code)).toEqual(['BLOCKED_THIRD_PARTY']);
    const response = await server.app.inject({ method: 'POST', url: `${path(refused)}/capture`, headers: await as(), payload: { version: refused.version } });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('BLOCKED_THIRD_PARTY');
    expect(response.body).not.toContain('Verborgene Gasse');
    await cancel(refused);

    let kase = await ok('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: ids.blocked!, applicant: { kind: 'self' } });
    kase = await finish(kase, 500);
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    if (!certificate?.code) throw new Error('no certificate');
    expect((await pdfOf(certificate.id)).text).toContain('Verborgene Gasse 7');
    expect(JSON.stringify(await verified(certificate.code))).not.toContain('Verborgene Gasse');
  });

  it('Lebensbescheinigung on the form the citizen brings: scanned, Vermerk page after it', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'lebensbescheinigung', personId: ids.maria!, applicant: { kind: 'self' } });
    kase = await patch(kase, {
      identityDocumentKind: 'personalausweis', identityDocumentNumber: 'L01X00T471', identityChecked: true, personallyAppeared: true,
      form: 'citizen_form', formIssuer: 'ZUS Warschau', formPages: 2, purpose: 'pension', purposeDetail: 'ZUS Warschau',
    });
    kase = await ok('POST', `${path(kase)}/devices/scan_form`, { version: kase.version, input: {} });
    kase = await finish(kase, 0);
    const vermerk = kase.documents.find((d) => d.kind === 'lebensbescheinigung_vermerk');
    if (!vermerk?.code) throw new Error('no Vermerk');
    const { text, pages } = await pdfOf(vermerk.id);
    expect(pages).toBe(3);
    for (const part of ['ZUS Warschau', 'persönlich bei der Meldebehörde', 'Sie lebt.']) expect(text).toContain(part);
    expect((await verified(vermerk.code)).status).toBe('genuine');
  });

  it('Lebensbescheinigung and Unterschriftsbeglaubigung refuse a representative (in person only)', async () => {
    for (const serviceId of ['lebensbescheinigung', 'beglaubigung_unterschrift']) {
      const response = await server.app.inject({
        method: 'POST', url: '/api/cases', headers: await as(),
        payload: { serviceId, personId: ids.maria!, applicant: { kind: 'betreuer', name: 'Eva Lang', evidence: 'Betreuerausweis' } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('APPLICANT_IN_PERSON_ONLY');
    }
  });
});
