/**
 * The kit's side of the sync: pushes the outbox to the Rathaus until every event is settled.
 *
 * Order of work in one round: first the events that need no upload (no attachment, or one the
 * Rathaus has already), so a day's small events and case steps do not wait behind megabytes of
 * photos on a link that may not last; then the attachments (resumable, content-addressed); then the
 * events whose attachments have arrived. Up to `uploadConcurrency` attachments (default 2) are on the
 * link at once: with one at a time the uplink idles during every upload's round trips (the answer,
 * the next request, a resume's offset query), about a fifth of the time on a slow mobile link.
 * Each stream goes in capture order. Every step is written to the outbox store before and after it
 * happens, so a kit that is switched off in the middle picks up where it was: an event that was
 * sent but not answered is sent again, which the Rathaus answers with the outcome it stored the
 * first time. Biometric attachments are wiped as soon as all the events that carry them are
 * settled at the Rathaus.
 */
import { AppError } from '../platform/errors.ts';
import type { CaptureEvent, EventBatch, EventOutcome, FinalOutcome, SyncState } from './capture-event.ts';
import { uploadAttachment, type UploadTransport } from './uploads.ts';

export interface OutboxEntry {
  event: CaptureEvent;
  state: SyncState;
  /** Deliveries tried without a final answer. */
  attempts: number;
  /** What the officer reads when something is not right yet. */
  lastError: string | null;
  outcome: FinalOutcome | null;
}

export interface StoredAttachment {
  sha256: string;
  mediaType: string;
  biometric: boolean;
  /** null once wiped. */
  content: Uint8Array | null;
  uploaded: boolean;
  /** An upload was started and did not finish: ask the Rathaus for its offset before sending more. */
  interrupted: boolean;
}

/** The kit's persistent outbox (encrypted at rest in production). */
export interface OutboxStore {
  /** Entries not yet confirmed or in review, in capture order. */
  unsettled(): Promise<OutboxEntry[]>;
  update(eventId: string, change: Partial<Pick<OutboxEntry, 'state' | 'attempts' | 'lastError' | 'outcome'>>): Promise<void>;
  attachment(sha256: string): Promise<StoredAttachment | null>;
  markAttachment(sha256: string, change: Partial<Pick<StoredAttachment, 'uploaded' | 'interrupted'>>): Promise<void>;
  /** Deletes the content of biometric attachments whose events are all settled; returns how many. */
  wipeSettledBiometrics(): Promise<number>;
}

export interface EventTransport {
  sendEvents(batch: EventBatch): Promise<EventOutcome[]>;
}

export type SyncTransport = EventTransport & UploadTransport;

export interface SyncReport {
  /** Events put on the wire (repeats included). */
  eventsSent: number;
  confirmed: number;
  review: number;
  /** Not taken this round (order, attachment), still pending. */
  retry: number;
  uploadsCompleted: number;
  uploadBytes: number;
  requests: number;
  wiped: number;
  /** Unsettled events after the round. */
  remaining: number;
  /** The link or the Rathaus failed: the round stopped here and will be tried again. */
  interruption: string | null;
}

export interface SyncOptions {
  clock: () => Date;
  batchSize?: number;
  /** After this many deliveries without an answer the event shows as error (it is still retried). */
  attemptsBeforeError?: number;
  /**
   * Attachment uploads in flight at once (default 2). Two keep a slow link busy while one waits
   * for its answer; more only split the same bandwidth and hold more decrypted content in memory.
   */
  uploadConcurrency?: number;
}

export const defaultUploadConcurrency = 2;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One sync round; call it again (on reconnect, on a timer) until `remaining` is 0. */
export async function syncOnce(store: OutboxStore, transport: SyncTransport, options: SyncOptions): Promise<SyncReport> {
  const batchSize = options.batchSize ?? 100;
  const attemptsBeforeError = options.attemptsBeforeError ?? 3;
  const uploadConcurrency = options.uploadConcurrency ?? defaultUploadConcurrency;
  if (!Number.isSafeInteger(uploadConcurrency) || uploadConcurrency < 1) {
    throw new AppError('SYNC_UPLOAD_CONCURRENCY_INVALID', `uploadConcurrency must be a whole number of at least 1, not ${uploadConcurrency}.`, 500);
  }
  const report: SyncReport = { eventsSent: 0, confirmed: 0, review: 0, retry: 0, uploadsCompleted: 0, uploadBytes: 0, requests: 0, wiped: 0, remaining: 0, interruption: null };
  const entries = await store.unsettled();
  const attachmentIds = [...new Set(entries.flatMap((e) => e.event.attachments.map((a) => a.sha256)))];
  const ready = new Set<string>();
  for (const sha256 of attachmentIds) if ((await store.attachment(sha256))?.uploaded) ready.add(sha256);

  const sent = new Set<string>();
  /** Streams with an event the Rathaus did not take this round: their later events wait for the next. */
  const stalledStreams = new Set<string>();
  /** Sends the unsent events a stream can deliver now, in capture order; false when the link failed. */
  const deliverEvents = async (): Promise<boolean> => {
    const blockedStreams = new Set(stalledStreams);
    const sendable: OutboxEntry[] = [];
    for (const entry of entries) {
      if (sent.has(entry.event.id) || blockedStreams.has(entry.event.streamId)) continue;
      if (entry.event.attachments.some((a) => !ready.has(a.sha256))) {
        blockedStreams.add(entry.event.streamId);
        continue;
      }
      sendable.push(entry);
    }
    for (let start = 0; start < sendable.length; start += batchSize) {
      const batch = sendable.slice(start, start + batchSize);
      for (const entry of batch) {
        sent.add(entry.event.id);
        await store.update(entry.event.id, { state: 'sent', attempts: entry.attempts + 1 });
      }
      let outcomes: EventOutcome[];
      try {
        report.requests += 1;
        report.eventsSent += batch.length;
        outcomes = await transport.sendEvents({ sentAt: options.clock().toISOString(), events: batch.map((e) => e.event) });
      } catch (error) {
        const message = errorText(error);
        for (const entry of batch) {
          await store.update(entry.event.id, {
            state: entry.attempts + 1 >= attemptsBeforeError ? 'error' : 'sent',
            lastError: `Keine Antwort vom Rathaus (${message}); wird erneut gesendet.`,
          });
        }
        report.interruption = `Sending events failed: ${message}`;
        return false;
      }
      const byId = new Map(outcomes.map((o) => [o.eventId, o]));
      for (const entry of batch) {
        const outcome = byId.get(entry.event.id);
        if (!outcome) {
          await store.update(entry.event.id, { state: 'pending', lastError: 'Das Rathaus hat dieses Ereignis nicht beantwortet; es wird erneut gesendet.' });
          stalledStreams.add(entry.event.streamId);
          report.retry += 1;
        } else if (outcome.status === 'applied') {
          await store.update(entry.event.id, { state: 'confirmed', outcome, lastError: null });
          report.confirmed += 1;
        } else if (outcome.status === 'review') {
          await store.update(entry.event.id, { state: 'needs_review', outcome, lastError: outcome.reason });
          report.review += 1;
        } else {
          if (outcome.code === 'ATTACHMENT_MISSING') {
            for (const sha256 of outcome.missing ?? []) {
              await store.markAttachment(sha256, { uploaded: false, interrupted: true });
              ready.delete(sha256);
            }
          }
          await store.update(entry.event.id, { state: 'pending', lastError: outcome.reason });
          stalledStreams.add(entry.event.streamId);
          report.retry += 1;
        }
      }
    }
    return true;
  };

  /** After a broken link: the steps that wait for an attachment say so (the officer sees why they are not sent). */
  const noteWaitingForUploads = async (): Promise<void> => {
    const waiting = new Set<string>();
    for (const entry of entries) {
      if (sent.has(entry.event.id)) continue;
      if (waiting.has(entry.event.streamId) || entry.event.attachments.some((a) => !ready.has(a.sha256))) {
        waiting.add(entry.event.streamId);
        await store.update(entry.event.id, { state: entry.state === 'error' ? 'error' : 'pending', lastError: uploadInterrupted });
      }
    }
  };

  // 1. What needs no upload goes first.
  if (!(await deliverEvents())) {
    await noteWaitingForUploads();
    return finish(store, report);
  }

  // 2. Attachments, each once, started in the order the events need them, a few at a time. The
  // first failure means the link is down: no new upload starts, but those in flight run to their
  // own end, so one that completes counts and one that breaks keeps what arrived for its resume.
  const queue = attachmentIds.filter((sha256) => !ready.has(sha256));
  let stopped = false;
  const uploadOne = async (sha256: string): Promise<void> => {
    const stored = await store.attachment(sha256);
    if (!stored?.content) return;
    try {
      await store.markAttachment(sha256, { interrupted: true });
      const attempt = await uploadAttachment(transport, stored.content, { sha256, mediaType: stored.mediaType }, stored.interrupted);
      report.requests += attempt.requests;
      report.uploadBytes += attempt.bytesSent;
      if (attempt.complete) {
        await store.markAttachment(sha256, { uploaded: true, interrupted: false });
        report.uploadsCompleted += 1;
        ready.add(sha256);
      }
    } catch (error) {
      stopped = true;
      report.interruption ??= `Upload of an attachment interrupted: ${errorText(error)}`;
    }
  };
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined && !stopped; next = queue.shift()) {
      try {
        await uploadOne(next);
      } catch (error) {
        // Not the link (the outbox itself failed): the other worker stops too, and syncOnce throws.
        stopped = true;
        throw error;
      }
    }
  };
  const workers = await Promise.allSettled(Array.from({ length: Math.min(uploadConcurrency, queue.length) }, () => worker()));
  // Only once every worker has ended: nothing of this round may still write to the outbox afterwards.
  const failed = workers.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
  if (report.interruption !== null) {
    await noteWaitingForUploads();
    return finish(store, report);
  }

  // 3. The events whose attachments have arrived now.
  await deliverEvents();
  return finish(store, report);
}

/** The kit's own reason (the field UI knows its wording as UPLOAD_INTERRUPTED). */
const uploadInterrupted = 'The link broke before this step\'s attachments reached the Rathaus; they go with the next sync.';

async function finish(store: OutboxStore, report: SyncReport): Promise<SyncReport> {
  report.wiped = await store.wipeSettledBiometrics();
  report.remaining = (await store.unsettled()).length;
  return report;
}
