import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../audit/schema.ts';
import { deliverMessage } from '../exchange/outbox.ts';
import { outboundMessages } from '../exchange/schema.ts';
import { RecordingTransport } from '../exchange/testing.ts';
import type { Role } from '../identity/policies.ts';
import type { Principal } from '../identity/principal.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { AppError } from '../platform/errors.ts';
import { testContext } from '../platform/testing.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { idDocuments, persons, residences } from '../register/schema.ts';
import { cancelCase } from './cancel-case.ts';
import { captureCase } from './capture-case.ts';
import type { CaseView } from './case-view.types.ts';
import { closeCase } from './close-case.ts';
import { completeCase } from './complete-case.ts';
import { getAttachment } from './get-attachment.ts';
import { getCase } from './get-case.ts';
import { handOverCase } from './hand-over-case.ts';
import { listCases, listReviewCases } from './list-cases.ts';
import { allocateSerialNumber } from './numbers.ts';
import { openCase } from './open-case.ts';
import { recordPayment } from './record-payment.ts';
import { reviewCase } from './review-case.ts';
import { runDeviceAction } from './run-device-action.ts';
import { caseAttachments, serviceCases } from './schema.ts';
import { createTestWorkflow, installTestWorkflows } from './testing/test-workflow.ts';
import { updateCase } from './update-case.ts';
import { workflows } from './workflows/index.ts';
import { uploadAttachment } from './upload-attachment.ts';

const now = new Date('2026-11-05T10:00:00Z');
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
function violationCodes(error: AppError): string[] {
  expect(error.code).toBe('CASE_VIOLATIONS');
  expect(error.status).toBe(422);
  return (error.details?.violations as { code: string }[]).map((v) => v.code);
}

describe('case engine (use cases with a test workflow)', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let restore: () => void;
  const ids: Record<string, string> = {};
  let n = 0;
  const staff = (roles: Role[]): Principal => ({
    userId: randomUUID(), municipalityId, username: `${roles.join('+')}-${(n += 1)}`, displayName: `Test ${roles.join('+')}`, roles, sessionId: 's', csrfToken: 'c',
  });
  let clerk: Principal;
  let officer: Principal;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now });
    clerk = staff(['clerk']);
    officer = staff(['field_officer']);
    await writePersonRecords(ctx, { kind: 'system', name: 'test', municipalityId }, municipalityId, [
      aPersonRecord({ ref: 'anna' }),
      aPersonRecord({ ref: 'bert', familyName: 'Brandt', givenNames: ['Bert'], preferredGivenName: null, documents: [],
        blocks: [{ kind: 'auskunftssperre', reason: 'Gefährdung', validFrom: '2024-01-01' }] }),
      aPersonRecord({ ref: 'clara', familyName: 'Conrad', givenNames: ['Clara'], preferredGivenName: null, documents: [], birthDate: '1980-02-03' }),
      aPersonRecord({ ref: 'dora', familyName: 'Dorn', givenNames: ['Dora'], preferredGivenName: null, documents: [], birthDate: '1970-01-01' }),
    ]);
    for (const row of await database.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) ids[row.ref] = row.id;
    restore = installTestWorkflows({
      personalausweis: createTestWorkflow('personalausweis', { handOver: true, message: true }),
      lebensbescheinigung: createTestWorkflow('lebensbescheinigung'),
      meldebescheinigung: createTestWorkflow('meldebescheinigung', { requirePhoto: true }),
      anmeldung: createTestWorkflow('anmeldung'),
      fuehrungszeugnis: createTestWorkflow('fuehrungszeugnis', { message: true }),
    });
  });
  afterAll(async () => {
    restore();
    await database.close();
  });

  const open = (serviceId: string, personId: string | null, actor = clerk, data?: Record<string, unknown>) =>
    openCase(ctx, actor, { serviceId, personId, applicant: { kind: 'self' }, ...(data ? { data } : {}) });

  it('runs the whole path: draft → captured → paid → completed → transmitted → handed over', async () => {
    let view: CaseView = await open('personalausweis', ids.anna!);
    expect(view).toMatchObject({ state: 'draft', number: '2026-000001', person: { id: ids.anna, familyName: 'Kowalski' }, data: { purpose: 'für Kowalski' } });
    expect(view.allowedActions).toEqual(['update', 'capture', 'cancel', 'review']);
    expect(view.notices.map((x) => x.code)).toEqual(['TEST_HINT']);
    // The live quote while draft: 46 € (24 and older), no photo yet.
    expect(view.fee?.totalCents).toBe(4600);

    view = await runDeviceAction(ctx, clerk, view.id, 'photo', { version: view.version });
    const photo = view.attachments.find((a) => a.kind === 'photo');
    expect(photo).toBeDefined();
    expect(view.data.photo).toEqual({ attachmentId: photo!.id, takenBy: expect.any(String) });
    view = await runDeviceAction(ctx, clerk, view.id, 'fingerprints', { version: view.version });
    const prints = view.attachments.filter((a) => a.kind === 'fingerprint');
    expect(prints).toHaveLength(2);
    expect((view.data.fingerprints as { attachmentId: string }[]).map((p) => p.attachmentId)).toEqual(prints.map((p) => p.id));
    const [stored] = await database.db.select().from(caseAttachments).where(eq(caseAttachments.id, prints[0]!.id));
    expect(stored).toMatchObject({ biometric: true, size: stored!.content!.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const notYet = await refusal(captureCase(ctx, clerk, view.id, { version: view.version }));
    expect(violationCodes(notYet)).toEqual(['HINT_NOT_ACKNOWLEDGED']);

    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { hintAcknowledged: true } });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect(view.state).toBe('captured');
    expect(view.fee).toMatchObject({ totalCents: 5200, serviceId: 'personalausweis' });
    expect(view.fee?.items.map((i) => i.amountCents)).toEqual([4600, 600]);
    expect(view.documents.map((d) => d.kind)).toEqual(['antragsuebersicht']);
    const [row] = await database.db.select().from(serviceCases).where(eq(serviceCases.id, view.id));
    expect(row!.reservedSerialNumber).toMatch(/^[0-9A-Z]{4}[0-9CFGHJKLMNPRTVWXYZ]{5}$/);
    expect(view.outstandingCents).toBe(5200);
    expect(view.allowedActions).toEqual(['update', 'pay', 'cancel', 'review']);

    const noReference = await refusal(recordPayment(ctx, clerk, view.id, { method: 'card', amountCents: 3200 }));
    expect(violationCodes(noReference)).toEqual(['PAYMENT_CARD_REFERENCE_MISSING']);
    const tooMuch = await refusal(recordPayment(ctx, clerk, view.id, { method: 'cash', amountCents: 9900 }));
    expect(violationCodes(tooMuch)).toEqual(['PAYMENT_EXCEEDS_OUTSTANDING']);
    view = await recordPayment(ctx, clerk, view.id, { method: 'cash', amountCents: 2000 });
    expect(view).toMatchObject({ state: 'captured', paidCents: 2000, outstandingCents: 3200 });
    view = await recordPayment(ctx, clerk, view.id, { method: 'card', amountCents: 3200, cardReference: 'TRM-0815' });
    expect(view).toMatchObject({ state: 'paid', paidCents: 5200, outstandingCents: 0 });
    expect(view.payments.map((p) => [p.receiptNumber, p.method, p.amountCents, p.cardReference])).toEqual([
      ['Q-2026-000001', 'cash', 2000, null], ['Q-2026-000002', 'card', 3200, 'TRM-0815'],
    ]);
    expect(view.documents.filter((d) => d.kind === 'fee_receipt')).toHaveLength(2);

    // Editing is over once money was taken.
    expect((await refusal(updateCase(ctx, clerk, view.id, { version: view.version, data: { purpose: 'x' } }))).code).toBe('CASE_VIOLATIONS');

    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    expect(view.state).toBe('completed');
    expect(view.messages).toEqual([expect.objectContaining({ kind: 'bzr_application', status: 'pending' })]);
    expect(view.documents.map((d) => d.kind)).toContain('meldebescheinigung');
    expect(view.documents.find((d) => d.kind === 'meldebescheinigung')?.code).toEqual(expect.any(String));
    const serial = view.data.completedSerial as string;
    expect(serial).toBe(`${row!.reservedSerialNumber}${serial.slice(-1)}`);
    const [document] = await database.db.select().from(idDocuments).where(eq(idDocuments.serialNumber, serial));
    expect(document).toMatchObject({ personId: ids.anna, kind: 'personalausweis' });
    expect(view.allowedActions).toEqual(['hand_over', 'review']);
    expect(violationCodes(await refusal(closeCase(ctx, clerk, view.id, { version: view.version })))).toEqual(['HAND_OVER_REQUIRED', 'MESSAGES_PENDING']);

    const delivered = await deliverMessage(ctx, view.messages[0]!.id, { transport: new RecordingTransport() });
    expect(delivered.outcome).toBe('delivered');
    view = await getCase(ctx, clerk, view.id);
    expect(view.state).toBe('transmitted');

    expect(violationCodes(await refusal(handOverCase(ctx, clerk, view.id, { version: view.version, input: {} })))).toEqual(['HANDED_OVER_AT_MISSING']);
    view = await handOverCase(ctx, clerk, view.id, { version: view.version, input: { handedOverAt: '2026-11-05T10:00' } });
    expect(view.state).toBe('handed_over');
    expect(view.attachments.filter((a) => a.kind === 'fingerprint').map((a) => a.deleted)).toEqual([true, true]);
    expect(view.attachments.find((a) => a.kind === 'photo')?.deleted).toBe(false);
    const gone = await database.db.select({ content: caseAttachments.content, deletedAt: caseAttachments.deletedAt }).from(caseAttachments)
      .where(and(eq(caseAttachments.caseId, view.id), eq(caseAttachments.kind, 'fingerprint')));
    expect(gone.map((g) => [g.content, g.deletedAt !== null])).toEqual([[null, true], [null, true]]);
    expect((await refusal(getAttachment(ctx, clerk, view.id, prints[0]!.id))).status).toBe(410);
    expect((await getAttachment(ctx, clerk, view.id, photo!.id)).mediaType).toMatch(/^image\//);
    expect(view.documents.map((d) => d.kind)).toContain('handover_record');
    expect(view.allowedActions).toEqual([]);

    expect(view.history.map((h) => h.action)).toEqual([
      'create', 'device:photo', 'device:fingerprints', 'update', 'capture', 'documents', 'pay', 'pay', 'complete', 'transmit', 'hand_over', 'delete_attachments',
    ]);
    expect(view.history.find((h) => h.action === 'transmit')?.actor).toBe('Postausgang');
    expect(view.history.find((h) => h.action === 'capture')).toMatchObject({ actor: 'Test clerk', fromState: 'draft', toState: 'captured' });

    // Every read of the register for the case is in the access log under the case number.
    const logged = await database.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.purpose, view.number)).orderBy(asc(auditEntries.seq));
    expect(logged.map((l) => l.action)).toEqual(expect.arrayContaining(['case.open', 'case.capture', 'case.pay', 'case.complete', 'register.person.change', 'case.hand_over', 'case.attachment.read']));
  });

  it('returns every violation of a capture at once', async () => {
    const view = await open('meldebescheinigung', ids.clara!, clerk, { purpose: '', pages: 0 });
    const error = await refusal(captureCase(ctx, clerk, view.id, { version: view.version }));
    expect(violationCodes(error)).toEqual(['PURPOSE_MISSING', 'PAGES_INVALID', 'HINT_NOT_ACKNOWLEDGED', 'PHOTO_MISSING']);
    const violations = error.details?.violations as { field?: string; message: { de: string; en: string } }[];
    expect(violations.map((v) => v.field)).toEqual(['purpose', 'pages', 'hintAcknowledged', 'photo']);
    expect(error.message).toContain('4 problems');
    // The same violations show in the view while the case is a draft.
    expect((await getCase(ctx, clerk, view.id)).violations.map((v) => v.code)).toEqual(['PURPOSE_MISSING', 'PAGES_INVALID', 'HINT_NOT_ACKNOWLEDGED', 'PHOTO_MISSING']);
  });

  it('refuses a change based on a stale version (409) and keeps the newer data', async () => {
    const view = await open('lebensbescheinigung', ids.clara!);
    const first = await updateCase(ctx, clerk, view.id, { version: view.version, data: { purpose: 'Rentenversicherung' } });
    expect(first.version).toBe(view.version + 1);
    const stale = await refusal(updateCase(ctx, officer, view.id, { version: view.version, data: { purpose: 'Pension' } }));
    expect([stale.code, stale.status]).toEqual(['CASE_VERSION_CONFLICT', 409]);
    expect((await refusal(captureCase(ctx, clerk, view.id, { version: view.version }))).code).toBe('CASE_VERSION_CONFLICT');
    expect((await getCase(ctx, clerk, view.id)).data.purpose).toBe('Rentenversicherung');
    await cancelCase(ctx, clerk, view.id, { version: first.version, reason: 'Testende' });
  });

  it('deep-merges a PATCH (null deletes) and returns a captured case to draft', async () => {
    let view = await open('lebensbescheinigung', ids.dora!, clerk, { purpose: 'Rente', hintAcknowledged: true });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect(view.state).toBe('captured');
    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { pages: 2, purpose: null } });
    expect(view).toMatchObject({ state: 'draft', data: { pages: 2, hintAcknowledged: true } });
    expect(view.data).not.toHaveProperty('purpose');
    expect(view.history.at(-1)).toMatchObject({ action: 'update', fromState: 'captured', toState: 'draft' });
    await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Testende' });
  });

  it('pays a free case at capture, and an Anmeldung creates its person on completion', async () => {
    let view = await open('anmeldung', null, officer, {
      purpose: 'Zuzug', hintAcknowledged: true, newPerson: { familyName: 'Yılmaz', givenNames: ['Zeynep'], birthDate: '1990-03-04', sex: 'w' },
    });
    expect(view.person).toBeNull();
    view = await captureCase(ctx, officer, view.id, { version: view.version });
    expect(view).toMatchObject({ state: 'paid', fee: { totalCents: 0 }, payments: [], outstandingCents: 0 });
    expect(view.history.at(-1)).toMatchObject({ action: 'pay', fromState: 'captured', toState: 'paid', note: 'Gebührenfrei' });
    view = await completeCase(ctx, officer, view.id, { version: view.version });
    expect(view.state).toBe('completed');
    expect(view.person).toMatchObject({ familyName: 'Yılmaz', givenNames: ['Zeynep'] });
    const created = await database.db.select().from(residences).where(eq(residences.personId, view.person!.id));
    expect(created).toEqual([expect.objectContaining({ kind: 'haupt', movedIn: '2026-11-05' })]);
    expect(view.allowedActions).toEqual(['close']);
    view = await closeCase(ctx, officer, view.id, { version: view.version });
    expect(view.state).toBe('closed');
    expect(view.allowedActions).toEqual([]);
  });

  it('cancels with a reason only, and a cancelled case takes no more changes', async () => {
    let view = await open('lebensbescheinigung', ids.clara!);
    expect(violationCodes(await refusal(cancelCase(ctx, clerk, view.id, { version: view.version, reason: '  ' })))).toEqual(['REASON_REQUIRED']);
    view = await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Antrag zurückgezogen' });
    expect(view.state).toBe('cancelled');
    expect(view.history.at(-1)).toMatchObject({ action: 'cancel', note: 'Antrag zurückgezogen' });
    expect(violationCodes(await refusal(updateCase(ctx, clerk, view.id, { version: view.version, data: { purpose: 'x' } })))).toEqual(['CASE_STATE_NOT_ALLOWED']);
    // A new case for the same service is possible again.
    const again = await open('lebensbescheinigung', ids.clara!);
    await cancelCase(ctx, clerk, again.id, { version: again.version, reason: 'Testende' });
  });

  it('allows one open case per person and service', async () => {
    const view = await open('lebensbescheinigung', ids.anna!);
    const twice = await refusal(open('lebensbescheinigung', ids.anna!));
    expect([twice.code, twice.status, twice.details?.number]).toEqual(['CASE_ALREADY_OPEN', 409, view.number]);
    await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Testende' });
  });

  it('opens only one of two concurrent applications for the same person and service', async () => {
    const results = await Promise.allSettled([open('lebensbescheinigung', ids.clara!), open('lebensbescheinigung', ids.clara!)]);
    const opened = results.filter((r): r is PromiseFulfilledResult<CaseView> => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([opened.length, refused.length]).toEqual([1, 1]);
    expect(refused[0]!.reason).toMatchObject({ code: 'CASE_ALREADY_OPEN', status: 409 });
    await cancelCase(ctx, clerk, opened[0]!.value.id, { version: opened[0]!.value.version, reason: 'Testende' });
  });

  it('applies the proxy rule of the service when opening', async () => {
    const error = await refusal(openCase(ctx, clerk, {
      serviceId: 'personalausweis', personId: ids.clara!, applicant: { kind: 'care_home_head', name: 'Heimleitung', evidence: 'Bestellung' },
    }));
    expect(violationCodes(error)).toEqual(['APPLICANT_NOT_LEGAL_REPRESENTATIVE']);
    expect((await refusal(open('nonsense', ids.clara!))).code).toBe('SERVICE_UNKNOWN');
    const installed = workflows.befreiung_ausweispflicht;
    delete workflows.befreiung_ausweispflicht;
    try {
      expect((await refusal(open('befreiung_ausweispflicht', ids.clara!))).code).toBe('SERVICE_NOT_AVAILABLE');
    } finally {
      if (installed) workflows.befreiung_ausweispflicht = installed;
    }
  });

  it('puts a case into review, lists it in the queue, and resumes it where it stopped', async () => {
    let view = await open('lebensbescheinigung', ids.dora!, clerk, { purpose: 'Rente', hintAcknowledged: true });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect((await refusal(reviewCase(ctx, officer, view.id, { version: view.version, decision: 'flag', note: 'x' }))).status).toBe(403);
    view = await reviewCase(ctx, clerk, view.id, { version: view.version, decision: 'flag', note: 'Registerdaten prüfen' });
    expect(view).toMatchObject({ state: 'needs_review', stateBeforeReview: 'captured', reviewReason: 'Registerdaten prüfen' });
    expect(view.allowedActions).toEqual(['cancel', 'review']);
    const queue = await listReviewCases(ctx, clerk);
    expect(queue.find((c) => c.id === view.id)).toMatchObject({ state: 'needs_review', reviewReason: 'Registerdaten prüfen' });
    view = await reviewCase(ctx, clerk, view.id, { version: view.version, decision: 'resume', note: 'geprüft' });
    expect(view).toMatchObject({ state: 'captured', stateBeforeReview: null, reviewReason: null });

    // Untouched for more than a week: back in the queue as stalled.
    ctx.setNow(new Date(now.getTime() + 8 * 24 * 3600 * 1000));
    try {
      const later = await listReviewCases(ctx, clerk);
      expect(later.find((c) => c.id === view.id)?.reviewReason).toMatch(/^Seit 05\.11\.2026 erfasst/);
    } finally {
      ctx.setNow(now);
    }
    view = await reviewCase(ctx, clerk, view.id, { version: view.version, decision: 'cancel', note: 'Bürgerin verzichtet' });
    expect(view.state).toBe('cancelled');
    expect(view.history.map((h) => h.action).slice(-3)).toEqual(['flag', 'resume', 'cancel']);
  });

  it('lists a completed case whose message failed for good in the review queue', async () => {
    let view = await open('fuehrungszeugnis', ids.dora!, clerk, { purpose: 'Arbeitgeber', hintAcknowledged: true });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    view = await recordPayment(ctx, clerk, view.id, { method: 'cash', amountCents: view.outstandingCents });
    view = await completeCase(ctx, clerk, view.id, { version: view.version });
    expect((await listReviewCases(ctx, clerk)).map((c) => c.id)).not.toContain(view.id);
    await database.db.update(outboundMessages).set({ status: 'failed', lastError: 'Transport down' }).where(eq(outboundMessages.caseId, view.id));
    const entry = (await listReviewCases(ctx, clerk)).find((c) => c.id === view.id);
    expect(entry).toMatchObject({ state: 'completed', reviewReason: expect.stringMatching(/^Nachricht an Bundesamt für Justiz endgültig nicht zugestellt/) });
  });

  it('hides blocked persons and their cases from field officers, and logs the refusal', async () => {
    const error = await refusal(open('lebensbescheinigung', ids.bert!, officer));
    expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Person was not found.']);
    const view = await open('lebensbescheinigung', ids.bert!, clerk);
    expect(view.person?.familyName).toBe('Brandt');
    expect((await refusal(getCase(ctx, officer, view.id))).status).toBe(404);
    expect((await listCases(ctx, officer, { personId: ids.bert! }))).toEqual([]);
    expect((await listCases(ctx, officer, { serviceId: 'lebensbescheinigung' })).map((c) => c.id)).not.toContain(view.id);
    expect((await listCases(ctx, clerk, { personId: ids.bert! })).map((c) => c.id)).toEqual([view.id]);
    const signature = await uploadAttachment(ctx, clerk, view.id, { kind: 'signature', mediaType: 'image/png', content: png });
    expect((await refusal(getAttachment(ctx, officer, view.id, signature.id))).status).toBe(404);
    expect((await getAttachment(ctx, clerk, view.id, signature.id)).content).toEqual(png);
    const downloads = await database.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'case.attachment.read'), eq(auditEntries.purpose, view.number)));
    expect(downloads.map((d) => [d.actorName, (d.details as { refused?: boolean }).refused ?? false])).toEqual([[officer.username, true], [clerk.username, false]]);
    const refused = await database.db.select().from(auditEntries).where(eq(auditEntries.actorName, officer.username));
    expect(refused.filter((r) => r.personIds.includes(ids.bert!) && (r.details as { refused?: boolean }).refused)).not.toHaveLength(0);
    await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Testende' });
  });

  it('stores uploads by kind, checks their content, and leaves data and version to the PATCH that references them', async () => {
    let view = await open('lebensbescheinigung', ids.anna!, clerk, { purpose: 'Rente', hintAcknowledged: true });
    view = await captureCase(ctx, clerk, view.id, { version: view.version });
    expect((await refusal(uploadAttachment(ctx, clerk, view.id, { kind: 'scan', mediaType: 'image/png', content: new Uint8Array([1, 2, 3]) }))).code).toBe('ATTACHMENT_INVALID');
    expect((await refusal(uploadAttachment(ctx, clerk, view.id, { kind: 'fingerprint', mediaType: 'image/png', content: png }))).code).toBe('ATTACHMENT_KIND_INVALID');
    expect((await refusal(uploadAttachment(ctx, clerk, view.id, { kind: 'scan', mediaType: 'text/plain', content: png }))).code).toBe('ATTACHMENT_INVALID');
    const uploaded = await uploadAttachment(ctx, clerk, view.id, { kind: 'signature', mediaType: 'image/png', content: png });
    const after = await getCase(ctx, clerk, view.id);
    expect([after.state, after.version]).toEqual(['captured', view.version]);
    expect(after.attachments).toEqual([expect.objectContaining({ id: uploaded.id, kind: 'signature', mediaType: 'image/png', deleted: false })]);
    expect(after.history.at(-1)).toMatchObject({ action: 'attach' });
    // The office UI's sequence: upload, then PATCH the reference with the version read before.
    view = await updateCase(ctx, clerk, view.id, { version: view.version, data: { signature: uploaded.id } });
    expect(view).toMatchObject({ state: 'draft', data: { signature: uploaded.id } });
    expect((await getAttachment(ctx, clerk, view.id, uploaded.id)).content).toEqual(png);
    await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Testende' });
  });

  it('runs the scanner through a device action and reports device failures', async () => {
    let view = await open('lebensbescheinigung', ids.anna!);
    view = await runDeviceAction(ctx, clerk, view.id, 'scan', { version: view.version, input: { pages: 2 } });
    const scans = view.attachments.filter((a) => a.kind === 'scan');
    expect(scans).toHaveLength(2);
    expect(view.data).toMatchObject({ scans: scans.map((s) => s.id), pages: 2 });
    expect(view.history.at(-1)).toMatchObject({ action: 'device:scan' });
    const failed = await refusal(runDeviceAction(ctx, clerk, view.id, 'scan', { version: view.version, input: { pages: 99 } }));
    expect([failed.code, failed.status]).toEqual(['DEVICE_FAILED', 502]);
    expect((await refusal(runDeviceAction(ctx, clerk, view.id, 'toaster', { version: view.version }))).code).toBe('DEVICE_ACTION_UNKNOWN');
    await cancelCase(ctx, clerk, view.id, { version: view.version, reason: 'Testende' });
  });

  it('never hands out a serial number twice, also under concurrency', async () => {
    const authorityCode = 'T0K1';
    const numbers = await Promise.all(Array.from({ length: 40 }, () => allocateSerialNumber(database.db, municipalityId, authorityCode)));
    expect(new Set(numbers).size).toBe(40);
    for (const number of numbers) expect(number).toMatch(/^T0K1[0-9CFGHJKLMNPRTVWXYZ]{5}$/);
    expect([...numbers].sort()).toContain('T0K100000');
    expect((await refusal(allocateSerialNumber(database.db, municipalityId, 'ab'))).code).toBe('AUTHORITY_CODE_INVALID');
  });
});
