// The whole path of a capture, on two real databases: the Rathaus packs a tour, the kit loads it
// into its own database and runs the services there with the same workflows (scanner simulator
// for the device), recording capture events; the sync then replays them at the Rathaus through
// the same use cases. The cases arrive with their kit-chosen ids and numbers, exactly once, and
// a person whose register entry changed since the package goes to review instead.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAttachments, payments, serviceCases } from '../cases/schema.ts';
import { documentVerifications, issuedDocuments } from '../documents/schema.ts';
import { verifyDocument } from '../documents/verify-document.ts';
import type { Principal } from '../identity/principal.ts';
import { createTestUser } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import { testContext } from '../platform/testing.ts';
import { kits, tourStops, tours } from '../planning/schema.ts';
import { aPersonRecord } from '../register/import/testing.ts';
import { writePersonRecords } from '../register/import/write-records.ts';
import { persons, residences } from '../register/schema.ts';
import { createVisitRequest } from '../requests/create-request.ts';
import { visitRequests } from '../requests/schema.ts';
import { buildTourPackage, type TourPackage } from './build-tour-package.ts';
import type { NumberPool } from './case-recorder.ts';
import { CaseRecorder } from './case-recorder.ts';
import { dbIngestStore, dbUploadStore } from './db-stores.ts';
import { kitEventHandlers } from './event-handlers.ts';
import { ingestBatch } from './ingest.ts';
import { loadTourPackage } from './load-package.ts';
import { KitOutbox } from './kit-outbox.ts';
import { kitEventReceipts, kitOutbox } from './schema.ts';
import { syncOnce, type SyncTransport } from './sync.ts';
import { listKitReviews, resolveKitReview } from './review-queue.ts';
import { receiveUpload } from './uploads.ts';
import { newDataKey } from './vault.ts';

const tourDay = '2026-12-08';
const at = (time: string) => new Date(`${tourDay}T${time}:00+01:00`);

describe('capture on the kit, replay at the Rathaus', () => {
  let rathaus: Database;
  let rathausCtx: ReturnType<typeof testContext>;
  let app: App;
  let kitDb: Database;
  let kitCtx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let kitId: string;
  let officer: Principal;
  let pkg: TourPackage;
  const personIds: Record<string, string> = {};
  let outbox: KitOutbox;
  let numbers: NumberPool;
  let recorder: CaseRecorder;

  const aClerk = async (): Promise<Principal> => {
    const user = await createTestUser(rathausCtx, municipalityId, { roles: ['clerk'], displayName: 'Clara Clerk' });
    return { userId: user.id, username: user.username, displayName: 'Clara Clerk', roles: ['clerk'], municipalityId, sessionId: 's', csrfToken: '' };
  };

  const transport = (): SyncTransport => ({
    sendEvents: (batch) => ingestBatch(dbIngestStore(rathaus.db, municipalityId), kitEventHandlers(rathausCtx), batch, { kitId, municipalityId, receivedAt: rathausCtx.now() }),
    uploadStatus: (sha256) => dbUploadStore(rathaus.db, municipalityId).status(kitId, sha256),
    sendUpload: (request, rest) => receiveUpload(dbUploadStore(rathaus.db, municipalityId), kitId, request, (async function* () { yield rest; })()),
  });

  beforeAll(async () => {
    ({ database: rathaus, ctx: rathausCtx, app, municipalityId } = await startTestServer({ now: new Date('2026-12-07T15:00:00Z') }));
    const system = { kind: 'system' as const, name: 'test', municipalityId };
    await writePersonRecords(rathausCtx, system, municipalityId, [
      aPersonRecord({ ref: 'erna', familyName: 'Kowalski', givenNames: ['Erna'] }),
      aPersonRecord({ ref: 'otto', familyName: 'Nowak', givenNames: ['Otto'], documents: [] }),
    ]);
    for (const row of await rathaus.db.select({ id: persons.id, ref: persons.sourceKey }).from(persons)) if (row.ref) personIds[row.ref] = row.id;
    const user = await createTestUser(rathausCtx, municipalityId, { roles: ['field_officer'], displayName: 'Anna Außendienst' });
    const [kit] = await rathaus.db.insert(kits).values({ municipalityId, name: 'Koffer 1' }).returning();
    kitId = kit!.id;
    const dispatcher = { userId: randomUUID(), username: 'd', displayName: 'Disponent', roles: ['dispatcher'], municipalityId } as unknown as Principal;
    const requestIds: string[] = [];
    for (const [ref, services] of [['erna', ['meldebescheinigung', 'beglaubigung_kopie']], ['otto', ['meldebescheinigung']]] as const) {
      const { id } = await createVisitRequest(rathaus.db, dispatcher, {
        municipalityId, channel: 'phone', status: 'open', subject: { familyName: ref, givenNames: 'X' },
        requester: { name: 'Angehörige', relation: 'relative', phone: '0234 1', preferredContact: 'phone' },
        services: [...services], availability: [], urgency: 'normal',
        location: { kind: 'home', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', latitude: 51.48, longitude: 7.22 },
      }, rathausCtx.now());
      await rathaus.db.update(visitRequests).set({ personId: personIds[ref], status: 'confirmed' }).where(eq(visitRequests.id, id));
      requestIds.push(id);
    }
    const [tour] = await rathaus.db.insert(tours).values({ municipalityId, date: tourDay, kitId, status: 'confirmed', departAt: at('08:00'), returnAt: at('12:00') }).returning();
    await rathaus.db.insert(tourStops).values({
      municipalityId, tourId: tour!.id, sequence: 1, requestIds, place: 'Am Stadtpark 3, 44791 Bochum', latitude: 51.48, longitude: 7.22,
      arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('10:00'),
    });
    pkg = await buildTourPackage(rathausCtx, { kitId, municipalityId }, tour!.id);

    kitDb = await createTestDatabase();
    kitCtx = testContext(kitDb, { now: at('09:10') });
    await loadTourPackage(kitDb.db, pkg, { secret: kitCtx.config.secret, staff: [{ userId: user.id, username: 'anna', displayName: 'Anna Außendienst', roles: ['field_officer'] }] });
    officer = { userId: user.id, municipalityId, username: 'anna', displayName: 'Anna Außendienst', roles: ['field_officer'], sessionId: 'kit', csrfToken: '' };
    const pool = { case: [...pkg.numbers.cases.numbers], receipt: [...pkg.numbers.receipts.numbers] };
    numbers = { take: (_db, series) => Promise.resolve(pool[series].shift() ?? '') };
    outbox = new KitOutbox(kitDb.db, newDataKey());
    recorder = new CaseRecorder(kitCtx, outbox, numbers, { basisOf: (id) => pkg.basis[id] });
  }, 90_000);
  afterAll(async () => {
    await app?.close();
    await rathaus?.close();
    await kitDb?.close();
  });

  it('runs a Meldebescheinigung and a Beglaubigung with the scanner on the kit and replays both once at the Rathaus', async () => {
    const erna = personIds.erna!;
    let melde = await recorder.open(officer, { serviceId: 'meldebescheinigung', personId: erna, applicant: { kind: 'self' } });
    melde = await recorder.update(officer, melde.id, { version: melde.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } });
    melde = await recorder.capture(officer, melde.id, { version: melde.version });
    melde = await recorder.pay(officer, melde.id, { method: 'cash', amountCents: melde.outstandingCents });
    melde = await recorder.complete(officer, melde.id, { version: melde.version });
    expect(melde.state).toBe('completed');

    let copy = await recorder.open(officer, { serviceId: 'beglaubigung_kopie', personId: erna, applicant: { kind: 'self' } });
    copy = await recorder.update(officer, copy.id, {
      version: copy.version,
      data: {
        documentCategory: 'zeugnis', documentTitle: 'Rentenbescheid', documentIssuer: 'Deutsche Rentenversicherung', documentDate: '2026-01-15',
        documentNumber: 'R-17', documentPages: 2, presentedAs: 'urschrift', issuerKind: 'authority', recipientAuthority: '', recipientIsAuthority: false,
        defects: [], originalUnaltered: true, copies: 1, purpose: 'general', purposeDetail: '',
      },
    });
    copy = await recorder.device(officer, copy.id, 'scan_original', { version: copy.version });
    const scans = copy.attachments.filter((a) => a.kind === 'scan');
    expect(scans).toHaveLength(2);

    // The first attempt meets no network; later the link is there, and a redelivery changes nothing.
    const offline = await syncOnce(outbox, { ...transport(), sendEvents: () => Promise.reject(new Error('offline')), sendUpload: () => Promise.reject(new Error('offline')) }, { clock: () => at('09:40') });
    expect(offline.interruption).toMatch(/offline/);
    rathausCtx.setNow(at('11:00'));
    const report = await syncOnce(outbox, transport(), { clock: () => at('10:59') });
    // Two scans, and the fee receipt and the Meldebescheinigung the kit printed.
    expect(report).toMatchObject({ remaining: 0, review: 0, uploadsCompleted: 4 });
    const summary = await outbox.summary();
    expect(summary.counts).toMatchObject({ confirmed: 8, pending: 0, sent: 0, error: 0, needs_review: 0 });
    // At rest on the kit, the events are sealed: no word of the captured data is readable.
    const raw = await kitDb.db.select({ sealed: kitOutbox.sealed }).from(kitOutbox);
    expect(raw.some((r) => Buffer.from(r.sealed).includes('Rentenbescheid'))).toBe(false);
    await expect(new KitOutbox(kitDb.db, newDataKey()).all()).rejects.toMatchObject({ code: 'VAULT_WRONG_KEY' });
    const events = (await outbox.all()).map((e) => e.event);
    const repeat = await transport().sendEvents({ sentAt: at('11:00').toISOString(), events: events as [never] });
    expect(repeat.every((o) => o.status === 'applied' && o.repeated)).toBe(true);

    const [atRathaus] = await rathaus.db.select().from(serviceCases).where(eq(serviceCases.id, melde.id));
    expect(atRathaus).toMatchObject({ number: melde.number, state: 'completed', personId: erna });
    // The application date is the day of the visit, not the day of the sync.
    expect(atRathaus?.applicationDate).toBe(tourDay);
    const paid = await rathaus.db.select().from(payments).where(eq(payments.caseId, melde.id));
    const paidOnKit = await kitDb.db.select().from(payments).where(eq(payments.caseId, melde.id));
    expect(paid.map((p) => p.receiptNumber)).toEqual(paidOnKit.map((p) => p.receiptNumber));
    // The documents printed at the bedside are the Rathaus's record: same ids, codes and PDFs, and
    // the Meldebescheinigung's code verifies at the Rathaus (signed with the package's key).
    const printedOnKit = await kitDb.db.select().from(issuedDocuments).where(eq(issuedDocuments.caseId, melde.id));
    const atRathausDocs = await rathaus.db.select().from(issuedDocuments).where(eq(issuedDocuments.caseId, melde.id));
    expect(printedOnKit.map((d) => d.kind).sort()).toEqual(['fee_receipt', 'meldebescheinigung']);
    expect(atRathausDocs.map((d) => [d.id, d.code, d.sha256]).sort()).toEqual(printedOnKit.map((d) => [d.id, d.code, d.sha256]).sort());
    const certificate = printedOnKit.find((d) => d.kind === 'meldebescheinigung');
    const [verification] = await kitDb.db.select().from(documentVerifications).where(eq(documentVerifications.code, certificate!.code!));
    expect(verification?.signingKeyId).toBe(pkg.documentKey.id);
    expect(await verifyDocument(rathaus.db, { code: certificate!.code!, token: verification!.token })).toMatchObject({
      status: 'genuine', tokenChecked: true, document: { kind: 'meldebescheinigung', certifies: verification!.certifies },
    });
    expect(await verifyDocument(rathaus.db, { code: certificate!.code!, token: `${verification!.token.startsWith('A') ? 'B' : 'A'}${verification!.token.slice(1)}` })).toMatchObject({ status: 'token_mismatch' });
    // The Beglaubigung is still being worked on at the bedside: its scans stay on the kit until it is done.
    const kitScans = await kitDb.db.select().from(caseAttachments).where(and(eq(caseAttachments.caseId, copy.id), eq(caseAttachments.kind, 'scan')));
    expect(kitScans.every((a) => a.content !== null)).toBe(true);
    const stored = await rathaus.db.select().from(caseAttachments).where(and(eq(caseAttachments.caseId, copy.id), eq(caseAttachments.kind, 'scan')));
    expect(stored.map((a) => a.id).sort()).toEqual(scans.map((a) => a.id).sort());
    const [copyAtRathaus] = await rathaus.db.select().from(serviceCases).where(eq(serviceCases.id, copy.id));
    expect(copyAtRathaus?.data).toEqual((await kitDb.db.select().from(serviceCases).where(eq(serviceCases.id, copy.id)))[0]?.data);
  });

  it('sends the case of a person who moved since the package to review, with all its later steps', async () => {
    const otto = personIds.otto!;
    const [residence] = await rathaus.db.select().from(residences).where(eq(residences.personId, otto));
    await rathaus.db.update(residences).set({ movedOut: '2026-12-07' }).where(eq(residences.id, residence!.id));

    let melde = await recorder.open(officer, { serviceId: 'meldebescheinigung', personId: otto, applicant: { kind: 'self' } });
    melde = await recorder.update(officer, melde.id, { version: melde.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } });
    const report = await syncOnce(outbox, transport(), { clock: () => at('11:30') });
    expect(report).toMatchObject({ remaining: 0, review: 2 });
    const receipts = await rathaus.db.select().from(kitEventReceipts).where(eq(kitEventReceipts.streamId, melde.id));
    expect(receipts.map((r) => [r.seq, r.status, r.code]).sort()).toEqual([[1, 'review', 'REGISTER_CHANGED'], [2, 'review', 'HELD_BEHIND_REVIEW']]);
    expect(await rathaus.db.select().from(serviceCases).where(eq(serviceCases.id, melde.id))).toEqual([]);

    // The clerk sees the case in review, checks the new address, and applies it after all.
    const clerk = await aClerk();
    const queue = await listKitReviews(rathausCtx, clerk);
    expect(queue).toEqual([expect.objectContaining({ streamId: melde.id, code: 'REGISTER_CHANGED', serviceId: 'meldebescheinigung', person: { id: otto, name: 'Otto Nowak' }, steps: [expect.objectContaining({ seq: 1 }), expect.objectContaining({ seq: 2 })] })]);
    await expect(resolveKitReview(rathausCtx, clerk, melde.id, { decision: 'apply', reason: '' })).rejects.toMatchObject({ code: 'REVIEW_REASON_MISSING' });
    expect(await resolveKitReview(rathausCtx, clerk, melde.id, { decision: 'apply', reason: 'Auszug geprüft, Meldebescheinigung trotzdem richtig' })).toEqual({ applied: 2, setAside: 0, stillInReview: 0 });
    expect((await rathaus.db.select().from(serviceCases).where(eq(serviceCases.id, melde.id)))[0]).toMatchObject({ number: melde.number, personId: otto });
    expect(await listKitReviews(rathausCtx, clerk)).toEqual([]);
    await expect(resolveKitReview(rathausCtx, clerk, melde.id, { decision: 'apply', reason: 'noch einmal' })).rejects.toMatchObject({ code: 'REVIEW_NOT_FOUND' });
  });

  it('refuses a printed certificate whose token the kit did not sign, or that certifies other data (review, not applied)', async () => {
    type Printed = { kind: string; token: string | null; certifies: { label: string; value: string }[] };
    const certificateOnly = (tamper: (d: Printed) => Printed) => (d: Printed) => (d.token ? tamper(d) : d);
    const finish = async (caseId: string) => {
      let view = await recorder.capture(officer, caseId, { version: (await kitDb.db.select().from(serviceCases).where(eq(serviceCases.id, caseId)))[0]!.version });
      view = await recorder.pay(officer, caseId, { method: 'cash', amountCents: view.outstandingCents });
      return recorder.complete(officer, caseId, { version: view.version });
    };
    const newMeldebescheinigung = async () => {
      const melde = await recorder.open(officer, { serviceId: 'meldebescheinigung', personId: personIds.erna!, applicant: { kind: 'self' } });
      return (await recorder.update(officer, melde.id, { version: melde.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' } })).id;
    };
    const [copy] = await kitDb.db.select().from(serviceCases).where(eq(serviceCases.serviceId, 'beglaubigung_kopie'));
    const tamperings: [string, () => Promise<string>, (d: Printed) => Printed, RegExp][] = [
      ['a token that is not the kit\'s signature', newMeldebescheinigung, (d) => ({ ...d, token: `${d.token!.startsWith('A') ? 'B' : 'A'}${d.token!.slice(1)}` }), /not the kit's signature/],
      ['certified data the Rathaus does not hold', () => Promise.resolve(copy!.id), (d) => ({ ...d, certifies: d.certifies.map((f, i) => (i === 0 ? { ...f, value: `${f.value} (geändert)` } : f)) }), /certifies other data/],
    ];
    for (const [, caseOf, tamper, reason] of tamperings) {
      const caseId = await caseOf();
      const completed = await finish(caseId);
      expect(completed.state).toBe('completed');
      const tampering: SyncTransport = {
        ...transport(),
        sendEvents: (batch) => transport().sendEvents({
          ...batch,
          events: batch.events.map((e) => (e.kind === 'case.completed' && e.streamId === caseId
            ? { ...e, payload: { ...e.payload, documents: (e.payload.documents as Printed[]).map(certificateOnly(tamper)) } } : e)) as typeof batch.events,
        }),
      };
      expect(await syncOnce(outbox, tampering, { clock: () => at('12:00') })).toMatchObject({ remaining: 0 });
      const receipts = await rathaus.db.select().from(kitEventReceipts).where(eq(kitEventReceipts.streamId, caseId));
      const completion = (await outbox.all()).find((e) => e.event.streamId === caseId && e.event.kind === 'case.completed')!;
      expect(receipts.find((r) => r.eventId === completion.event.id)).toMatchObject({ status: 'review', code: 'KIT_DOCUMENT_DIFFERS', reason: expect.stringMatching(reason) });
      // Nothing of the completion is applied, and the verify page does not know the certificate.
      expect((await rathaus.db.select().from(serviceCases).where(eq(serviceCases.id, caseId)))[0]?.state).not.toBe('completed');
      const printed = await kitDb.db.select().from(issuedDocuments).where(eq(issuedDocuments.caseId, caseId));
      const certificate = printed.find((d) => d.code !== null);
      expect(await verifyDocument(rathaus.db, { code: certificate!.code! })).toMatchObject({ status: 'unknown' });
    }
  });

  it('refuses a case number that was not reserved for this kit (review, not applied)', async () => {
    const [first] = await outbox.all();
    const forged = { ...first!.event, id: randomUUID(), streamId: randomUUID(), payload: { ...first!.event.payload, caseId: randomUUID(), number: '2026-999999' } };
    const [outcome] = await transport().sendEvents({ sentAt: at('12:00').toISOString(), events: [forged] });
    expect(outcome).toMatchObject({ status: 'review', code: 'NUMBER_NOT_RESERVED' });
    // Applying it after review still needs the kit's numbers; setting it aside records why.
    const clerk = await aClerk();
    expect(await resolveKitReview(rathausCtx, clerk, forged.streamId, { decision: 'apply', reason: 'geprüft' })).toEqual({ applied: 0, setAside: 0, stillInReview: 1 });
    expect(await resolveKitReview(rathausCtx, clerk, forged.streamId, { decision: 'set_aside', reason: 'Nummer nicht vom Koffer' })).toEqual({ applied: 0, setAside: 1, stillInReview: 0 });
    const [receipt] = await rathaus.db.select().from(kitEventReceipts).where(eq(kitEventReceipts.eventId, forged.id));
    expect(receipt).toMatchObject({ status: 'review', resolution: 'beiseitegelegt: Nummer nicht vom Koffer' });
  });
});
