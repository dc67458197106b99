/*
 * The ID document workflows end to end through the case engine's HTTP API, with the simulators
 * behind the device ports: open → identity → photo → fingerprints (index fails three times →
 * thumb) → signature upload → capture (fee, summary, PIN-letter receipt) → pay → complete (ID
 * order in the outbox, document recorded) → deliver → hand-over (fingerprints deleted, old card
 * invalidated). The vorläufiger Personalausweis is completed on the spot without an order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCameraSimulator } from '../../../devices/camera-simulator.ts';
import { createFingerprintSimulator } from '../../../devices/fingerprint-simulator.ts';
import { createPhotoCodeSimulator } from '../../../devices/photo-code-simulator.ts';
import { encodePng } from '../../../devices/png.ts';
import { createScannerSimulator } from '../../../devices/scanner-simulator.ts';
import { createPrinterSimulator } from '../../../devices/printer-simulator.ts';
import { createChangeTerminalSimulator } from '../../../devices/change-terminal-simulator.ts';
import { deliverMessage } from '../../../exchange/outbox.ts';
import { RecordingTransport } from '../../../exchange/testing.ts';
import { hasValidIcaoCheckDigit } from '../../../exchange/icao.ts';
import { createTestUser, testSessionHeaders } from '../../../identity/testing.ts';
import { startTestServer, type TestServer } from '../../../platform/http/testing.ts';
import { aPersonRecord } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { idDocuments, persons } from '../../../register/schema.ts';
import type { CaseView } from '../../case-view.types.ts';
import { caseApi } from '../testing.ts';
import { serial } from './testing.ts';

const now = new Date('2026-03-02T10:00:00Z');
const oldCard = serial('L01X00T47');

describe('ID documents through the API', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  let user: { id: string };
  const transport = new RecordingTransport();

  beforeAll(async () => {
    server = await startTestServer({ now });
    const clock = () => now;
    server.ctx.devices = {
      camera: createCameraSimulator({ now: clock }),
      photoCodes: createPhotoCodeSimulator({ now: clock }),
      fingerprints: createFingerprintSimulator({ now: clock, qualities: { left_index: [12, 18, 25], left_thumb: [44], right_index: [57] } }),
      changeTerminal: createChangeTerminalSimulator(),
      scanner: createScannerSimulator(),
      printer: createPrinterSimulator({ now: clock }),
      payment: { pay: () => Promise.reject(new Error('not used')), abort: () => Promise.resolve(), health: () => Promise.reject(new Error('not used')) },
    };
    user = await createTestUser(server.ctx, server.municipalityId, { roles: ['clerk'] });
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({
        ref: 'hildegard', familyName: 'Krüger', birthName: 'Lehmann', givenNames: ['Hildegard', 'Maria'], preferredGivenName: 0, birthDate: '1938-04-12',
        birthPlace: 'Bochum', nationalities: ['DE'],
        residences: [{ address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' }, kind: 'haupt', movedIn: '2025-12-01', registeredOn: '2025-12-03' }],
        documents: [{ kind: 'personalausweis', serialNumber: oldCard, issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-04', validUntil: '2026-05-03' }],
      }),
      aPersonRecord({
        ref: 'mia', familyName: 'Yılmaz', givenNames: ['Mia'], birthDate: '2021-05-10', birthPlace: 'Bochum', nationalities: ['DE', 'TR'],
        residences: [{ address: { street: 'Hattinger Str.', houseNumber: '12', postcode: '44789', city: 'Bochum', ags: '05911000' }, kind: 'haupt', movedIn: '2021-05-20', registeredOn: '2021-05-21' }],
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
  async function refused(method: 'POST', url: string, payload: Record<string, unknown>): Promise<{ code: string }> {
    const response = await server.app.inject({ method, url, headers: await as(), payload });
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    return response.json<{ error: { code: string } }>().error;
  }
  const device = (kase: CaseView, action: string, input: Record<string, unknown> = {}) => ok('POST', `${path(kase)}/devices/${action}`, { version: kase.version, input });

  async function sign(kase: CaseView): Promise<CaseView> {
    const png = encodePng({ width: 60, height: 20, channels: 1, pixels: new Uint8Array(1200).fill(200) });
    const response = await server.app.inject({
      method: 'POST', url: `${path(kase)}/attachments?kind=signature`, headers: { ...(await as()), 'content-type': 'image/png' }, payload: Buffer.from(png),
    });
    expect(response.statusCode, response.body).toBe(200);
    const attachment = response.json<{ id: string }>();
    const current = await ok('GET', path(kase));
    return ok('PATCH', path(kase), { version: current.version, data: { signature: attachment.id } });
  }

  it('Personalausweis: capture with fallback finger, 52 € with the photo surcharge, ID order, hand-over deletes the fingerprints', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'personalausweis', personId: ids.hildegard!, applicant: { kind: 'self' } });
    expect(kase.data).toMatchObject({ identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCard }, delivery: { kind: 'pickup' } });
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        appearance: { inPerson: true },
        identity: { dataMatchRegister: true, personMatchesDocument: true },
        heightCm: 162, eyeColour: 'graugrün', eidInformationGiven: true,
      },
    });
    kase = await device(kase, 'take_photo');
    expect(kase.attachments.filter((a) => a.kind === 'photo')).toHaveLength(1);
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { photo: { officerDecision: 'accepted' } } });

    for (let i = 0; i < 3; i += 1) kase = await device(kase, 'capture_fingerprint', { finger: 'left_index' });
    expect((await refused('POST', `${path(kase)}/devices/capture_fingerprint`, { version: kase.version, input: { finger: 'left_index' } })).code).toBe('FINGERPRINT_CAPTURE_REFUSED');
    kase = await device(kase, 'capture_fingerprint');
    kase = await device(kase, 'capture_fingerprint');
    kase = await sign(kase);
    expect(kase.violations).toEqual([]);

    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase.fee).toMatchObject({ totalCents: 5200 });
    expect(kase.documents.map((d) => d.kind)).toEqual(expect.arrayContaining(['antragsuebersicht', 'pin_letter_receipt']));
    kase = await ok('POST', `${path(kase)}/payments`, { method: 'card', amountCents: 5200, cardReference: 'ZVT-4711' });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.messages).toEqual([expect.objectContaining({ kind: 'id_order' })]);
    const order = kase.data.order as { serialNumber: string; validUntil: string };
    expect(hasValidIcaoCheckDigit(order.serialNumber)).toBe(true);
    expect(order.validUntil).toBe('2036-03-01');

    // Still in production: the register does not show the new card yet.
    expect(await server.database.db.select({ serialNumber: idDocuments.serialNumber }).from(idDocuments)).toEqual([{ serialNumber: oldCard }]);
    for (const message of kase.messages) {
      expect(await deliverMessage(server.ctx, message.id, { transport })).toMatchObject({ outcome: 'delivered' });
    }
    const sent = new TextDecoder().decode(transport.sent.find((file) => file.kind === 'id_order')!.content);
    expect(sent).toContain(order.serialNumber);

    kase = await ok('GET', path(kase));
    kase = await ok('POST', `${path(kase)}/hand-over`, {
      version: kase.version,
      input: { handedOverOn: '2026-03-02', handedOverTime: '11:30', receivedBy: 'holder', oldDocumentOutcome: 'invalidated_returned' },
    });
    expect(kase.state).toBe('handed_over');
    expect(kase.attachments.filter((a) => a.kind === 'fingerprint').every((a) => a.deleted)).toBe(true);
    expect(kase.attachments.filter((a) => a.kind === 'fingerprint')).toHaveLength(5);
    expect(kase.documents.map((d) => d.kind)).toContain('handover_record');
    const cards = await server.database.db.select({ serialNumber: idDocuments.serialNumber, status: idDocuments.status }).from(idDocuments);
    expect(cards).toEqual(expect.arrayContaining([{ serialNumber: oldCard, status: 'invalidated' }, { serialNumber: order.serialNumber, status: 'valid' }]));
  });

  it('Reisepass for a child under 6: no fingerprints, no signature, photo by code, 48 pages, express, by post', async () => {
    let kase = await ok('POST', '/api/cases', {
      serviceId: 'reisepass', personId: ids.mia!, applicant: { kind: 'parent', name: 'Ayşe Yılmaz', evidence: 'Geburtsurkunde, Personalausweis der Mutter' },
    });
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        appearance: { inPerson: true }, identity: { presentedDocumentKind: 'none', otherEvidence: 'Geburtsurkunde vorgelegt', dataMatchRegister: true },
        photoCode: 'AB12-CD34-EF56', heightCm: 104, eyeColour: 'braun',
        passport: { pages: '48', express: true }, delivery: { kind: 'postal' },
      },
    });
    kase = await device(kase, 'fetch_photo_code');
    kase = await ok('PATCH', path(kase), { version: kase.version, data: { photo: { officerDecision: 'accepted' } } });
    expect(kase.violations).toEqual([]);
    expect(kase.notices.map((n) => n.code)).toEqual(expect.arrayContaining(['NO_FINGERPRINTS_UNDER_SIX', 'NO_SIGNATURE_UNDER_10']));
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    // 37,50 € (under 24) + 22 € (48 pages) + 32 € (express) + 15 € (post); the provider's photo costs no surcharge.
    expect(kase.fee).toMatchObject({ totalCents: 10650 });
    kase = await ok('POST', `${path(kase)}/payments`, { method: 'cash', amountCents: 10650 });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.data.order).toMatchObject({ validUntil: '2032-03-01', eIdEnabled: false, pinLetter: false });
    for (const message of kase.messages) {
      expect(await deliverMessage(server.ctx, message.id, { transport })).toMatchObject({ outcome: 'delivered' });
    }
    const xml = new TextDecoder().decode(transport.sent.filter((file) => file.kind === 'id_order').at(-1)!.content);
    expect(xml).toContain('Yılmaz');
    expect(xml).toContain('reisepass48Seiten="true"');
  });

  it('vorläufiger Personalausweis: made on the spot with the blank\'s number, no ID order', async () => {
    let kase = await ok('POST', '/api/cases', { serviceId: 'vorlaeufiger_personalausweis', personId: ids.hildegard!, applicant: { kind: 'self' } });
    kase = await ok('PATCH', path(kase), {
      version: kase.version,
      data: {
        appearance: { inPerson: true }, identity: { presentedDocumentKind: 'none', otherEvidence: 'Abgleich mit Registerdaten und Geburtsurkunde', dataMatchRegister: true },
        paperPhoto: { provided: true, takenBy: 'Foto Nord, Bochum' }, heightCm: 162, eyeColour: 'blau',
        provisional: { serialNumber: serial('CF4711235') },
      },
    });
    kase = await sign(kase);
    expect(kase.violations).toEqual([]);
    kase = await ok('POST', `${path(kase)}/capture`, { version: kase.version });
    expect(kase.fee).toMatchObject({ totalCents: 1000 });
    kase = await ok('POST', `${path(kase)}/payments`, { method: 'cash', amountCents: 1000 });
    kase = await ok('POST', `${path(kase)}/complete`, { version: kase.version });
    expect(kase.messages).toEqual([]);
    expect(kase.data.order).toMatchObject({ serialNumber: serial('CF4711235'), validUntil: '2026-06-01' });
  });
});
