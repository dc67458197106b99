import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { OutboundPayload } from './messages.ts';

/**
 * pending → sending → delivered | pending (transport error, retried with backoff) | failed (after the
 * last attempt) | rejected (the payload cannot be rendered, e.g. fingerprints already deleted; no
 * retry helps). A clerk's retry puts a failed or rejected message back to pending; a clerk may
 * cancel a message that has not been delivered (cancelled: final, the case no longer waits for it).
 */
export const outboundStatuses = ['pending', 'sending', 'delivered', 'failed', 'rejected', 'cancelled'] as const;
export type OutboundStatus = (typeof outboundStatuses)[number];

/**
 * The outbox (transactional outbox pattern): a workflow inserts a row in the transaction that
 * completes its case; the job runner delivers it after commit. The row is the truth about the
 * message; pg-boss jobs only drive the attempts, and a sweeper re-creates a job when one is lost.
 * The wire format is rendered at delivery time (attachments such as fingerprints are loaded then),
 * so the payload holds references, not the biometric data itself.
 */
export const outboundMessages = pgTable('outbound_message', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  /** The case that produced the message (no foreign key: the outbox outlives case clean-up). */
  caseId: uuid('case_id'),
  /** OutboundKind: xmeld_rueckmeldung | id_order | bzr_application. */
  kind: text('kind').notNull(),
  /** (case, kind, recipient): enqueueing the same message twice returns the first row. */
  idempotencyKey: text('idempotency_key').notNull(),
  payload: jsonb('payload').$type<OutboundPayload>().notNull(),
  recipientName: text('recipient_name').notNull(),
  dueBy: date('due_by', { mode: 'string' }),
  status: text('status').$type<OutboundStatus>().notNull().default('pending'),
  /** Delivery attempts made so far, over all retries (also those a clerk started). */
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  /** When the next attempt is due (pending); null while sending or when final. */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }),
  fileName: text('file_name'),
  transport: text('transport'),
  transportReference: text('transport_reference'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
}, (t) => [
  uniqueIndex('outbound_message_key_uq').on(t.municipalityId, t.idempotencyKey),
  index('outbound_message_status_idx').on(t.status, t.nextAttemptAt),
  index('outbound_message_case_idx').on(t.caseId),
  index('outbound_message_list_idx').on(t.municipalityId, t.createdAt),
]);

/**
 * One row per delivery attempt: what was sent (file name, SHA-256 and size of the exact bytes,
 * not the bytes: an ID order embeds fingerprints, which must not outlive the hand-over) and how
 * it ended.
 */
export const outboundDeliveries = pgTable('outbound_delivery', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  messageId: uuid('message_id').notNull().references(() => outboundMessages.id),
  attempt: integer('attempt').notNull(),
  /** delivered | error | rejected (the payload cannot be rendered; no retry helps) */
  outcome: text('outcome').notNull(),
  error: text('error'),
  transport: text('transport'),
  transportReference: text('transport_reference'),
  fileName: text('file_name'),
  mediaType: text('media_type'),
  contentSha256: text('content_sha256'),
  contentBytes: bigint('content_bytes', { mode: 'number' }),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }).notNull(),
}, (t) => [index('outbound_delivery_message_idx').on(t.messageId, t.attempt)]);
