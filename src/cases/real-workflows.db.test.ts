/*
 * The real workflows of each service family, end to end through the HTTP API on the engine:
 * open → capture (with device actions and uploads where the service has them) → pay → complete
 * → deliver → close / hand over. Data as an officer would enter it; fees from the real tables.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../devices/png.ts';
import { deliverMessage } from '../exchange/outbox.ts';
import { RecordingTransport } from '../exchange/testing.ts';
import { icaoCheckDigit } from '../exchange/icao.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import { startTestServer, type TestServer } from '../platform/http/testing.ts';
import { defaultProfileSettings, saveMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons } from '../register/schema.ts';
import type { CaseView } from './case-view.types.ts';
import { workflowOf } from './workflows/index.ts';

const now = new Date('2026-12-01T10:00:00Z');
const serial = (body: string) => body + icaoCheckDigit(body);
const erikaCard = serial('L01X00T47');

describe('real workflows end to end through the API', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  let user: { id: string };
  const transport = new RecordingTransport();

  beforeAll(async () => {
    server = await startTestServer({ now });
    user = await createTestUser(server.ctx, server.municipalityId, { roles: ['clerk'] });
    // The XMeld Rückmeldung names the sending Meldebehörde with address and contact (from the profile).
    await saveMunicipalityProfile(server.database.db, server.municipalityId, {
      ...defaultProfileSettings({ ags: '05911000', name: 'Bochum' }),
      authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: 'L01X',
      addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'], phone: '0234 910-0', email: 'buergerbuero@bochum.de',
    }, now);
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({
        ref: 'erika', familyName: 'Krüger', birthName: 'Lehmann', givenNames: ['Erika', 'Maria'], preferredGivenName: 0, birthDate: '1950-04-12',
        residences: [{ address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' }, kind: 'haupt', movedIn: '2026-09-01', registeredOn: '2026-09-03' }],
        documents: [{ kind: 'personalausweis', serialNumber: erikaCard, issuingAuthority: 'Stadt Bochum', issuedOn: '2020-05-04', validUntil: '2030-05-03' }],
      }),
    ]);
    for (const row of await server.database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => {
    await server.app.close();
    await server.database.close();
  });

  const as = async () => testSessionHeaders(server.ctx, user, server.municipalityId);
  /** A request that must succeed; on failure the answer (e.g. the violations) is in the assertion message. */
  async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>): Promise<CaseView> {
    const response = await server.app.inject({ method, url, headers: await as(), ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 1500)}`).toBe(200);
    return response.json<CaseView>();
  }
  const open = (serviceId: string, data: Record<string, unknown> = {}) =>
    ok('POST', '/api/cases', { serviceId, personId: ids.erika!, applicant: { kind: 'self' }, data });
  const path = (kase: CaseView) => `/api/cases/${kase.id}`;

  async function captureAndPay(kase: CaseView, method: 'cash' | 'card' = 'cash'): Promise<CaseView> {
    let view = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    if (view.state === 'captured') {
      view = await ok('POST', `${path(kase)}/payments`, { method, amountCents: view.outstandingCents, ...(method === 'card' ? { cardReference: 'ZVT-4711' } : {}) });
    }
    expect(view.state).toBe('paid');
    return view;
  }
  async function deliverAll(view: CaseView): Promise<CaseView> {
    for (const message of view.messages) {
      const outcome = await deliverMessage(server.ctx, message.id, { transport });
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ outcome: 'delivered' });
    }
    return ok('GET', path(view));
  }

  it('Reisepass: photo by provider code (no surcharge), fingerprints, signature, serial number from the authority series, ID order delivered, hand-over deletes the fingerprints', async () => {
    let kase = await open('reisepass');
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        appearance: { inPerson: true }, identity: { dataMatchRegister: true, personMatchesDocument: true },
        heightCm: 168, eyeColour: 'blau', photoCode: 'AB12-CD34-EF56',
      },
    });
    kase = await ok('POST', `${path(kase)}/devices/fetch_photo_code`, { version: kase.version, input: {} });
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { photo: { officerDecision: 'accepted' } } });
    kase = await ok('POST', `${path(kase)}/devices/capture_fingerprint`, { version: kase.version, input: {} });
    kase = await ok('POST', `${path(kase)}/devices/capture_fingerprint`, { version: kase.version, input: {} });
    expect(kase.attachments.filter((a) => a.kind === 'fingerprint')).toHaveLength(2);
    const png = Buffer.from(encodePng({ width: 60, height: 20, channels: 1, pixels: new Uint8Array(1200).fill(200) }));
    const upload = await server.app.inject({ method: 'POST', url: `${path(kase)}/attachments?kind=signature`, headers: { ...(await as()), 'content-type': 'image/png' }, payload: png });
    expect(upload.statusCode, upload.body).toBe(200);
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { signature: upload.json<{ id: string }>().id } });
    expect(kase.violations).toEqual([]);
    kase = await captureAndPay(kase, 'card');
    // Reisepass from 24: 70 €; the photo came from a provider, so no surcharge.
    expect(kase.fee!.totalCents).toBe(7000);
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    const order = kase.data.order as { serialNumber: string };
    expect(order.serialNumber).toMatch(/^L01X[0-9CFGHJKLMNPRTVWXYZ]{5}\d$/);
    expect(order.serialNumber.slice(-1)).toBe(icaoCheckDigit(order.serialNumber.slice(0, 9)));
    expect(kase.messages).toEqual([expect.objectContaining({ kind: 'id_order' })]);
    kase = await deliverAll(kase);
    expect(kase.state).toBe('transmitted');
    kase = await ok('POST', `${path(kase)}/hand-over`, {
      version: kase.version, input: { handedOverOn: '2026-12-01', handedOverTime: '11:30', receivedBy: 'holder', oldDocumentOutcome: 'none' },
    });
    expect(kase.state).toBe('handed_over');
    expect(kase.attachments.filter((a) => a.kind === 'fingerprint').every((a) => a.deleted)).toBe(true);
    expect(kase.history.map((h) => h.action)).toContain('delete_attachments');
  });

  it('Führungszeugnis (Belegart O): 13 € with the 2/5 : 3/5 split, BZR application delivered, case closed', async () => {
    expect(workflowOf('fuehrungszeugnis')).toBeDefined();
    let kase = await open('fuehrungszeugnis');
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        type: 'O', extended: false, european: false, purpose: 'Einstellung im öffentlichen Dienst',
        recipientAuthority: { name: 'Stadt Bochum – Personalamt', address: 'Willy-Brandt-Platz 2–6\n44777 Bochum', reference: 'P 11/2026-417' },
        inspectionHintAcknowledged: true,
        identity: { source: 'register', serialNumber: erikaCard },
      },
    });
    expect(kase.violations).toEqual([]);
    kase = await captureAndPay(kase, 'card');
    expect(kase.fee).toMatchObject({ totalCents: 1300, split: { municipalityCents: 520, federalCents: 780 } });
    expect(kase.documents.map((d) => d.kind)).toContain('fee_receipt');
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.messages).toEqual([expect.objectContaining({ kind: 'bzr_application', status: 'pending' })]);
    kase = await deliverAll(kase);
    expect(kase.state).toBe('transmitted');
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
    const sent = transport.sent.find((file) => file.kind === 'bzr_application');
    expect(new TextDecoder().decode(sent!.content)).toContain('P 11/2026-417');
  });

  it('Änderungsterminal (address change): the terminal simulator writes the chip, the sticker is printed, free of charge', async () => {
    let kase = await open('eid_address_change');
    expect(kase.data.documentSerialNumber).toBe(erikaCard);
    kase = await ok('POST', `${path(kase)}/devices/change_address`, { version: kase.version });
    expect(kase.data.terminal).toMatchObject({ ok: true });
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase).toMatchObject({ state: 'paid', fee: { totalCents: 0 } });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.documents.map((d) => d.kind)).toContain('address_sticker');
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
    expect(JSON.stringify(kase).toLowerCase()).not.toContain('"pin"');
  });

  it('Meldebescheinigung (simple): municipal fee, verifiable certificate, closed', async () => {
    let kase = await open('meldebescheinigung');
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } });
    kase = await captureAndPay(kase);
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    expect(certificate?.code).toEqual(expect.any(String));
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
  });

  it('Beglaubigung einer Kopie: the scanner simulator scans the original, per-page fee, the Vermerk is issued', async () => {
    let kase = await open('beglaubigung_kopie');
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        documentCategory: 'zeugnis', documentTitle: 'Zeugnis der allgemeinen Hochschulreife', documentIssuer: 'Schiller-Schule Bochum',
        documentDate: '1968-06-30', documentNumber: 'Z-1968-17', documentPages: 2, presentedAs: 'urschrift', issuerKind: 'authority',
        recipientAuthority: '', recipientIsAuthority: false, defects: [], originalUnaltered: true, copies: 1, purpose: 'general', purposeDetail: '',
      },
    });
    kase = await ok('POST', `${path(kase)}/devices/scan_original`, { version: kase.version });
    expect(kase.attachments.filter((a) => a.kind === 'scan')).toHaveLength(2);
    kase = await captureAndPay(kase);
    expect(kase.fee!.totalCents).toBeGreaterThan(0);
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.documents.map((d) => d.kind)).toContain('beglaubigungsvermerk');
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
  });

  it('Anmeldung of a person new to the register from Dortmund: Wohnungsgeberbestätigung uploaded, person created, Meldebestätigung, XMeld Rückmeldung delivered, closed', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'anmeldung', personId: null, applicant: { kind: 'self' } });
    const scan = Buffer.from(encodePng({ width: 40, height: 40, channels: 1, pixels: new Uint8Array(1600).fill(230) }));
    const upload = await server.app.inject({
      method: 'POST', url: `${path(kase)}/attachments?kind=wohnungsgeberbestaetigung`, headers: { ...(await as()), 'content-type': 'image/png' }, payload: scan,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    const attachmentId = upload.json<{ id: string }>().id;
    const flat = { street: 'Hauptstraße', houseNumber: '12a', postcode: '44787', city: 'Bochum' };
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        movedIn: '2026-11-25', newAddress: flat, residenceKind: 'haupt', origin: 'inland',
        previousAddress: { street: 'Kampstraße', houseNumber: '45', postcode: '44137', city: 'Dortmund' },
        formerMunicipality: { ags: '05913000', name: 'Stadt Dortmund' },
        newPerson: {
          familyName: 'Nguyễn', givenNames: 'Thị Mai', preferredGivenName: 'Mai', birthDate: '1992-07-14', birthPlace: 'Hà Nội', birthCountry: 'VN',
          sex: 'w', nationalities: 'VN', maritalStatus: 'LD',
        },
        wohnungsgeber: {
          form: 'paper', name: 'Wohnungsbau Ruhr eG', address: { street: 'Kortumstraße', houseNumber: '1', postcode: '44787', city: 'Bochum' },
          moveInDate: '2026-11-25', flatAddress: flat, personsNamed: ['Mai Nguyễn'], attachmentId,
        },
      },
    });
    expect(kase.violations).toEqual([]);
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase).toMatchObject({ state: 'paid', fee: { totalCents: 0 } });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.person).toMatchObject({ familyName: 'Nguyễn' });
    expect(kase.documents.map((d) => d.kind)).toContain('meldebestaetigung');
    expect(kase.messages).toEqual([expect.objectContaining({ kind: 'xmeld_rueckmeldung', recipientName: expect.stringContaining('Dortmund') })]);
    // Not closable before the Rückmeldung is delivered.
    expect((await server.app.inject({ method: 'POST', url: `${path(kase)}/close`, headers: await as(), payload: { version: kase.version } })).statusCode).toBe(422);
    kase = await deliverAll(kase);
    expect(kase.state).toBe('transmitted');
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
    const xml = new TextDecoder().decode(transport.sent.find((file) => file.kind === 'xmeld_rueckmeldung')!.content);
    expect(xml).toContain('Nguyễn');
    expect(xml).toContain('Willy-Brandt-Platz');
    const created = await server.database.db.select({ id: persons.id }).from(persons).where(eq(persons.id, kase.person!.id));
    expect(created).toHaveLength(1);
  });

  it('Befreiung von der Ausweispflicht: certificate issued, closed', async () => {
    let kase = await open('befreiung_ausweispflicht');
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        ground: 'betreuung',
        evidence: { description: 'Betreuerausweis AG Bochum 12 XVII 34/25 eingesehen' },
        decision: { granted: true, reason: 'Betreuung für alle Angelegenheiten, Demenz im fortgeschrittenen Stadium' },
        validFrom: '2026-12-01', validity: 'unlimited',
      },
    });
    kase = await captureAndPay(kase);
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.documents.map((d) => d.kind)).toContain('befreiung_ausweispflicht');
    kase = await ok('POST', `${path(kase)}/close`, { version: kase.version });
    expect(kase.state).toBe('closed');
  });
});
