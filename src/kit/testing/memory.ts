/**
 * In-memory stores for the sync's fault tests: the same ports as the database stores, with real
 * transaction semantics (a failed transaction leaves nothing behind), so the tests exercise the
 * protocol's rules and not a simplified copy of them.
 */
import { streamHeadOf, type IngestReceipt, type IngestStore, type IngestTx, type StreamHead } from '../ingest.ts';
import type { OutboxEntry, OutboxStore, StoredAttachment } from '../sync.ts';
import type { UploadStatus, UploadStore } from '../uploads.ts';

/** What the Rathaus holds: receipts plus whatever the test's handlers write (`world`). */
export interface RathausState<W> {
  receipts: Map<string, IngestReceipt>;
  world: W;
}

export interface MemoryTx<W> extends IngestTx {
  world: W;
}

function cloneState<W>(state: RathausState<W>): RathausState<W> {
  return { receipts: new Map(state.receipts), world: structuredClone(state.world) };
}

export class MemoryIngestStore<W> implements IngestStore<MemoryTx<W>> {
  state: RathausState<W>;
  readonly uploads: MemoryUploadStore;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(world: W, uploads: MemoryUploadStore) {
    this.state = { receipts: new Map(), world };
    this.uploads = uploads;
  }

  /** Serialised like a database serialises conflicting transactions on the same rows. */
  atomically<T>(work: (tx: MemoryTx<W>) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      let draft = cloneState(this.state);
      const uploads = this.uploads;
      const tx: MemoryTx<W> = {
        get world() { return draft.world; },
        receipt: (eventId) => Promise.resolve(draft.receipts.get(eventId) ?? null),
        streamHead: (streamId) => Promise.resolve(headOf(draft, streamId)),
        missingUploads: (kitId, sha256s) => Promise.resolve(sha256s.filter((sha) => !uploads.isComplete(kitId, sha))),
        saveReceipt: (receipt) => {
          draft.receipts.set(receipt.eventId, receipt);
          return Promise.resolve();
        },
        nested: async <R>(inner: () => Promise<R>) => {
          const savepoint = cloneState(draft);
          try {
            return await inner();
          } catch (error) {
            draft = savepoint;
            throw error;
          }
        },
      };
      const result = await work(tx);
      this.state = draft;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function headOf<W>(state: RathausState<W>, streamId: string): StreamHead | null {
  return streamHeadOf([...state.receipts.values()].filter((receipt) => receipt.streamId === streamId));
}

export class MemoryUploadStore implements UploadStore {
  private readonly uploads = new Map<string, UploadStatus & { chunks: Uint8Array[] }>();
  private key = (kitId: string, sha256: string) => `${kitId}/${sha256}`;

  isComplete(kitId: string, sha256: string): boolean {
    return this.uploads.get(this.key(kitId, sha256))?.complete ?? false;
  }

  status(kitId: string, sha256: string): Promise<UploadStatus | null> {
    const upload = this.uploads.get(this.key(kitId, sha256));
    return Promise.resolve(upload ? { size: upload.size, mediaType: upload.mediaType, received: upload.received, complete: upload.complete } : null);
  }

  create(kitId: string, sha256: string, size: number, mediaType: string): Promise<void> {
    this.uploads.set(this.key(kitId, sha256), { size, mediaType, received: 0, complete: false, chunks: [] });
    return Promise.resolve();
  }

  append(kitId: string, sha256: string, offset: number, chunk: Uint8Array): Promise<number> {
    const upload = this.uploads.get(this.key(kitId, sha256));
    if (!upload || upload.received !== offset) return Promise.reject(new Error(`append at ${offset} does not continue the upload`));
    upload.chunks.push(chunk.slice());
    upload.received += chunk.byteLength;
    return Promise.resolve(upload.received);
  }

  content(kitId: string, sha256: string): Promise<Uint8Array> {
    const upload = this.uploads.get(this.key(kitId, sha256));
    const out = new Uint8Array(upload?.received ?? 0);
    let at = 0;
    for (const chunk of upload?.chunks ?? []) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return Promise.resolve(out);
  }

  markComplete(kitId: string, sha256: string): Promise<void> {
    const upload = this.uploads.get(this.key(kitId, sha256));
    if (upload) upload.complete = true;
    return Promise.resolve();
  }

  discard(kitId: string, sha256: string): Promise<void> {
    this.uploads.delete(this.key(kitId, sha256));
    return Promise.resolve();
  }
}

/** The kit's outbox in memory; `crashAfter` makes the n-th write throw, like a kit switched off. */
export class MemoryOutbox implements OutboxStore {
  readonly entries: OutboxEntry[] = [];
  readonly attachments = new Map<string, StoredAttachment>();
  writes = 0;
  crashAt: number | null = null;

  append(entry: Pick<OutboxEntry, 'event'>, attachments: { sha256: string; mediaType: string; biometric: boolean; content: Uint8Array }[] = []): void {
    for (const attachment of attachments) {
      if (!this.attachments.has(attachment.sha256)) this.attachments.set(attachment.sha256, { ...attachment, uploaded: false, interrupted: false });
    }
    this.entries.push({ event: entry.event, state: 'pending', attempts: 0, lastError: null, outcome: null });
  }

  private write(): void {
    this.writes += 1;
    if (this.crashAt !== null && this.writes >= this.crashAt) {
      this.crashAt = null;
      throw new KitCrash();
    }
  }

  unsettled(): Promise<OutboxEntry[]> {
    return Promise.resolve(this.entries.filter((e) => e.state !== 'confirmed' && e.state !== 'needs_review').map((e) => ({ ...e })));
  }

  update(eventId: string, change: Partial<Pick<OutboxEntry, 'state' | 'attempts' | 'lastError' | 'outcome'>>): Promise<void> {
    this.write();
    const entry = this.entries.find((e) => e.event.id === eventId);
    if (entry) Object.assign(entry, change);
    return Promise.resolve();
  }

  attachment(sha256: string): Promise<StoredAttachment | null> {
    const stored = this.attachments.get(sha256);
    return Promise.resolve(stored ? { ...stored } : null);
  }

  markAttachment(sha256: string, change: Partial<Pick<StoredAttachment, 'uploaded' | 'interrupted'>>): Promise<void> {
    this.write();
    const stored = this.attachments.get(sha256);
    if (stored) Object.assign(stored, change);
    return Promise.resolve();
  }

  wipeSettledBiometrics(): Promise<number> {
    let wiped = 0;
    for (const stored of this.attachments.values()) {
      if (!stored.biometric || stored.content === null) continue;
      const users = this.entries.filter((e) => e.event.attachments.some((a) => a.sha256 === stored.sha256));
      if (users.every((e) => e.state === 'confirmed' || e.state === 'needs_review')) {
        stored.content = null;
        wiped += 1;
      }
    }
    return Promise.resolve(wiped);
  }

}

export class KitCrash extends Error {
  constructor() {
    super('The kit was switched off.');
    this.name = 'KitCrash';
  }
}
