import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { testContext } from '../platform/testing.ts';
import { enqueueMessages } from './enqueue.ts';
import { deliverMessage, requestDelivery, retryDelaySeconds } from './outbox.ts';
import { outboundDeliveries, outboundMessages } from './schema.ts';
import {
  addAttachment, bzrPayload, caseState, createCompletedCase, deleteAttachment, idOrderPayload, pngBytes, RecordingTransport, request,
  rueckmeldungPayload,
} from './testing.ts';
import { defaultProfileSettings, saveMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { renderRueckmeldungForMunicipality } from './xmeld/render-for-municipality.ts';

describe('outbox (enqueue and delivery attempts)', () => {
  let database: Database;
  let db: Db;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  const start = new Date('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now: start });
  });
  afterAll(async () => {
    await database.close();
  });

  async function idOrderCase() {
    const kase = await createCompletedCase(db, municipalityId);
    const photo = await addAttachment(db, municipalityId, kase.id, 'photo', pngBytes('photo'));
    const left = await addAttachment(db, municipalityId, kase.id, 'fingerprint', pngBytes('left index'));
    const right = await addAttachment(db, municipalityId, kase.id, 'fingerprint', pngBytes('right thumb'));
    const signature = await addAttachment(db, municipalityId, kase.id, 'signature', pngBytes('signature'));
    const payload = idOrderPayload(kase.number, { photo, fingerprints: [left, right], signature });
    return { kase, payload, fingerprints: [left, right] as const };
  }

  const messageRow = async (id: string) => (await db.select().from(outboundMessages).where(eq(outboundMessages.id, id)))[0]!;
  const deliveries = (id: string) => db.select().from(outboundDeliveries).where(eq(outboundDeliveries.messageId, id)).orderBy(asc(outboundDeliveries.attempt));

  describe('enqueueMessages', () => {
    it('is idempotent per (case, kind, recipient): the same call twice gives the same rows', async () => {
      const kase = await createCompletedCase(db, municipalityId);
      const input = {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: start,
        requests: [
          request(bzrPayload(kase.number), 'Bundesamt für Justiz'),
          request(rueckmeldungPayload(kase.number), 'Stadt Essen', '2026-03-05'),
        ],
      };
      const first = await db.transaction(async (tx) => enqueueMessages(tx as unknown as Db, input));
      const second = await db.transaction(async (tx) => enqueueMessages(tx as unknown as Db, input));
      expect(first.map((m) => m.kind)).toEqual(['bzr_application', 'xmeld_rueckmeldung']);
      expect(second).toEqual(first);
      const rows = await db.select().from(outboundMessages).where(eq(outboundMessages.caseId, kase.id));
      expect(rows).toHaveLength(2);
      const rueckmeldung = rows.find((r) => r.kind === 'xmeld_rueckmeldung')!;
      expect(rueckmeldung).toMatchObject({ status: 'pending', attempts: 0, recipientName: 'Stadt Essen', dueBy: '2026-03-05' });
      expect(new Date(rueckmeldung.nextAttemptAt!).toISOString()).toBe(start.toISOString());
    });

    it('keeps one message per former municipality when persons moved in from two', async () => {
      const kase = await createCompletedCase(db, municipalityId);
      const result = await enqueueMessages(db, {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: start,
        requests: [
          request(rueckmeldungPayload(kase.number), 'Stadt Essen'),
          request(rueckmeldungPayload(kase.number, { ags: '05913000', name: 'Stadt Dortmund' }), 'Stadt Dortmund'),
          request(rueckmeldungPayload(kase.number), 'Stadt Essen'),
        ],
      });
      expect(result).toHaveLength(2);
    });

    it('leaves nothing behind when the completing transaction rolls back', async () => {
      const kase = await createCompletedCase(db, municipalityId);
      await expect(db.transaction(async (tx) => {
        await enqueueMessages(tx as unknown as Db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'BfJ')] });
        throw new Error('register change failed');
      })).rejects.toThrow('register change failed');
      expect(await db.select().from(outboundMessages).where(eq(outboundMessages.caseId, kase.id))).toEqual([]);
    });

    it('refuses a payload of another case, naming both numbers', async () => {
      const kase = await createCompletedCase(db, municipalityId);
      await expect(enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload('2026-999999'), 'BfJ')] }))
        .rejects.toMatchObject({ code: 'OUTBOX_CASE_MISMATCH', message: expect.stringContaining('2026-999999') as string });
    });
  });

  describe('deliverMessage', () => {
    it('delivers, records hash and size (not the bytes) and moves the case to transmitted', async () => {
      const { kase, payload } = await idOrderCase();
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(payload, 'Bundesdruckerei')] });
      const transport = new RecordingTransport();
      const result = await deliverMessage(ctx, message!.id, { transport });
      expect(result).toEqual({ outcome: 'delivered', reference: 'recording/1' });
      const sent = transport.sent[0]!;
      expect(sent).toMatchObject({ messageId: message!.id, kind: 'id_order', mediaType: 'application/xml', recipientName: 'Bundesdruckerei' });
      expect(sent.fileName).toBe(`id_order_${kase.number}_${message!.id}.xml`);
      const row = await messageRow(message!.id);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, transport: 'recording', transportReference: 'recording/1', fileName: sent.fileName });
      const [attempt] = await deliveries(message!.id);
      expect(attempt).toMatchObject({ attempt: 1, outcome: 'delivered', contentBytes: sent.content.byteLength, fileName: sent.fileName });
      expect(attempt!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await caseState(db, kase.id)).toBe('transmitted');
      // A second job for the same message finds it delivered and sends nothing.
      expect(await deliverMessage(ctx, message!.id, { transport })).toEqual({ outcome: 'skipped', status: 'delivered' });
      expect(transport.calls).toBe(1);
    });

    it('keeps the case completed until its last message is delivered', async () => {
      const { kase, payload } = await idOrderCase();
      const ids = await enqueueMessages(db, {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: start,
        requests: [request(payload, 'Bundesdruckerei'), request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
      });
      const transport = new RecordingTransport();
      await deliverMessage(ctx, ids[0]!.id, { transport });
      expect(await caseState(db, kase.id)).toBe('completed');
      await deliverMessage(ctx, ids[1]!.id, { transport });
      expect(await caseState(db, kase.id)).toBe('transmitted');
    });

    it('rejects an ID order whose fingerprints were already deleted, without retry', async () => {
      const { kase, payload, fingerprints } = await idOrderCase();
      await deleteAttachment(db, fingerprints[1]);
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(payload, 'Bundesdruckerei')] });
      const transport = new RecordingTransport();
      const result = await deliverMessage(ctx, message!.id, { transport });
      expect(result.outcome).toBe('rejected');
      expect(transport.calls).toBe(0);
      const row = await messageRow(message!.id);
      expect(row.status).toBe('rejected');
      expect(row.nextAttemptAt).toBeNull();
      expect(row.lastError).toMatch(/PAuswG § 26/);
      expect(row.lastError).toMatch(/fingerprints have already been deleted/);
      expect((await deliveries(message!.id)).map((d) => d.outcome)).toEqual(['rejected']);
      expect(await caseState(db, kase.id)).toBe('completed');
    });

    it('rejects a Rückmeldung while the profile lacks the sender address XMeld needs, keeping the message and the reason', async () => {
      await saveMunicipalityProfile(db, municipalityId, { ...defaultProfileSettings({ ags: '05911000', name: 'Bochum' }), addressLines: [], email: null, phone: null }, start);
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'anmeldung' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(rueckmeldungPayload(kase.number), 'Stadt Essen', '2026-03-05')] });
      const transport = new RecordingTransport();
      const result = await deliverMessage(ctx, message!.id, { transport });
      expect(result.outcome).toBe('rejected');
      const row = await messageRow(message!.id);
      expect(row.status).toBe('rejected');
      expect(row.lastError).toMatch(/address|Anschrift/i);
      expect(transport.sent).toHaveLength(0);
    });

    it('sends the XMeld Rückmeldung with the sender address and contact of the municipality profile', async () => {
      await saveMunicipalityProfile(db, municipalityId, {
        ...defaultProfileSettings({ ags: '05911000', name: 'Bochum' }),
        addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'], email: 'buergerbuero@bochum.example', phone: '0234 910-0',
      }, start);
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'anmeldung' });
      const payload = rueckmeldungPayload(kase.number);
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(payload, 'Stadt Essen', '2026-03-05')] });
      const transport = new RecordingTransport();
      const result = await deliverMessage(ctx, message!.id, { transport });
      expect(result.outcome).toBe('delivered');
      const expected = await renderRueckmeldungForMunicipality(db, payload, { messageId: message!.id, municipalityId, createdAt: start.toISOString() });
      const sent = new TextDecoder().decode(transport.sent[0]!.content);
      expect(sent).toBe(expected);
      expect(sent).toContain('buergerbuero@bochum.example');
    });

    it('retries a failing transport with exponential backoff and delivers on the third attempt', async () => {
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')] });
      const clock = testContext(database, { now: start });
      const transport = new RecordingTransport({ failures: 2 });

      const first = await deliverMessage(clock, message!.id, { transport });
      expect(first).toEqual({ outcome: 'retry', error: expect.stringContaining('ENOSPC') as string, nextAttemptAt: new Date(start.getTime() + 60_000).toISOString() });
      let row = await messageRow(message!.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.lastError).toContain('ENOSPC');

      // Not due yet: a stray job does nothing.
      expect(await deliverMessage(clock, message!.id, { transport })).toEqual({ outcome: 'skipped', status: 'pending' });
      expect(transport.calls).toBe(1);

      clock.setNow(new Date(start.getTime() + 60_000));
      const second = await deliverMessage(clock, message!.id, { transport });
      expect(second).toMatchObject({ outcome: 'retry', nextAttemptAt: new Date(start.getTime() + 60_000 + 120_000).toISOString() });

      clock.setNow(new Date(start.getTime() + 180_000));
      expect((await deliverMessage(clock, message!.id, { transport })).outcome).toBe('delivered');
      row = await messageRow(message!.id);
      expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
      expect((await deliveries(message!.id)).map((d) => [d.attempt, d.outcome])).toEqual([[1, 'error'], [2, 'error'], [3, 'delivered']]);
    });

    it('gives up after OUTBOX_MAX_ATTEMPTS: failed, with the last error', async () => {
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')] });
      const clock = testContext(database, { now: start, config: { outboxMaxAttempts: 2, outboxRetrySeconds: 5 } });
      const transport = new RecordingTransport({ failures: 5 });
      expect((await deliverMessage(clock, message!.id, { transport })).outcome).toBe('retry');
      clock.setNow(new Date(start.getTime() + 5_000));
      const last = await deliverMessage(clock, message!.id, { transport });
      expect(last.outcome).toBe('failed');
      const row = await messageRow(message!.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
      expect(row.lastError).toMatch(/attempt 2 of 2/);
    });

    it('sends once when several workers run for the same message at the same time', async () => {
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')] });
      const transport = new RecordingTransport({ delayMs: 50 });
      const results = await Promise.all(Array.from({ length: 6 }, () => deliverMessage(ctx, message!.id, { transport })));
      expect(results.filter((r) => r.outcome === 'delivered')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'skipped')).toHaveLength(5);
      expect(transport.calls).toBe(1);
      expect(await deliveries(message!.id)).toHaveLength(1);
      expect((await messageRow(message!.id)).attempts).toBe(1);
    });

    it('counts a transport that does not answer as failed and retries it', async () => {
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')] });
      const result = await deliverMessage(ctx, message!.id, { transport: new RecordingTransport({ delayMs: 500 }), sendTimeoutMs: 50 });
      expect(result).toMatchObject({ outcome: 'retry', error: 'The recording transport did not answer within 50 ms' });
      expect((await messageRow(message!.id)).status).toBe('pending');
    });

    it('requestDelivery without a job runner in this process leaves the messages for the sweeper', async () => {
      const kase = await createCompletedCase(db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: start, requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')] });
      await expect(requestDelivery(ctx, [message!.id])).resolves.toBeUndefined();
      expect((await messageRow(message!.id)).status).toBe('pending');
    });
  });
});

describe('retryDelaySeconds', () => {
  it.each([
    [1, 60, 60],
    [2, 60, 120],
    [3, 60, 240],
    [8, 60, 7680],
    [9, 60, 15360],
    [10, 60, 21600],
    [40, 60, 21600],
    [1, 1, 1],
    [0, 60, 60],
  ])('after %i failed attempts (base %i s) waits %i s', (attempts, base, expected) => {
    expect(retryDelaySeconds(attempts, base)).toBe(expected);
  });
});
