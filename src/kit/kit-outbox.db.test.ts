// The kit's sealed outbox on a real database: the sync settles it under drops and duplicates
// like the in-memory store, biometrics leave the kit once the Rathaus has them (and after 96 h
// in any case), and nothing is readable without the data key.
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { createTestDatabase } from '../platform/db/testing.ts';
import type { CaptureEvent } from './capture-event.ts';
import { ingestBatch, type EventHandlers } from './ingest.ts';
import { KitOutbox } from './kit-outbox.ts';
import { kitBlobs, kitOutbox } from './schema.ts';
import { syncOnce, type SyncTransport } from './sync.ts';
import { MemoryIngestStore, MemoryUploadStore, type MemoryTx } from './testing/memory.ts';
import { receiveUpload } from './uploads.ts';
import { newDataKey, VaultError } from './vault.ts';

const handlers: EventHandlers<MemoryTx<{ applied: string[] }>> = {
  'case.step': (tx, event) => {
    tx.world.applied.push(event.id);
    return Promise.resolve({ status: 'applied' as const });
  },
};

function blob(size: number, seed: number, biometric: boolean) {
  const content = new Uint8Array(size).map((_, i) => (i * 31 + seed) & 0xff);
  return { content, sha256: createHash('sha256').update(content).digest('hex'), mediaType: 'image/png', biometric };
}

function eventWith(streamId: string, seq: number, blobs: ReturnType<typeof blob>[]): CaptureEvent {
  return {
    id: randomUUID(), streamId, seq, kind: 'case.step', payload: { familyName: 'Kowalski' },
    attachments: blobs.map((b) => ({ sha256: b.sha256, size: b.content.byteLength, mediaType: b.mediaType, kind: b.biometric ? 'photo' : 'scan', biometric: b.biometric })),
    capturedAt: '2026-12-08T09:00:00+01:00', officerId: randomUUID(),
  };
}

describe('the kit outbox on its database', () => {
  let database: Database;
  const dataKey = newDataKey();

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(kitOutbox);
    await database.db.delete(kitBlobs);
  });

  function rathaus(faults: string[] = []) {
    const uploads = new MemoryUploadStore();
    const store = new MemoryIngestStore<{ applied: string[] }>({ applied: [] }, uploads);
    const next = () => faults.shift() ?? 'none';
    const transport: SyncTransport = {
      async sendEvents(batch) {
        const fault = next();
        if (fault === 'dropRequest') throw new Error('connection refused');
        let outcomes = await ingestBatch(store, handlers, batch, { kitId: 'kit', municipalityId: 'm', receivedAt: new Date() });
        if (fault === 'duplicate') outcomes = await ingestBatch(store, handlers, batch, { kitId: 'kit', municipalityId: 'm', receivedAt: new Date() });
        if (fault === 'dropResponse') throw new Error('connection lost');
        return outcomes;
      },
      uploadStatus: (sha) => uploads.status('kit', sha),
      async sendUpload(request, rest) {
        const fault = next();
        if (fault === 'dropRequest') throw new Error('connection refused');
        const status = await receiveUpload(uploads, 'kit', request, (async function* () { yield rest; })());
        if (fault === 'dropResponse') throw new Error('connection lost');
        return status;
      },
    };
    return { store, uploads, transport };
  }

  it('seals events and contents: the disk shows no captured word, another key opens nothing', async () => {
    const outbox = new KitOutbox(database.db, dataKey);
    const photo = blob(2000, 1, true);
    await outbox.append(database.db, eventWith(randomUUID(), 1, [photo]), [photo]);
    const [row] = await database.db.select().from(kitOutbox);
    expect(Buffer.from(row!.sealed).includes('Kowalski')).toBe(false);
    const [stored] = await database.db.select().from(kitBlobs);
    expect(Buffer.from(stored!.sealed!).includes(Buffer.from(photo.content.subarray(0, 64)))).toBe(false);
    await expect(new KitOutbox(database.db, newDataKey()).unsettled()).rejects.toBeInstanceOf(VaultError);
    expect((await outbox.attachment(photo.sha256))?.content).toEqual(Buffer.from(photo.content));
  });

  it('lists the steps the Rathaus holds with its code and, where the refusing AppError had one, its German and English reason', async () => {
    const outbox = new KitOutbox(database.db, dataKey);
    const store = new MemoryIngestStore<{ applied: string[] }>({ applied: [] }, new MemoryUploadStore());
    const message = { de: 'Der Vorgang ist „abgeschlossen“ und kann nicht geändert werden.', en: 'The case is completed and cannot be changed.' };
    const refusing: EventHandlers<MemoryTx<{ applied: string[] }>> = {
      'case.step': (_tx, event) => Promise.reject(event.payload.englishOnly !== true
        ? new AppError('CASE_VIOLATIONS', 'The case cannot take this step yet (1 problem): The case is completed and cannot be changed.', 422,
          { violations: [{ code: 'CASE_STATE_NOT_ALLOWED', message }] })
        : new AppError('SOMETHING_NEW', 'Only in English.', 422)),
    };
    const options = { kitId: 'kit', municipalityId: 'm', receivedAt: new Date() };
    const transport: SyncTransport = {
      sendEvents: (batch) => ingestBatch(store, refusing, batch, options),
      uploadStatus: () => Promise.reject(new Error('no uploads here')),
      sendUpload: () => Promise.reject(new Error('no uploads here')),
    };
    // Two cases, one step each: the first refused with a translated AppError, the second with an English-only one.
    const translated = eventWith(randomUUID(), 1, []);
    const english = { ...eventWith(randomUUID(), 1, []), payload: { englishOnly: true } };
    await outbox.append(database.db, translated, []);
    await outbox.append(database.db, english, []);
    await syncOnce(outbox, transport, { clock: () => new Date() });

    const summary = await outbox.summary();
    expect(summary.unsettled).toEqual([]);
    expect(summary.inReview.map((s) => [s.code, s.message])).toEqual([['CASE_VIOLATIONS', message], ['SOMETHING_NEW', null]]);
    expect(summary.inReview[1]?.lastError).toBe('Only in English.');
    // A repeated delivery answers from the receipt, the translation included.
    const [again] = await ingestBatch(store, refusing, { sentAt: new Date().toISOString(), events: [translated] }, options);
    expect(again).toMatchObject({ status: 'review', repeated: true, code: 'CASE_VIOLATIONS', message });
  });

  it('wipes what was captured once every event carrying it is confirmed (the case is not being worked on), and shows what is not yet synced', async () => {
    const outbox = new KitOutbox(database.db, dataKey);
    const photo = blob(5000, 2, true);
    const scan = blob(3000, 3, false);
    const stream = randomUUID();
    await outbox.append(database.db, eventWith(stream, 1, [photo, scan]), [photo, scan]);
    await outbox.append(database.db, eventWith(stream, 2, [photo]), [photo]);
    expect((await outbox.summary()).unsettled.map((u) => u.seq)).toEqual([1, 2]);

    const { transport } = rathaus(['none', 'none', 'dropResponse']);
    const first = await syncOnce(outbox, transport, { clock: () => new Date() });
    expect(first.interruption).toMatch(/connection lost/);
    expect((await outbox.summary()).biometricsOnKit).toBe(1);
    const second = await syncOnce(outbox, transport, { clock: () => new Date() });
    expect(second).toMatchObject({ remaining: 0, wiped: 2 });
    const summary = await outbox.summary();
    expect(summary).toMatchObject({ counts: { confirmed: 2 }, unsettled: [], biometricsOnKit: 0 });
    expect((await outbox.attachment(photo.sha256))?.content).toBeNull();
    expect((await outbox.attachment(scan.sha256))?.content).toBeNull();
  });

  it('wipes photos after 96 hours even when they never reached the Rathaus', async () => {
    const outbox = new KitOutbox(database.db, dataKey);
    const photo = blob(1000, 4, true);
    await outbox.append(database.db, eventWith(randomUUID(), 1, [photo]), [photo]);
    expect(await outbox.wipeExpiredBiometrics(new Date(Date.now() + 95 * 3_600_000))).toBe(0);
    expect(await outbox.wipeExpiredBiometrics(new Date(Date.now() + 97 * 3_600_000))).toBe(1);
    expect((await outbox.attachment(photo.sha256))?.content).toBeNull();
  });

  it('settles every event exactly once under generated drops and duplicates (30 runs on the database)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.constantFrom('none', 'dropRequest', 'dropResponse', 'duplicate'), { maxLength: 12 }),
      async (streamLengths, faults) => {
        await database.db.delete(kitOutbox);
        await database.db.delete(kitBlobs);
        const outbox = new KitOutbox(database.db, dataKey);
        const ids: string[] = [];
        for (const [s, length] of streamLengths.entries()) {
          const stream = randomUUID();
          for (let seq = 1; seq <= length; seq += 1) {
            const photo = blob(100 + seq, s * 10 + seq, true);
            const event = eventWith(stream, seq, [photo]);
            ids.push(event.id);
            await outbox.append(database.db, event, [photo]);
          }
        }
        const { store, transport } = rathaus([...faults]);
        let remaining = -1;
        for (let round = 0; round < 20 && remaining !== 0; round += 1) remaining = (await syncOnce(outbox, transport, { clock: () => new Date() })).remaining;
        expect(remaining).toBe(0);
        expect([...store.state.world.applied].sort()).toEqual([...ids].sort());
        expect((await outbox.summary()).biometricsOnKit).toBe(0);
      },
    ), { numRuns: 30 });
  }, 120_000);
});
