// Card payment at the bedside through the API, against the ZVT terminal simulator on a free
// loopback port (the real ZVT client in front): only an approval is recorded, with the terminal's
// receipt number as cardReference; a decline and a connection lost mid-payment record nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedDevicePorts } from '../devices/simulators.ts';
import { createZvtTerminal } from '../devices/zvt/client.ts';
import { startZvtSimulator, type ZvtSimulator } from '../devices/zvt/simulator.ts';
import { poppler } from '../documents/testing.ts';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import { startTestServer, type TestServer } from '../platform/http/testing.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons } from '../register/schema.ts';
import { CaseRecorder } from '../kit/case-recorder.ts';
import { KitOutbox } from '../kit/kit-outbox.ts';
import { newDataKey } from '../kit/vault.ts';
import type { CaseView } from './case-view.types.ts';
import type { CardPaymentReceipt } from './pay-by-card.ts';

const now = new Date('2026-11-05T10:00:00Z');

describe('POST /api/cases/:id/payments/card', () => {
  let server: TestServer;
  let simulator: ZvtSimulator;
  let officer: { id: string };
  const personIds: Record<string, string> = {};

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => {
    const response = await server.app.inject({
      method, url, headers: await testSessionHeaders(server.ctx, officer, server.municipalityId), ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; details: Record<string, unknown> };

  beforeAll(async () => {
    server = await startTestServer({ now });
    simulator = await startZvtSimulator({ terminalId: '29001234' });
    server.ctx.devices = {
      ...createSimulatedDevicePorts(),
      payment: createZvtTerminal({ host: simulator.host, port: simulator.port, dialogueTimeoutMs: 2_000, ackTimeoutMs: 1_000 }),
    };
    officer = await createTestUser(server.ctx, server.municipalityId, { roles: ['field_officer'] });
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({ ref: 'erna' }), aPersonRecord({ ref: 'otto', familyName: 'Nowak', givenNames: ['Otto'], documents: [] }),
      aPersonRecord({ ref: 'ida', familyName: 'Ihle', givenNames: ['Ida'], documents: [] }),
      aPersonRecord({ ref: 'udo', familyName: 'Ulm', givenNames: ['Udo'], documents: [] }),
      aPersonRecord({ ref: 'karl', familyName: 'Kraus', givenNames: ['Karl'], documents: [] }),
      aPersonRecord({ ref: 'kim', familyName: 'Kern', givenNames: ['Kim'], documents: [] }),
    ]);
    for (const row of await server.database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) personIds[row.ref] = row.id;
  });
  afterAll(async () => {
    await simulator?.close();
    await server?.app.close();
    await server?.database.close();
  });

  /** A Meldebescheinigung for the person, captured: a fee is outstanding. */
  const capturedCase = async (personId: string) => {
    let kase = (await call('POST', '/api/cases', { serviceId: 'meldebescheinigung', personId, applicant: { kind: 'self' } })).body as unknown as CaseView;
    kase = (await call('PATCH', `/api/cases/${kase.id}`, {
      version: kase.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' },
    })).body as unknown as CaseView;
    const captured = await call('POST', `/api/cases/${kase.id}/capture`, { version: kase.version });
    expect(captured.status, JSON.stringify(captured.body).slice(0, 400)).toBe(200);
    kase = captured.body as unknown as CaseView;
    expect(kase.state).toBe('captured');
    return kase;
  };

  /** The text of the case's Quittung as printed (its stored PDF through the documents API, pdftotext). */
  const receiptText = async (kase: CaseView) => {
    const document = kase.documents.find((d) => d.kind === 'fee_receipt');
    expect(document).toBeDefined();
    const response = await server.app.inject({
      method: 'GET', url: `/api/documents/${document!.id}/pdf`, headers: await testSessionHeaders(server.ctx, officer, server.municipalityId),
    });
    expect(response.statusCode).toBe(200);
    return poppler('pdftotext', response.rawPayload).normalize('NFC');
  };
  const printedLines = (text: string) => text.split('\n').map((line) => line.trim());

  it('records nothing on a decline or a lost connection, and the approval with the terminal\'s receipt number', async () => {
    const kase = await capturedCase(personIds.erna!);
    const path = `/api/cases/${kase.id}`;
    const outstanding = kase.outstandingCents;
    expect(outstanding).toBeGreaterThan(0);

    // A stale version charges nothing.
    const stale = await call('POST', `${path}/payments/card`, { version: kase.version - 1 });
    expect([stale.status, errorOf(stale.body).code]).toEqual([409, 'CASE_VERSION_CONFLICT']);
    expect(simulator.transactions).toHaveLength(0);

    simulator.enqueue({ outcome: 'decline', resultCode: 0x05 });
    const declined = await call('POST', `${path}/payments/card`, { version: kase.version });
    expect(declined.status).toBe(409);
    expect(errorOf(declined.body)).toMatchObject({ code: 'PAYMENT_NOT_APPROVED', details: { outcome: 'declined', amountCents: outstanding } });
    expect(errorOf(declined.body).message).toMatch(/Nichts eingetragen/);
    expect(errorOf(declined.body).details.messageEn).toMatch(/Nothing recorded/);

    simulator.enqueue({ outcome: 'drop', at: 'after-pin' });
    const lost = await call('POST', `${path}/payments/card`, { version: kase.version });
    expect(lost.status).toBe(409);
    expect(errorOf(lost.body)).toMatchObject({ code: 'PAYMENT_RESULT_UNKNOWN', details: { outcome: 'unknown' } });
    expect(errorOf(lost.body).message).toMatch(/letzten Beleg/);

    let after = (await call('GET', path)).body as unknown as CaseView;
    expect(after).toMatchObject({ state: 'captured', payments: [], outstandingCents: outstanding, version: kase.version });

    simulator.enqueue({ outcome: 'approve' });
    const approved = await call('POST', `${path}/payments/card`, { version: kase.version });
    expect(approved.status, JSON.stringify(approved.body).slice(0, 400)).toBe(200);
    const { case: paid, payment } = approved.body as unknown as { case: CaseView; payment: CardPaymentReceipt };
    const charged = simulator.transactions.at(-1)!;
    expect(simulator.transactions.map((t) => [t.outcome, t.amountCents])).toEqual([['decline', outstanding], ['drop', outstanding], ['approve', outstanding]]);
    expect(charged.receiptNumber).toBeTruthy();
    expect(payment).toMatchObject({ outcome: 'approved', amountCents: outstanding, receiptNumber: charged.receiptNumber, terminalId: '29001234' });
    expect(payment.receiptLines.length).toBeGreaterThan(0);
    expect(paid).toMatchObject({ state: 'paid', outstandingCents: 0, payments: [{ method: 'card', amountCents: outstanding, cardReference: charged.receiptNumber }] });
    after = (await call('GET', path)).body as unknown as CaseView;
    expect(after.payments).toHaveLength(1);
    expect(after.documents.map((d) => d.kind)).toContain('fee_receipt');

    // Paid: nothing left to charge, and the terminal is not asked.
    const again = await call('POST', `${path}/payments/card`, {});
    expect([again.status, errorOf(again.body).code]).toEqual([422, 'CASE_VIOLATIONS']);
    expect(simulator.transactions).toHaveLength(3);
  });

  it('on the kit, goes through the capture recorder: the card payment becomes a case.paid event with the terminal\'s receipt number', async () => {
    const outbox = new KitOutbox(server.database.db, newDataKey());
    const receipts = ['Q-2026-900001'];
    const recorder = new CaseRecorder(server.ctx, outbox, { take: (_db, series) => Promise.resolve(series === 'receipt' ? receipts.shift() ?? '' : '') }, {
      basisOf: () => 'digest',
    });
    const kase = await capturedCase(personIds.otto!);
    server.ctx.caseCommands = recorder;
    try {
      simulator.enqueue({ outcome: 'decline' });
      expect((await call('POST', `/api/cases/${kase.id}/payments/card`, { version: kase.version })).status).toBe(409);
      expect(await outbox.all()).toEqual([]);
      simulator.enqueue({ outcome: 'approve' });
      const approved = await call('POST', `/api/cases/${kase.id}/payments/card`, { version: kase.version });
      expect(approved.status, JSON.stringify(approved.body).slice(0, 400)).toBe(200);
      const { case: paid, payment } = approved.body as unknown as { case: CaseView; payment: CardPaymentReceipt };
      expect(payment.receiptNumber).toBe(simulator.transactions.at(-1)!.receiptNumber);
      expect(paid).toMatchObject({ state: 'paid', payments: [{ method: 'card', receiptNumber: 'Q-2026-900001', cardReference: payment.receiptNumber }] });
      // The Quittung the kit printed carries the terminal's slip.
      expect(printedLines(await receiptText(paid))).toContain(`Beleg-Nr. ${payment.receiptNumber ?? ''}`);
      const events = (await outbox.all()).map((entry) => entry.event);
      expect(events).toEqual([expect.objectContaining({
        kind: 'case.paid', streamId: kase.id, officerId: officer.id,
        payload: {
          caseId: kase.id, method: 'card', amountCents: kase.outstandingCents, cardReference: payment.receiptNumber, receiptNumber: 'Q-2026-900001',
          // The receipt the kit printed travels with the event (its PDF as an upload).
          documents: [expect.objectContaining({ kind: 'fee_receipt', code: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })],
        },
      })]);
    } finally {
      delete server.ctx.caseCommands;
    }
  });

  it('shows what the terminal shows while the payment runs, and refuses a second payment meanwhile', async () => {
    const slow = await startZvtSimulator({ stepDelayMs: 300 });
    const devices = server.ctx.devices!;
    server.ctx.devices = { ...devices, payment: createZvtTerminal({ host: slow.host, port: slow.port, dialogueTimeoutMs: 5_000 }) };
    try {
      const kase = await capturedCase(personIds.ida!);
      const status = `/api/cases/${kase.id}/payments/card`;
      expect((await call('GET', status)).body).toEqual({ running: false, status: null });
      const paying = call('POST', status, { version: kase.version });
      const seen: string[] = [];
      for (let i = 0; i < 100 && seen.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const answer = (await call('GET', status)).body as { running: boolean; status: { text: string; textEn: string } | null };
        if (answer.running && answer.status) seen.push(answer.status.text);
      }
      expect(seen[0]).toEqual(expect.any(String));
      const second = await call('POST', status, { version: kase.version });
      expect([second.status, errorOf(second.body).code]).toEqual([409, 'PAYMENT_RUNNING']);
      const done = await paying;
      expect(done.status).toBe(200);
      expect((done.body.payment as CardPaymentReceipt).statuses.map((s) => s.text)).toContain(seen[0]);
      expect(slow.transactions).toHaveLength(1);
      expect((await call('GET', status)).body).toEqual({ running: false, status: null });
    } finally {
      server.ctx.devices = devices;
      await slow.close();
    }
  });

  it('aborts a payment waiting for the card at the officer\'s request: nothing booked', async () => {
    const kase = await capturedCase(personIds.udo!);
    const path = `/api/cases/${kase.id}/payments/card`;
    expect((await call('POST', `${path}/abort`)).body).toEqual({ requested: false });
    simulator.enqueue({ outcome: 'wait-for-card' });
    const paying = call('POST', path, { version: kase.version });
    for (let i = 0; i < 100 && !((await call('GET', path)).body as { status: unknown }).status; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await call('POST', `${path}/abort`)).body).toEqual({ requested: true });
    const aborted = await paying;
    expect(aborted.status).toBe(409);
    expect(errorOf(aborted.body)).toMatchObject({ code: 'PAYMENT_NOT_APPROVED', details: { outcome: 'aborted' } });
    expect(simulator.transactions.at(-1)).toMatchObject({ outcome: 'wait-for-card', abortedByEcr: true });
    expect((await call('GET', `/api/cases/${kase.id}`)).body).toMatchObject({ state: 'captured', payments: [] });
  });

  it('prints the terminal\'s slip on the Quittung of a card payment; a cash Quittung stays without one', async () => {
    const kase = await capturedCase(personIds.karl!);
    simulator.enqueue({ outcome: 'approve' });
    const approved = await call('POST', `/api/cases/${kase.id}/payments/card`, { version: kase.version });
    expect(approved.status, JSON.stringify(approved.body).slice(0, 400)).toBe(200);
    const { case: paid, payment } = approved.body as unknown as { case: CaseView; payment: CardPaymentReceipt };
    expect(payment.receiptLines).toContain(`Beleg-Nr. ${payment.receiptNumber ?? ''}`);
    const text = await receiptText(paid);
    expect(text).toContain('Kartenzahlung – Terminalbeleg');
    const printed = printedLines(text);
    for (const line of payment.receiptLines.filter((l) => l.trim() !== '')) expect(printed).toContain(line.trim());

    const cash = await capturedCase(personIds.kim!);
    const paidCash = await call('POST', `/api/cases/${cash.id}/payments`, { method: 'cash', amountCents: cash.outstandingCents, version: cash.version });
    expect(paidCash.status, JSON.stringify(paidCash.body).slice(0, 400)).toBe(200);
    const cashText = await receiptText(paidCash.body as unknown as CaseView);
    expect(cashText).toContain('bar');
    expect(cashText).not.toContain('Terminalbeleg');
  });
});
