// Uploads in flight at once during a sync round: two by default so a slow link does not idle during
// each upload's round trips, one or more when configured; a drop in one upload stops new ones but
// keeps what the other carried, and the broken one resumes without sending again what arrived.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../platform/errors.ts';
import type { CaptureEvent } from './capture-event.ts';
import { ingestBatch, type EventHandlers } from './ingest.ts';
import { syncOnce, type SyncTransport } from './sync.ts';
import { MemoryIngestStore, MemoryOutbox, MemoryUploadStore, type MemoryTx } from './testing/memory.ts';
import { receiveUpload } from './uploads.ts';

const kitId = 'kit-1';
const officerId = randomUUID();
const clock = () => new Date(Date.UTC(2026, 11, 4, 12, 0));

/** The body as a slow link delivers it: 8 KiB pieces a millisecond apart, cut after `cutAfter` bytes. */
async function* slowly(content: Uint8Array, cutAfter: number | null, onWire: (bytes: number) => void): AsyncIterable<Uint8Array> {
  for (let at = 0; at < content.byteLength; at += 8192) {
    await sleep(1);
    if (cutAfter !== null && at >= cutAfter) throw new Error('connection reset during upload');
    const piece = content.slice(at, Math.min(at + 8192, content.byteLength));
    onWire(piece.byteLength);
    yield piece;
  }
}

function photoOf(size: number, seed: number) {
  const content = new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) & 0xff);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return { content, sha256, size };
}

/** One case per photo: the event that carries it, in a stream of its own. */
function dayWith(sizes: number[]) {
  const outbox = new MemoryOutbox();
  const photos = sizes.map((size, i) => photoOf(size, i));
  const events: CaptureEvent[] = photos.map((photo) => ({
    id: randomUUID(), streamId: randomUUID(), seq: 1, kind: 'case.step', payload: {},
    attachments: [{ sha256: photo.sha256, size: photo.size, mediaType: 'image/jpeg', kind: 'photo', biometric: true }],
    capturedAt: clock().toISOString(), officerId,
  }));
  events.forEach((event, i) => {
    const photo = photos[i]!;
    outbox.append({ event }, [{ sha256: photo.sha256, mediaType: 'image/jpeg', biometric: true, content: photo.content }]);
  });
  return { outbox, photos, events };
}

function rathaus() {
  const uploads = new MemoryUploadStore();
  const store = new MemoryIngestStore<{ applied: string[] }>({ applied: [] }, uploads);
  const handlers: EventHandlers<MemoryTx<{ applied: string[] }>> = {
    'case.step': (tx, event) => {
      tx.world.applied.push(event.id);
      return Promise.resolve({ status: 'applied' as const });
    },
  };
  /** Per upload a cut after this many bytes of its next request; used once. */
  const cuts = new Map<string, number>();
  const calls: string[] = [];
  /** Bytes of each attachment that went over the link (not those a cut stopped), over all its requests. */
  const bytesSent = new Map<string, number>();
  const inFlight = { now: 0, max: 0 };
  const transport: SyncTransport = {
    sendEvents(batch) {
      calls.push(`events ${batch.events.length}`);
      return ingestBatch(store, handlers, batch, { kitId, municipalityId: 'm', receivedAt: clock() });
    },
    uploadStatus(sha256) {
      calls.push(`status ${sha256.slice(0, 6)}`);
      return uploads.status(kitId, sha256);
    },
    async sendUpload(request, rest) {
      calls.push(`upload ${request.sha256.slice(0, 6)} from ${request.offset}`);
      const cut = cuts.get(request.sha256) ?? null;
      cuts.delete(request.sha256);
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      try {
        return await receiveUpload(uploads, kitId, request, slowly(rest, cut, (bytes) => {
          bytesSent.set(request.sha256, (bytesSent.get(request.sha256) ?? 0) + bytes);
        }));
      } finally {
        inFlight.now -= 1;
      }
    },
  };
  return { store, uploads, transport, calls, cuts, bytesSent, inFlight };
}

describe('uploads in flight during a sync round', () => {
  it.each([
    { configured: undefined, expected: 2 },
    { configured: 1, expected: 1 },
    { configured: 3, expected: 3 },
  ])('keeps $expected uploads on the link at once (uploadConcurrency $configured), each in one request', async ({ configured, expected }) => {
    const { outbox, photos, events } = dayWith([60_000, 40_000, 90_000, 20_000, 50_000, 30_000]);
    const { store, uploads, transport, calls, inFlight } = rathaus();
    const report = await syncOnce(outbox, transport, { clock, ...(configured ? { uploadConcurrency: configured } : {}) });

    expect(inFlight.max).toBe(expected);
    expect(report).toMatchObject({ uploadsCompleted: 6, confirmed: 6, remaining: 0, wiped: 6, interruption: null });
    // Started in the order the events need them; no offset queries for uploads never interrupted.
    expect(calls.slice(0, 6)).toEqual(photos.map((p) => `upload ${p.sha256.slice(0, 6)} from 0`));
    expect(calls.slice(6)).toEqual(['events 6']);
    for (const photo of photos) expect(uploads.isComplete(kitId, photo.sha256)).toBe(true);
    expect(store.state.world.applied).toEqual(events.map((e) => e.id));
  });

  it('refuses a concurrency below one', async () => {
    const { outbox } = dayWith([1000]);
    const { transport } = rathaus();
    await expect(syncOnce(outbox, transport, { clock, uploadConcurrency: 0 })).rejects.toMatchObject({ code: 'SYNC_UPLOAD_CONCURRENCY_INVALID' } satisfies Partial<AppError>);
  });

  it('stops starting uploads when one breaks, keeps the other one\'s, and resumes the broken one from what arrived', async () => {
    const { outbox, photos, events } = dayWith([200_000, 120_000, 30_000, 30_000]);
    const [big, other, third, fourth] = photos.map((p) => p.sha256) as [string, string, string, string];
    const { store, uploads, transport, calls, cuts, bytesSent } = rathaus();
    // The big photo's connection drops after 24 KiB, while the other upload is still on the link.
    cuts.set(big, 24_576);

    const first = await syncOnce(outbox, transport, { clock });
    expect(calls).toEqual([`upload ${big.slice(0, 6)} from 0`, `upload ${other.slice(0, 6)} from 0`]);
    expect(first.interruption).toMatch(/Upload of an attachment interrupted: connection reset/);
    expect(first).toMatchObject({ uploadsCompleted: 1, confirmed: 0, remaining: 4 });
    // The other upload ran to its end and counts; the broken one keeps what arrived at the Rathaus.
    expect(uploads.isComplete(kitId, other)).toBe(true);
    expect(outbox.attachments.get(other)).toMatchObject({ uploaded: true, interrupted: false });
    expect(outbox.attachments.get(big)).toMatchObject({ uploaded: false, interrupted: true });
    expect((await uploads.status(kitId, big))?.received).toBe(24_576);
    expect(outbox.attachments.get(third)).toMatchObject({ uploaded: false, interrupted: false });
    // Each step still waiting for an attachment says why (the field UI reads it as UPLOAD_INTERRUPTED).
    const waiting = outbox.entries.filter((e) => !e.event.attachments.some((a) => a.sha256 === other));
    expect(waiting).toHaveLength(3);
    for (const entry of waiting) expect(entry).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/^The link broke before this step's attachments reached the Rathaus/) });

    calls.length = 0;
    const second = await syncOnce(outbox, transport, { clock });
    expect(second).toMatchObject({ uploadsCompleted: 3, confirmed: 4, remaining: 0, interruption: null });
    // The broken one asks for its offset and sends only the rest; the others go once, from 0.
    expect(calls).toEqual([
      'events 1',
      `status ${big.slice(0, 6)}`, `upload ${third.slice(0, 6)} from 0`, `upload ${big.slice(0, 6)} from 24576`, `upload ${fourth.slice(0, 6)} from 0`,
      'events 3',
    ]);
    for (const photo of photos) {
      expect(uploads.isComplete(kitId, photo.sha256)).toBe(true);
      expect(bytesSent.get(photo.sha256), 'bytes sent again').toBe(photo.size);
    }
    expect([...store.state.world.applied].sort()).toEqual(events.map((e) => e.id).sort());
    expect(store.state.receipts.size).toBe(4);
  });
});
