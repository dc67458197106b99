/**
 * The terminal services, the Führungszeugnis and the Befreiung through the case engine on a real
 * database: open (pre-filled from the register) → device action (simulated terminal; the PIN change
 * through the real AusweisApp adapter against its SDK simulator) → capture
 * (fee frozen) → pay → complete (documents rendered and signed, BZR application in the outbox).
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAusweisAppSimulator } from '../../../devices/ausweisapp/simulator.ts';
import { changeTerminalFromUrl } from '../../../devices/change-terminal-from-url.ts';
import { createChangeTerminalSimulator } from '../../../devices/change-terminal-simulator.ts';
import { createSimulatedDevicePorts } from '../../../devices/simulators.ts';
import { auditEntries } from '../../../audit/schema.ts';
import { issuedDocuments } from '../../../documents/schema.ts';
import { poppler } from '../../../documents/testing.ts';
import { verifyDocument } from '../../../documents/verify-document.ts';
import type { BzrApplicationPayload } from '../../../exchange/messages.ts';
import { outboundMessages } from '../../../exchange/schema.ts';
import type { Principal } from '../../../identity/principal.ts';
import type { Database } from '../../../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../../../platform/db/testing.ts';
import { AppError } from '../../../platform/errors.ts';
import { testContext } from '../../../platform/testing.ts';
import { aPersonRecord, documentNumber } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { persons } from '../../../register/schema.ts';
import { cancelCase } from '../../cancel-case.ts';
import { captureCase } from '../../capture-case.ts';
import { completeCase } from '../../complete-case.ts';
import { openCase } from '../../open-case.ts';
import { recordPayment } from '../../record-payment.ts';
import { runDeviceAction } from '../../run-device-action.ts';
import { caseEvents, serviceCases } from '../../schema.ts';
import { updateCase } from '../../update-case.ts';
import type { Applicant } from '../../workflow.ts';
import { keysOf } from './testing.ts';

const now = new Date('2026-12-01T10:00:00Z');
const card = documentNumber('L', 17);
const teenCard = documentNumber('L', 18);
const validPa = (serialNumber: string) => ({ kind: 'personalausweis' as const, serialNumber, issuingAuthority: 'Stadt Bochum', issuedOn: '2022-05-02', validUntil: '2032-05-01' });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
const violationCodes = (error: AppError) => (error.details?.violations as { code: string }[]).map((v) => v.code);

describe('terminal services, Führungszeugnis and Befreiung end to end', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let clerk: Principal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now });
    clerk = { userId: randomUUID(), municipalityId, username: 'clerk-e2e', displayName: 'Clara Clerk', roles: ['clerk'], sessionId: 's', csrfToken: 'c' };
    await writePersonRecords(ctx, { kind: 'system', name: 'test', municipalityId }, municipalityId, [
      aPersonRecord({ ref: 'anna', documents: [validPa(card)] }),
      aPersonRecord({ ref: 'tim', familyName: 'Tamm', givenNames: ['Tim'], preferredGivenName: null, birthDate: '2011-06-01', documents: [validPa(teenCard)] }),
      aPersonRecord({ ref: 'piotr', familyName: 'Nowak', givenNames: ['Piotr'], preferredGivenName: null, birthDate: '1985-03-03', nationalities: ['PL'], documents: [] }),
      aPersonRecord({ ref: 'bert', familyName: 'Brandt', givenNames: ['Bert'], preferredGivenName: null, birthDate: '1950-01-01', documents: [],
        blocks: [{ kind: 'auskunftssperre', reason: 'Gefährdung', validFrom: '2024-01-01' }] }),
    ]);
    for (const row of await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
  });
  afterAll(async () => {
    await database.close();
  });

  const open = (serviceId: string, personId: string, applicant: Applicant = { kind: 'self' }, data?: Record<string, unknown>) =>
    openCase(ctx, clerk, { serviceId, personId, applicant, ...(data ? { data } : {}) });

  it('address change: terminal failure as a violation, then success, sticker printed, free', async () => {
    ctx.devices = { ...createSimulatedDevicePorts(), changeTerminal: createChangeTerminalSimulator({ now: () => now, script: [{ errorCode: 'CARD_NOT_PRESENT' }] }) };
    try {
      let view = await open('eid_address_change', ids.anna!);
      expect(view.data).toEqual({ documentSerialNumber: card });
      expect(view.notices.map((n) => n.code)).toEqual(['EID_NEW_ADDRESS']);
      view = await runDeviceAction(ctx, clerk, view.id, 'change_address', { version: view.version });
      expect(view.violations.map((v) => [v.code, v.field])).toEqual([['EID_TERMINAL_CARD_NOT_PRESENT', 'terminal']]);
      view = await runDeviceAction(ctx, clerk, view.id, 'change_address', { version: view.version });
      expect(view.data.terminal).toMatchObject({ ok: true, attempts: 2, address: { street: 'Am Stadtpark', wohnortId: '02760591100000' } });
      // The engine's merge deletes what the later answer sets to null: no stale error stays behind.
      expect(view.data.terminal).not.toHaveProperty('errorCode');
      view = await captureCase(ctx, clerk, view.id, { version: view.version });
      expect(view.state).toBe('paid');
      expect(view.fee?.items.map((i) => [i.code, i.amountCents])).toEqual([['pa.address_change', 0]]);
      view = await completeCase(ctx, clerk, view.id, { version: view.version });
      expect(view.state).toBe('completed');
      const sticker = view.documents.find((d) => d.kind === 'address_sticker');
      expect(sticker).toBeDefined();
      const [row] = await database.db.select({ pdf: issuedDocuments.pdf }).from(issuedDocuments).where(eq(issuedDocuments.id, sticker!.id));
      const text = poppler('pdftotext', row!.pdf);
      for (const part of ['AM STADTPARK 3', '44791 BOCHUM', `Ausweisnummer ${card.slice(0, 9)}`]) expect(text).toContain(part);
    } finally {
      delete ctx.devices;
    }
  });

  it('PIN reset: in person only, and no PIN anywhere in the stored case or its history', async () => {
    const proxy = await refusal(open('eid_pin_reset', ids.anna!, { kind: 'authorised_person', name: 'Max Muster', evidence: 'Vollmacht' }));
    expect(proxy.status).toBe(422);

    let view = await open('eid_pin_reset', ids.anna!);
    const notPresent = await refusal(runDeviceAction(ctx, clerk, view.id, 'reset_pin', { version: view.version }));
    expect(notPresent.code).toBe('EID_TERMINAL_PRECONDITION');
    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { holderPresent: true, identityChecked: true } });
    const withPin = await refusal(runDeviceAction(ctx, clerk, view.id, 'reset_pin', { version: view.version, input: { pin: '123456' } }));
    expect(withPin.code).toBe('EID_TERMINAL_INPUT_NOT_ALLOWED');
    view = await runDeviceAction(ctx, clerk, view.id, 'reset_pin', { version: view.version });
    expect(view.data.terminal).toMatchObject({ ok: true, message: 'Neue PIN gesetzt.' });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    expect(view.state).toBe('completed');
    expect(view.fee?.items.map((i) => i.code)).toEqual(['eid.pin_reset']);

    const [stored] = await database.db.select({ data: serviceCases.data }).from(serviceCases).where(eq(serviceCases.id, view.id));
    const history = await database.db.select({ details: caseEvents.details, note: caseEvents.note }).from(caseEvents).where(eq(caseEvents.caseId, view.id));
    for (const key of keysOf([stored!.data, history])) expect(key).not.toMatch(/^(pin|puk|can|newPin)$/i);
    expect(JSON.stringify([stored, history])).not.toContain('123456');
  });

  it('PIN change: the holder changes the PIN he knows on the comfort reader\'s PIN pad (AusweisApp); no PIN in the case, its history, the access log or the logs', async () => {
    const typed = { wrong: '000000', old: '123456', new: '654321' };
    const ausweisApp = await startAusweisAppSimulator({
      readers: [{ name: 'REINER SCT cyberJack RFID komfort', keypad: true, card: { pin: typed.old } }],
      // First the holder mistypes the current PIN; on the second run he types it right, then the new one.
      pad: [{ type: 'type', digits: typed.wrong }, { type: 'type', digits: typed.old }, { type: 'type', digits: typed.new }],
    });
    const logLines: string[] = [];
    const logger = ctx.logger;
    ctx.logger = pino({ level: 'trace' }, new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(chunk.toString()); done(); } }));
    ctx.devices = { ...createSimulatedDevicePorts(), changeTerminal: changeTerminalFromUrl(`ausweisapp://127.0.0.1:${ausweisApp.port}`, { now: () => now }) };
    try {
      let view = await open('eid_pin_reset', ids.anna!);
      expect(view.data).toMatchObject({ variant: 'neusetzung' });
      view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { holderPresent: true, identityChecked: true, variant: 'aenderung' } });
      // AusweisApp cannot do the Neusetzung: that button is not the chosen route anyway.
      expect((await refusal(runDeviceAction(ctx, clerk, view.id, 'reset_pin', { version: view.version }))).code).toBe('EID_TERMINAL_PRECONDITION');
      expect((await refusal(runDeviceAction(ctx, clerk, view.id, 'change_pin', { version: view.version, input: { pin: typed.old } }))).code)
        .toBe('EID_TERMINAL_INPUT_NOT_ALLOWED');

      view = await runDeviceAction(ctx, clerk, view.id, 'change_pin', { version: view.version });
      expect(view.data.terminal).toMatchObject({ ok: false, errorCode: 'WRONG_PIN', retryCounter: 2, variant: 'aenderung', attempts: 1 });
      expect(view.violations.map((v) => v.code)).toEqual(['EID_TERMINAL_WRONG_PIN']);
      expect(view.violations[0]!.message.de).toContain('noch 2 Versuche');
      view = await runDeviceAction(ctx, clerk, view.id, 'change_pin', { version: view.version });
      expect(view.data.terminal).toMatchObject({ ok: true, retryCounter: 3, variant: 'aenderung', attempts: 2 });
      expect(view.data.terminal).not.toHaveProperty('errorCode');
      expect(ausweisApp.card('REINER SCT cyberJack RFID komfort')).toEqual({ pin: typed.new, retryCounter: 3 });
      view = await captureCase(ctx, clerk, view.id, { version: view.version });
      view = await completeCase(ctx, clerk, view.id, { version: view.version });
      expect(view.state).toBe('completed');
      expect(view.fee?.items.map((i) => [i.code, i.amountCents])).toEqual([['eid.pin_reset', 0]]);

      const [stored] = await database.db.select({ data: serviceCases.data }).from(serviceCases).where(eq(serviceCases.id, view.id));
      const history = await database.db.select({ details: caseEvents.details, note: caseEvents.note }).from(caseEvents).where(eq(caseEvents.caseId, view.id));
      expect(history.length).toBeGreaterThan(0);
      for (const key of keysOf([stored!.data, history])) expect(key).not.toMatch(/^(pin|puk|can|newPin|oldPin)$/i);
      const audit = await database.db.select().from(auditEntries);
      expect(audit.length).toBeGreaterThan(0);
      // The path logs nothing at all today (trace level); the check guards whatever it logs later.
      const everything = JSON.stringify([stored, history, view, audit]) + logLines.join('');
      for (const digits of Object.values(typed)) expect(everything).not.toContain(digits);
    } finally {
      ctx.logger = logger;
      delete ctx.devices;
      await ausweisApp.close();
    }
  });

  it('eID activation is refused under 16', async () => {
    let view = await open('eid_activation', ids.tim!);
    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { holderPresent: true, identityChecked: true } });
    expect((await refusal(runDeviceAction(ctx, clerk, view.id, 'activate_eid', { version: view.version }))).code).toBe('EID_TERMINAL_PRECONDITION');
    const capture = await refusal(captureCase(ctx, clerk, view.id, { version: view.version }));
    expect(violationCodes(capture)).toEqual(['EID_ACTIVATION_UNDER_16', 'EID_TERMINAL_NOT_RUN']);
  });

  it('Führungszeugnis type O: 13 € split 2/5 : 3/5, paid, BZR application in the outbox, confirmation printed', async () => {
    let view = await open('fuehrungszeugnis', ids.anna!);
    expect(view.data).toMatchObject({ type: 'N', identity: { source: 'register', serialNumber: card } });
    view = await updateCase(ctx, clerk, view.id, {
      version: view.version,
      data: { type: 'O', recipientAuthority: { name: 'Stadt Bochum – Personalamt', address: 'Willy-Brandt-Platz 2, 44777 Bochum', reference: 'P 11/2026-417' }, inspectionCourt: 'Amtsgericht Bochum' },
    });
    expect(view.notices.find((n) => n.code === 'FZ_INSPECTION_HINT')?.acknowledgeField).toBe('inspectionHintAcknowledged');
    expect(violationCodes(await refusal(captureCase(ctx, clerk, view.id, { version: view.version })))).toEqual(['FZ_INSPECTION_HINT_NOT_ACKNOWLEDGED']);
    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { inspectionHintAcknowledged: true } });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect(view.fee).toMatchObject({ totalCents: 1300, split: { municipalityCents: 520, federalCents: 780 } });
    view = await recordPayment(ctx, clerk, view.id, { method: 'cash', amountCents: 1300 });
    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    expect(view.messages.map((m) => m.kind)).toEqual(['bzr_application']);
    const [message] = await database.db.select({ payload: outboundMessages.payload }).from(outboundMessages).where(eq(outboundMessages.caseId, view.id));
    const payload = message!.payload as BzrApplicationPayload;
    expect(payload).toMatchObject({
      caseNumber: view.number, certificate: { type: 'O', extended: false, european: false }, inspectionCourt: 'Amtsgericht Bochum',
      recipientAuthority: { reference: 'P 11/2026-417' }, identityDocument: { kind: 'personalausweis', serialNumber: card },
      fee: { totalCents: 1300, municipalityCents: 520, federalCents: 780, waived: false }, person: { personId: ids.anna, familyName: 'Kowalski' },
    });
    const confirmation = view.documents.find((d) => d.kind === 'fuehrungszeugnis_antrag');
    const [row] = await database.db.select({ pdf: issuedDocuments.pdf }).from(issuedDocuments).where(eq(issuedDocuments.id, confirmation!.id));
    const text = poppler('pdftotext', row!.pdf);
    for (const part of ['Belegart O', 'P 11/2026-417', 'Amtsgericht Bochum', '13,00']) expect(text).toContain(part);
  });

  it('Führungszeugnis: no Bevollmächtigte; europäisch only for the EU national', async () => {
    // The engine lets a Vollmacht open the case (ID documents allow it); BZRG § 30 does not.
    const proxy = await open('fuehrungszeugnis', ids.piotr!, { kind: 'authorised_person', name: 'Max Muster', evidence: 'Vollmacht vom 01.11.2026' });
    expect(proxy.violations.map((v) => v.code)).toContain('FZ_NO_PROXY');
    expect(violationCodes(await refusal(captureCase(ctx, clerk, proxy.id, { version: proxy.version })))).toContain('FZ_NO_PROXY');
    await cancelCase(ctx, clerk, proxy.id, { version: proxy.version, reason: 'Keine Vertretung beim Führungszeugnis' });
    let view = await open('fuehrungszeugnis', ids.piotr!, { kind: 'self' }, {
      european: true, identity: { source: 'other', serialNumber: 'ZS1234567', kind: 'reisepass_ausland', issuingCountry: 'PL', validUntil: '2030-01-01' },
      feeWaiver: { requested: true, reason: 'Bürgergeld-Bescheid vom 02.10.2026 vorgelegt' },
    });
    expect(view.violations).toEqual([]);
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect(view).toMatchObject({ state: 'paid', fee: { totalCents: 0, waived: { kind: 'beduerftigkeit' } } });
    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    const [message] = await database.db.select({ payload: outboundMessages.payload }).from(outboundMessages).where(eq(outboundMessages.caseId, view.id));
    expect((message!.payload as BzrApplicationPayload)).toMatchObject({ certificate: { european: true }, fee: { totalCents: 0, waived: true } });

    const german = await open('fuehrungszeugnis', ids.bert!, { kind: 'self' }, {
      european: true, identity: { source: 'other', serialNumber: 'T22000129', kind: 'personalausweis_anderer_behoerde', issuingCountry: 'DE', validUntil: '2030-01-01' },
    });
    expect(german.violations.map((v) => v.code)).toEqual(['FZ_EUROPEAN_NOT_EU_NATIONAL']);
  });

  it('Befreiung: certificate verifiable, without health details, without the blocked address', async () => {
    let view = await open('befreiung_ausweispflicht', ids.bert!, { kind: 'self' }, {
      ground: 'behinderung', evidence: { description: 'Attest Dr. Weiß: Morbus Parkinson, bettlägerig' },
      decision: { granted: true, reason: 'Attest belegt dauerhafte Bettlägerigkeit' },
    });
    expect(view.violations).toEqual([]);
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect(view.state).toBe('paid');
    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    const certificate = view.documents.find((d) => d.kind === 'befreiung_ausweispflicht');
    expect(certificate?.code).toEqual(expect.any(String));
    const [row] = await database.db.select({ pdf: issuedDocuments.pdf }).from(issuedDocuments).where(eq(issuedDocuments.id, certificate!.id));
    const text = poppler('pdftotext', row!.pdf);
    for (const part of ['Befreiung von der Ausweispflicht', 'Brandt', '01.01.1950', '§ 1 Abs. 3 Nr. 3 PAuswG', 'unbefristet']) expect(text).toContain(part);
    for (const secret of ['Parkinson', 'bettlägerig', 'Attest', 'Am Stadtpark', '44791']) expect(text).not.toContain(secret);
    const verified = await verifyDocument(database.db, { code: certificate!.code! });
    expect(verified.status).toBe('genuine');
    expect(JSON.stringify(verified.document?.certifies)).not.toMatch(/Parkinson|Am Stadtpark/);
    expect(verified.document?.certifies).toContainEqual({ label: 'Rechtsgrundlage', value: '§ 1 Abs. 3 Nr. 3 PAuswG (dauerhafte Einschränkung der Bewegung in der Öffentlichkeit)' });
  });
});
