/**
 * The Rathaus side of the sync: idempotent, ordered ingestion of a kit's capture events.
 *
 * - An event id is applied once. A repeat delivery gets the stored outcome back and changes nothing.
 * - A stream (one case) is applied in seq order without gaps; an event whose predecessor has not
 *   arrived is not taken (retry) — the kit sends its stream in order, so this heals by itself.
 * - An event is applied together with its receipt in one transaction: after a crash either both
 *   are there or neither, so "applied twice" and "lost" cannot happen between the two.
 * - What cannot be applied (the register changed since the tour package, a rule refuses it) goes
 *   to the clerk's review queue with the reason, and so do the later events of the same stream,
 *   held behind it. Nothing is dropped; nothing is applied silently against a changed register.
 *
 * Persistence is a port (IngestStore), so the rules run the same on PostgreSQL and in the fault
 * tests' in-memory store.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../platform/errors.ts';
import { localizedMessageOf, type LocalizedText } from '../platform/localized-text.ts';
import type { CaptureEvent, EventBatch, EventOutcome, FinalOutcome } from './capture-event.ts';

export interface IngestReceipt {
  eventId: string;
  kitId: string;
  streamId: string;
  seq: number;
  kind: string;
  status: 'applied' | 'review';
  code: string | null;
  reason: string | null;
  /**
   * An applied step's result; for a step in review, `{ message: { de, en } }` where the refusing
   * AppError carried its own translation of the reason (the reason itself is English).
   */
  result: Record<string, unknown> | null;
  /** SHA-256 of the event as first received: a later delivery under the same id with other content is noticed. */
  digest: string;
  /** The event itself, so a clerk can apply or refuse what is in review. */
  event: CaptureEvent;
  capturedAtKit: Date;
  /** capturedAtKit corrected by the skew between the kit's clock and the Rathaus's. */
  capturedAt: Date;
  receivedAt: Date;
}

export interface StreamHead {
  kitId: string;
  /** Highest seq received (applied or in review). */
  seq: number;
  /** Some event of the stream is in review: later ones wait behind it. */
  held: boolean;
}

/**
 * The head of a stream from its receipts: the highest seq received (a SEQ_TAKEN duplicate does not
 * count) and whether any of them is in review. Both stores fold their rows with it.
 */
export function streamHeadOf(receipts: readonly Pick<IngestReceipt, 'kitId' | 'seq' | 'status' | 'code'>[]): StreamHead | null {
  let head: StreamHead | null = null;
  for (const receipt of receipts) {
    head ??= { kitId: receipt.kitId, seq: 0, held: false };
    if (receipt.code !== 'SEQ_TAKEN') head.seq = Math.max(head.seq, receipt.seq);
    if (receipt.status === 'review') head.held = true;
  }
  return head;
}

/** One transaction's view of the ingestion tables. */
export interface IngestTx {
  receipt(eventId: string): Promise<IngestReceipt | null>;
  streamHead(streamId: string): Promise<StreamHead | null>;
  /** Of these SHA-256s, the ones not uploaded completely by this kit. */
  missingUploads(kitId: string, sha256s: string[]): Promise<string[]>;
  saveReceipt(receipt: IngestReceipt): Promise<void>;
  /** Runs work in a savepoint: when it throws, its changes are undone and the outer transaction goes on. */
  nested<T>(work: () => Promise<T>): Promise<T>;
}

export interface IngestStore<Tx extends IngestTx = IngestTx> {
  /** Runs work in one transaction, committed when it returns. */
  atomically<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface EventMeta {
  kitId: string;
  municipalityId: string;
  capturedAt: Date;
  receivedAt: Date;
}

/**
 * Applies one kind of event inside the ingestion transaction. It returns what the kit may learn
 * (ids, numbers) or asks for review (register changed). An AppError it throws means "a rule
 * refuses this": the event goes to review with the error's code and message. Any other error is
 * treated as transient (database, bug): nothing is stored, the kit will deliver again.
 */
export type EventHandler<Tx extends IngestTx = IngestTx> = (
  tx: Tx, event: CaptureEvent, meta: EventMeta,
) => Promise<{ status: 'applied'; result?: Record<string, unknown> } | { status: 'review'; code: string; reason: string }>;

export type EventHandlers<Tx extends IngestTx = IngestTx> = Record<string, EventHandler<Tx>>;

export interface IngestOptions {
  kitId: string;
  municipalityId: string;
  receivedAt: Date;
  /** Called for transient failures (nothing stored); the kit retries. */
  onTransientError?: (event: CaptureEvent, error: unknown) => void;
}

/** Stable digest of an event's content (keys sorted), to recognise a redelivery. */
export function eventDigest(event: CaptureEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The kit's clock error as the Rathaus sees it: the batch says when the kit sent it, the Rathaus
 * knows when it arrived. The link's delay is part of it; for correcting capture times to the
 * minute that does not matter, and ordering never depends on clocks (seq does).
 */
export function clockSkewMs(batch: Pick<EventBatch, 'sentAt'>, receivedAt: Date): number {
  return receivedAt.getTime() - new Date(batch.sentAt).getTime();
}

/** Capture time on the Rathaus's clock; never later than the arrival. */
export function correctedCaptureTime(capturedAtKit: Date, skewMs: number, receivedAt: Date): Date {
  const corrected = capturedAtKit.getTime() + skewMs;
  return new Date(Math.min(corrected, receivedAt.getTime()));
}

export function outcomeOfReceipt(receipt: IngestReceipt, repeated: boolean): FinalOutcome {
  if (receipt.status === 'applied') return { eventId: receipt.eventId, status: 'applied', repeated, ...(receipt.result ? { result: receipt.result } : {}) };
  const message = localizedMessageOf(receipt.result);
  return { eventId: receipt.eventId, status: 'review', repeated, code: receipt.code ?? 'REVIEW', reason: receipt.reason ?? '', ...(message ? { message } : {}) };
}

/**
 * Ingests a batch event by event, each in its own transaction, in the order sent. Once an event
 * of a stream is not taken (retry), the stream's later events in the batch are not tried either.
 */
export async function ingestBatch<Tx extends IngestTx>(
  store: IngestStore<Tx>, handlers: EventHandlers<Tx>, batch: EventBatch, options: IngestOptions,
): Promise<EventOutcome[]> {
  const skew = clockSkewMs(batch, options.receivedAt);
  const stalled = new Map<string, EventOutcome>();
  const outcomes: EventOutcome[] = [];
  for (const event of batch.events) {
    const blocked = stalled.get(event.streamId);
    if (blocked) {
      outcomes.push({ eventId: event.id, status: 'retry', code: 'OUT_OF_ORDER', reason: 'An earlier event of this case was not taken yet.', expectedSeq: expectedSeqOf(blocked, event) });
      continue;
    }
    let outcome: EventOutcome;
    try {
      outcome = await store.atomically((tx) => ingestEvent(tx, handlers, event, options, skew));
    } catch (error) {
      options.onTransientError?.(event, error);
      outcome = { eventId: event.id, status: 'retry', code: 'BUSY', reason: 'The Rathaus could not store the event just now; the kit sends it again.' };
    }
    if (outcome.status === 'retry') stalled.set(event.streamId, outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

function expectedSeqOf(blocked: EventOutcome, event: CaptureEvent): number {
  return blocked.status === 'retry' && blocked.expectedSeq !== undefined ? blocked.expectedSeq : event.seq;
}

async function ingestEvent<Tx extends IngestTx>(
  tx: Tx, handlers: EventHandlers<Tx>, event: CaptureEvent, options: IngestOptions, skewMs: number,
): Promise<EventOutcome> {
  const known = await tx.receipt(event.id);
  if (known) return outcomeOfReceipt(known, true);

  const head = await tx.streamHead(event.streamId);
  const expectedSeq = (head?.seq ?? 0) + 1;
  if (event.seq !== expectedSeq) {
    if (event.seq > expectedSeq) {
      return { eventId: event.id, status: 'retry', code: 'OUT_OF_ORDER', reason: `Event ${event.seq} of the case came before event ${expectedSeq}.`, expectedSeq };
    }
    // A lower seq under a new id: the kit re-numbered or two kits share a stream. Keep it for a clerk.
    return save(tx, event, options, skewMs, { status: 'review', code: 'SEQ_TAKEN', reason: `The case already has an event number ${event.seq} from another capture; a clerk decides which one counts.` });
  }
  if (head && head.kitId !== options.kitId) {
    return save(tx, event, options, skewMs, { status: 'review', code: 'STREAM_OF_OTHER_KIT', reason: 'Another kit started this case; a clerk checks which capture counts.' });
  }
  if (head?.held) {
    return save(tx, event, options, skewMs, { status: 'review', code: 'HELD_BEHIND_REVIEW', reason: 'An earlier step of this case is in review; this step waits behind it.' });
  }

  const missing = await tx.missingUploads(options.kitId, event.attachments.map((a) => a.sha256));
  if (missing.length > 0) {
    return { eventId: event.id, status: 'retry', code: 'ATTACHMENT_MISSING', reason: `${missing.length} attachment(s) of the event have not been uploaded completely.`, missing };
  }

  const handler = Object.hasOwn(handlers, event.kind) ? handlers[event.kind] : undefined;
  if (!handler) {
    return save(tx, event, options, skewMs, { status: 'review', code: 'KIND_UNKNOWN', reason: `The Rathaus does not know events of kind "${event.kind}"; update the Rathaus or the kit.` });
  }
  const meta: EventMeta = {
    kitId: options.kitId, municipalityId: options.municipalityId, receivedAt: options.receivedAt,
    capturedAt: correctedCaptureTime(new Date(event.capturedAt), skewMs, options.receivedAt),
  };
  let decision: Awaited<ReturnType<EventHandler<Tx>>>;
  try {
    decision = await tx.nested(() => handler(tx, event, meta));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = localizedMessageOf(error.details);
    return save(tx, event, options, skewMs, { status: 'review', code: error.code, reason: error.message, ...(message ? { message } : {}) });
  }
  return save(tx, event, options, skewMs, decision.status === 'applied'
    ? { status: 'applied', result: decision.result ?? null }
    : { status: 'review', code: decision.code, reason: decision.reason });
}

async function save(
  tx: IngestTx, event: CaptureEvent, options: IngestOptions, skewMs: number,
  decision: { status: 'applied'; result: Record<string, unknown> | null } | { status: 'review'; code: string; reason: string; message?: LocalizedText },
): Promise<FinalOutcome> {
  const capturedAtKit = new Date(event.capturedAt);
  const receipt: IngestReceipt = {
    eventId: event.id, kitId: options.kitId, streamId: event.streamId, seq: event.seq, kind: event.kind,
    status: decision.status,
    code: decision.status === 'review' ? decision.code : null,
    reason: decision.status === 'review' ? decision.reason : null,
    result: decision.status === 'applied' ? decision.result : decision.message ? { message: decision.message } : null,
    digest: eventDigest(event), event, capturedAtKit,
    capturedAt: correctedCaptureTime(capturedAtKit, skewMs, options.receivedAt),
    receivedAt: options.receivedAt,
  };
  await tx.saveReceipt(receipt);
  return outcomeOfReceipt(receipt, false);
}
