import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { startJobs } from '../platform/jobs.ts';
import { testContext } from '../platform/testing.ts';
import { enqueueMessages } from './enqueue.ts';
import { retryOutboxMessage } from './manage-outbox-message.ts';
import { outboxQueues, requestDelivery } from './outbox.ts';
import { outboundDeliveries, outboundMessages } from './schema.ts';
import { addAttachment, bzrPayload, caseState, createCompletedCase, idOrderPayload, pngBytes, RecordingTransport, request } from './testing.ts';
import type { FileDropManifest } from './transports/file-drop.ts';

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** The job runner really runs (pg-boss on the test database) and delivers through the file drop. */
describe('outbox through the job runner', () => {
  let database: Database;
  let municipalityId: string;
  let outboxDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    outboxDir = await mkdtemp(join(tmpdir(), 'bk-outbox-'));
  });
  afterAll(async () => {
    await database.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  const status = async (id: string) => (await database.db.select({ status: outboundMessages.status }).from(outboundMessages).where(eq(outboundMessages.id, id)))[0]?.status;

  it('delivers an ID order into the drop directory and moves the case to transmitted', async () => {
    // A real clock: pg-boss schedules in real time.
    const ctx = { ...testContext(database, { config: { outboxDir } }), now: () => new Date() };
    const stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5 } });
    try {
      const kase = await createCompletedCase(database.db, municipalityId);
      const photo = await addAttachment(database.db, municipalityId, kase.id, 'photo', pngBytes('photo'));
      const left = await addAttachment(database.db, municipalityId, kase.id, 'fingerprint', pngBytes('left'));
      const right = await addAttachment(database.db, municipalityId, kase.id, 'fingerprint', pngBytes('right'));
      const signature = await addAttachment(database.db, municipalityId, kase.id, 'signature', pngBytes('signature'));
      const ids = await database.db.transaction(async (tx) => enqueueMessages(tx as never, {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(),
        requests: [request(idOrderPayload(kase.number, { photo, fingerprints: [left, right], signature }), 'Bundesdruckerei')],
      }));
      await requestDelivery(ctx, ids.map((m) => m.id));
      const id = ids[0]!.id;
      await until(async () => (await status(id)) === 'delivered', 20_000);
      await until(async () => (await caseState(database.db, kase.id)) === 'transmitted', 5_000);

      const fileName = `id_order_${kase.number}_${id}.xml`;
      expect((await readdir(join(outboxDir, 'id_order'))).sort()).toEqual([fileName, `${fileName}.manifest.json`]);
      const content = await readFile(join(outboxDir, 'id_order', fileName));
      expect(content.toString('utf8')).toContain('<Ausweisauftrag xmlns="urn:buergerkoffer:exchange:ausweisauftrag:1"');
      expect((await stat(join(outboxDir, 'id_order', fileName))).mode & 0o777).toBe(0o600);
      const manifest = JSON.parse(await readFile(join(outboxDir, 'id_order', `${fileName}.manifest.json`), 'utf8')) as FileDropManifest;
      const sha256 = createHash('sha256').update(content).digest('hex');
      expect(manifest).toMatchObject({ messageId: id, kind: 'id_order', fileName, sha256, bytes: content.byteLength, recipientName: 'Bundesdruckerei' });
      const [delivery] = await database.db.select().from(outboundDeliveries).where(eq(outboundDeliveries.messageId, id));
      expect(delivery).toMatchObject({ outcome: 'delivered', transport: 'file_drop', transportReference: `id_order/${fileName}`, contentSha256: sha256 });
    } finally {
      await stop();
    }
  });

  it('retries a failing transport with backoff until it delivers', async () => {
    const ctx = { ...testContext(database, { config: { outboxRetrySeconds: 1 } }), now: () => new Date() };
    const transport = new RecordingTransport({ failures: 2 });
    const stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5, transport } });
    try {
      const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(database.db, {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(), requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
      });
      const started = Date.now();
      await requestDelivery(ctx, [message!.id]);
      await until(async () => (await status(message!.id)) === 'delivered', 30_000);
      // Backoff 1 s then 2 s: the third attempt cannot come before 3 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
      expect(transport.calls).toBe(3);
      const attempts = await database.db.select({ attempt: outboundDeliveries.attempt, outcome: outboundDeliveries.outcome, startedAt: outboundDeliveries.startedAt })
        .from(outboundDeliveries).where(eq(outboundDeliveries.messageId, message!.id)).orderBy(outboundDeliveries.attempt);
      expect(attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'delivered']);
      const gaps = attempts.slice(1).map((a, i) => new Date(a.startedAt).getTime() - new Date(attempts[i]!.startedAt).getTime());
      expect(gaps[0]).toBeGreaterThanOrEqual(1_000);
      expect(gaps[1]).toBeGreaterThanOrEqual(2_000);
      // The case follows its delivered message in a step of its own, just after.
      await until(async () => (await caseState(database.db, kase.id)) === 'transmitted', 10_000);
    } finally {
      await stop();
    }
  });

  it('picks up messages enqueued while no runner was running (the sweeper), catches up cases left completed, and schedules itself every minute', async () => {
    const ctx = { ...testContext(database), now: () => new Date() };
    const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
    const [message] = await enqueueMessages(database.db, {
      municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(), requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
    });
    await requestDelivery(ctx, [message!.id]); // no runner: nothing happens
    expect(await status(message!.id)).toBe('pending');
    // And a case whose message went out while marking it transmitted failed.
    const stuck = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
    const [done] = await enqueueMessages(database.db, {
      municipalityId, caseId: stuck.id, caseNumber: stuck.number, at: ctx.now(), requests: [request(bzrPayload(stuck.number), 'Bundesamt für Justiz')],
    });
    await database.db.update(outboundMessages).set({ status: 'delivered', deliveredAt: ctx.now().toISOString() }).where(eq(outboundMessages.id, done!.id));
    const transport = new RecordingTransport();
    const stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5, transport } });
    try {
      await until(async () => (await status(message!.id)) === 'delivered', 20_000);
      await until(async () => (await caseState(database.db, stuck.id)) === 'transmitted', 20_000);
      const schedules = rowsOf<{ name: string; cron: string }>(await database.db.execute(sql`select name, cron from pgboss.schedule where name = ${outboxQueues.sweep}`));
      expect(schedules).toEqual([{ name: outboxQueues.sweep, cron: '* * * * *' }]);
    } finally {
      await stop();
    }
  });

  it('recovers a message left "sending" by a crashed worker, and two runners on one database send each message once', async () => {
    const ctx = { ...testContext(database), now: () => new Date() };
    const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
    const requests = Array.from({ length: 6 }, (_, i) => request(bzrPayload(kase.number, { purpose: `Zweck ${i}` }), `Empfänger ${i}`));
    const ids = (await enqueueMessages(database.db, { municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(), requests })).map((m) => m.id);
    // The first one was claimed by a worker that died 20 minutes ago.
    await database.db.update(outboundMessages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: null, updatedAt: new Date(Date.now() - 20 * 60_000).toISOString() })
      .where(eq(outboundMessages.id, ids[0]!));
    const transport = new RecordingTransport({ delayMs: 20 });
    const stops = [
      await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5, transport } }),
      await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5, transport } }),
    ];
    try {
      await requestDelivery(ctx, ids);
      await requestDelivery(ctx, ids);
      for (const id of ids) await until(async () => (await status(id)) === 'delivered', 30_000);
      expect(transport.sent.map((m) => m.messageId).sort()).toEqual([...ids].sort());
      const [recovered] = await database.db.select().from(outboundMessages).where(eq(outboundMessages.id, ids[0]!));
      expect(recovered!.attempts).toBe(2);
    } finally {
      for (const stop of stops) await stop();
    }
  });

  it('a clerk\'s retry sends a waiting message now, not at its backoff time', async () => {
    const ctx = { ...testContext(database, { config: { outboxRetrySeconds: 3600 } }), now: () => new Date() };
    const transport = new RecordingTransport({ failures: 1 });
    const stop = await startJobs(ctx, { pollingIntervalSeconds: 0.5, outbox: { pollingIntervalSeconds: 0.5, transport } });
    try {
      const kase = await createCompletedCase(database.db, municipalityId, { serviceId: 'fuehrungszeugnis' });
      const [message] = await enqueueMessages(database.db, {
        municipalityId, caseId: kase.id, caseNumber: kase.number, at: ctx.now(), requests: [request(bzrPayload(kase.number), 'Bundesamt für Justiz')],
      });
      await requestDelivery(ctx, [message!.id]);
      // First attempt fails: the next one is an hour away, with its job queued for then.
      await until(async () => transport.calls === 1 && (await status(message!.id)) === 'pending', 20_000);
      await retryOutboxMessage(ctx, { kind: 'system', name: 'test', municipalityId }, message!.id, { reason: 'Plattenplatz frei' });
      await until(async () => (await status(message!.id)) === 'delivered', 20_000);
      expect(transport.calls).toBe(2);
    } finally {
      await stop();
    }
  });
});
