/**
 * What the kit records at the bedside and the Rathaus ingests: append-only capture events with
 * client-generated ids, ordered per stream (one stream per case the kit works on). The wire shape
 * is the same for every transport; the outcome of each event is decided once by the Rathaus and
 * repeated to the kit on every later delivery, which is what makes a redelivery harmless.
 */
import { z } from 'zod';

export const attachmentRefSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'),
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1),
  /** photo, fingerprint, signature, scan, … as the workflow names it. */
  kind: z.string().min(1),
  /** Photos and fingerprints: wiped from the kit once the Rathaus confirms, and after their time limit regardless. */
  biometric: z.boolean(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const captureEventSchema = z.object({
  /** Chosen by the kit (UUID); the Rathaus applies an id once, whatever happens to the link. */
  id: z.uuid(),
  /** The case (or other unit of work) the event belongs to, chosen by the kit. */
  streamId: z.uuid(),
  /** 1, 2, 3, … within the stream, without gaps: the Rathaus applies a stream in this order. */
  seq: z.number().int().positive(),
  /** What happened, e.g. case.opened, case.updated, case.device, case.paid, case.completed. */
  kind: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/, 'area.verb, e.g. case.opened'),
  payload: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentRefSchema).default([]),
  /** The kit's clock when the officer captured it; the Rathaus corrects it by the skew it measures. */
  capturedAt: z.iso.datetime({ offset: true }),
  /** The officer logged in on the kit (their Rathaus account). */
  officerId: z.uuid(),
  /**
   * What the kit's tour package said about the register when the event was made (e.g. the
   * person's register version), so the Rathaus can tell whether the register changed since.
   */
  basis: z.record(z.string(), z.string()).optional(),
});
export type CaptureEvent = z.infer<typeof captureEventSchema>;

/** The batch the kit sends: its events in order, and its clock when sending (for skew). */
export const eventBatchSchema = z.object({
  sentAt: z.iso.datetime({ offset: true }),
  events: z.array(captureEventSchema).min(1).max(500),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

/**
 * The Rathaus's answer per event.
 * - applied: in the register/case now (also when this delivery was a repeat: `repeated`).
 * - review: kept for a clerk (the register changed since the package, or applying it failed); never lost.
 * - retry: not taken yet, nothing stored — an earlier event of the stream or an attachment is missing.
 */
const localizedText = z.object({ de: z.string(), en: z.string() });

export const eventOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ eventId: z.uuid(), status: z.literal('applied'), repeated: z.boolean(), result: z.record(z.string(), z.unknown()).optional() }),
  z.object({
    eventId: z.uuid(), status: z.literal('review'), repeated: z.boolean(), code: z.string(), reason: z.string(),
    /** The reason in German and English, where the refusing AppError carried its own translation. */
    message: localizedText.optional(),
  }),
  z.object({ eventId: z.uuid(), status: z.literal('retry'), code: z.enum(['OUT_OF_ORDER', 'ATTACHMENT_MISSING', 'BUSY']), reason: z.string(), expectedSeq: z.number().int().positive().optional(), missing: z.array(z.string()).optional() }),
]);
export type EventOutcome = z.infer<typeof eventOutcomeSchema>;
export type FinalOutcome = Extract<EventOutcome, { status: 'applied' | 'review' }>;

/** Sync state the officer sees per event on the kit. */
export const syncStates = ['pending', 'sent', 'confirmed', 'error', 'needs_review'] as const;
export type SyncState = (typeof syncStates)[number];
