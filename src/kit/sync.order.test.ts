// The order of work in a sync round: events that need no upload go before the uploads, so a
// link that breaks during a photo upload still delivers the day's small events and case steps.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from './capture-event.ts';
import { ingestBatch, type EventHandlers } from './ingest.ts';
import { syncOnce, type SyncTransport } from './sync.ts';
import { MemoryIngestStore, MemoryOutbox, MemoryUploadStore, type MemoryTx } from './testing/memory.ts';
import { receiveUpload } from './uploads.ts';

const kitId = 'kit-1';
const officerId = randomUUID();

async function* once(content: Uint8Array): AsyncIterable<Uint8Array> {
  yield content;
}

function eventOf(streamId: string, seq: number, attachments: CaptureEvent['attachments'] = []): CaptureEvent {
  return {
    id: randomUUID(), streamId, seq, kind: 'case.step', payload: {}, attachments,
    capturedAt: new Date(Date.UTC(2026, 11, 3, 9, seq)).toISOString(), officerId,
  };
}

function setup() {
  const uploads = new MemoryUploadStore();
  const rathaus = new MemoryIngestStore<{ applied: string[] }>({ applied: [] }, uploads);
  const handlers: EventHandlers<MemoryTx<{ applied: string[] }>> = {
    'case.step': (tx, event) => {
      tx.world.applied.push(event.id);
      return Promise.resolve({ status: 'applied' as const });
    },
  };
  const calls: string[] = [];
  let uploadBreaks = true;
  const transport: SyncTransport = {
    async sendEvents(batch) {
      calls.push(`events ${batch.events.length}`);
      return ingestBatch(rathaus, handlers, batch, { kitId, municipalityId: 'm', receivedAt: new Date() });
    },
    uploadStatus: (sha256) => uploads.status(kitId, sha256),
    async sendUpload(request, rest) {
      calls.push('upload');
      if (uploadBreaks) throw new Error('connection reset during upload');
      return receiveUpload(uploads, kitId, request, once(rest));
    },
  };
  return { rathaus, transport, calls, healLink: () => { uploadBreaks = false; } };
}

describe('sync round order', () => {
  it('delivers the events that need no upload before uploading, and the rest once the upload is through', async () => {
    const { rathaus, transport, calls, healLink } = setup();
    const outbox = new MemoryOutbox();
    const photo = new Uint8Array(50_000).map((_, i) => (i * 31) & 0xff);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const person = randomUUID();
    const other = randomUUID();
    const opened = eventOf(person, 1);
    const photographed = eventOf(person, 2, [{ sha256, size: photo.byteLength, mediaType: 'image/jpeg', kind: 'photo', biometric: true }]);
    const paid = eventOf(person, 3);
    const notes = [eventOf(other, 1), eventOf(other, 2)];
    outbox.append({ event: opened });
    outbox.append({ event: photographed }, [{ sha256, mediaType: 'image/jpeg', biometric: true, content: photo }]);
    outbox.append({ event: notes[0]! });
    outbox.append({ event: paid });
    outbox.append({ event: notes[1]! });

    const first = await syncOnce(outbox, transport, { clock: () => new Date() });
    // The upload broke, but what did not need it is at the Rathaus; the case waits at its photo.
    expect(calls).toEqual(['events 3', 'upload']);
    expect(first.interruption).toMatch(/Upload of an attachment interrupted/);
    expect(first).toMatchObject({ confirmed: 3, remaining: 2 });
    expect(rathaus.state.world.applied).toEqual([opened.id, notes[0]!.id, notes[1]!.id]);
    expect(outbox.entries.find((e) => e.event.id === paid.id)?.state).toBe('pending');

    healLink();
    const second = await syncOnce(outbox, transport, { clock: () => new Date() });
    expect(calls.slice(2)).toEqual(['upload', 'events 2']);
    expect(second).toMatchObject({ confirmed: 2, remaining: 0, uploadsCompleted: 1, wiped: 1, interruption: null });
    expect(rathaus.state.world.applied).toEqual([opened.id, notes[0]!.id, notes[1]!.id, photographed.id, paid.id]);
  });

  it('keeps a stream whose event was not taken out of the rest of the round', async () => {
    const { transport, calls, healLink } = setup();
    healLink();
    const outbox = new MemoryOutbox();
    const photo = new Uint8Array(10_000).map((_, i) => (i * 7) & 0xff);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const stream = randomUUID();
    // seq 2 first: the Rathaus answers OUT_OF_ORDER, so the photo event behind it must not go this round.
    const early = eventOf(stream, 2);
    const later = eventOf(stream, 3, [{ sha256, size: photo.byteLength, mediaType: 'image/jpeg', kind: 'photo', biometric: true }]);
    outbox.append({ event: early });
    outbox.append({ event: later }, [{ sha256, mediaType: 'image/jpeg', biometric: true, content: photo }]);
    const report = await syncOnce(outbox, transport, { clock: () => new Date() });
    expect(calls).toEqual(['events 1', 'upload']);
    expect(report).toMatchObject({ retry: 1, eventsSent: 1, uploadsCompleted: 1, remaining: 2 });
  });
});
