// The Rathaus's side of the kits: pairings (keys, approval, revocation), the receipts of ingested
// capture events (the idempotency record and the clerk's review queue), and resumable uploads.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../cases/schema.ts';
import { staffUsers } from '../identity/schema.ts';
import { kits } from '../planning/schema.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { CaptureEvent } from './capture-event.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);
const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A kit notebook's keys and their approval. The kit makes its key pairs itself and sends only the
 * public halves; an admin approves the pairing after comparing the fingerprint the kit shows.
 */
export const kitPairings = pgTable('kit_pairing', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  kitId: uuid('kit_id').notNull().references(() => kits.id),
  /** Ed25519 public key (JWK) that signs the kit's challenges. */
  signingKey: jsonb('signing_key').$type<Record<string, string>>().notNull(),
  /** X25519 public key (JWK) tour packages are encrypted to. */
  encryptionKey: jsonb('encryption_key').$type<Record<string, string>>().notNull(),
  /** SHA-256 over both public keys, shown on the kit and to the admin (first 16 hex digits grouped). */
  fingerprint: text('fingerprint').notNull(),
  /** pending | active | revoked | rejected */
  status: text('status').notNull().default('pending'),
  requestedAt: at('requested_at').notNull().defaultNow(),
  decidedAt: at('decided_at'),
  decidedBy: uuid('decided_by').references(() => staffUsers.id),
  revokedAt: at('revoked_at'),
  revokedBy: uuid('revoked_by').references(() => staffUsers.id),
  revokeReason: text('revoke_reason'),
  /** The revoked kit said it wiped its data (at its first contact after the revocation). */
  wipedAt: at('wiped_at'),
  lastContactAt: at('last_contact_at'),
}, (t) => [
  index('kit_pairing_kit_idx').on(t.kitId),
  uniqueIndex('kit_pairing_one_active_uq').on(t.kitId).where(sql`status in ('pending', 'active')`),
]);

/** A short-lived bearer token a paired kit gets for a signed challenge. */
export const kitSessions = pgTable('kit_session', {
  tokenHash: text('token_hash').primaryKey(),
  municipalityId: tenant(),
  pairingId: uuid('pairing_id').notNull().references(() => kitPairings.id),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
});

/** A challenge handed out to a kit, used once. */
export const kitChallenges = pgTable('kit_challenge', {
  nonce: text('nonce').primaryKey(),
  pairingId: uuid('pairing_id').notNull().references(() => kitPairings.id),
  expiresAt: at('expires_at').notNull(),
});

/** One row per capture event ever received: what the kit is told on every redelivery, and the review queue. */
export const kitEventReceipts = pgTable('kit_event_receipt', {
  eventId: uuid('event_id').primaryKey(),
  municipalityId: tenant(),
  kitId: uuid('kit_id').notNull().references(() => kits.id),
  streamId: uuid('stream_id').notNull(),
  seq: integer('seq').notNull(),
  kind: text('kind').notNull(),
  /** applied | review */
  status: text('status').notNull(),
  code: text('code'),
  reason: text('reason'),
  result: jsonb('result').$type<Record<string, unknown>>(),
  digest: text('digest').notNull(),
  event: jsonb('event').$type<CaptureEvent>().notNull(),
  capturedAtKit: at('captured_at_kit').notNull(),
  capturedAt: at('captured_at').notNull(),
  receivedAt: at('received_at').notNull(),
  /** Review queue: a clerk applied (status becomes applied) or set it aside, with the reason. */
  resolvedAt: at('resolved_at'),
  resolvedBy: uuid('resolved_by').references(() => staffUsers.id),
  resolution: text('resolution'),
}, (t) => [
  index('kit_event_receipt_stream_idx').on(t.streamId, t.seq),
  index('kit_event_receipt_review_idx').on(t.municipalityId, t.status),
]);

/** A resumable upload of one attachment by one kit, named by its SHA-256. */
export const kitUploads = pgTable('kit_upload', {
  municipalityId: tenant(),
  kitId: uuid('kit_id').notNull().references(() => kits.id),
  sha256: text('sha256').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mediaType: text('media_type').notNull(),
  received: bigint('received', { mode: 'number' }).notNull().default(0),
  completedAt: at('completed_at'),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.kitId, t.sha256] })]);

/** The bytes of an upload as they arrived, in pieces; a dropped link loses at most the piece in flight. */
export const kitUploadChunks = pgTable('kit_upload_chunk', {
  kitId: uuid('kit_id').notNull(),
  sha256: text('sha256').notNull(),
  offset: bigint('offset', { mode: 'number' }).notNull(),
  content: bytea('content').notNull(),
}, (t) => [primaryKey({ columns: [t.kitId, t.sha256, t.offset] })]);

// ——— On the kit notebook only (the Rathaus's tables stay empty) ———

/**
 * The kit's outbox of capture events, in capture order. The event itself is sealed with the kit's
 * data key (AES-256-GCM, see vault.ts); what stays readable is what the sync needs to decide what
 * to send: ids, order, state, and the SHA-256 of the attachments (which reveals nothing).
 */
export const kitOutbox = pgTable('kit_outbox', {
  position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
  eventId: uuid('event_id').notNull().unique(),
  streamId: uuid('stream_id').notNull(),
  seq: integer('seq').notNull(),
  /** pending | sent | confirmed | error | needs_review */
  state: text('state').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  outcome: jsonb('outcome').$type<Record<string, unknown>>(),
  attachmentHashes: text('attachment_hashes').array().notNull().default([]),
  sealed: bytea('sealed').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('kit_outbox_stream_seq_uq').on(t.streamId, t.seq)]);

/** Attachment contents on the kit, sealed; the content is gone (null) once wiped. */
export const kitBlobs = pgTable('kit_blob', {
  sha256: text('sha256').primaryKey(),
  mediaType: text('media_type').notNull(),
  biometric: boolean('biometric').notNull(),
  size: integer('size').notNull(),
  sealed: bytea('sealed'),
  uploaded: boolean('uploaded').notNull().default(false),
  interrupted: boolean('interrupted').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
  wipedAt: at('wiped_at'),
});

/**
 * The kit's data key, wrapped: once for the Rathaus's escrow ('escrow') and once per officer who
 * logged in on this kit (their user id), which is also their offline-login verifier.
 */
export const kitKeys = pgTable('kit_key', {
  holder: text('holder').primaryKey(),
  wrapped: jsonb('wrapped').$type<Record<string, unknown>>().notNull(),
  username: text('username'),
  displayName: text('display_name'),
  roles: text('roles').array(),
  lastOnlineLoginAt: at('last_online_login_at'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
});

/** Case and receipt numbers the tour packages reserved for this kit, each used once. */
export const kitNumbers = pgTable('kit_number', {
  number: text('number').primaryKey(),
  /** case | receipt */
  series: text('series').notNull(),
  usedAt: at('used_at'),
});

/** The tour packages as downloaded (still encrypted to the kit's key). */
export const kitPackages = pgTable('kit_package', {
  tourId: uuid('tour_id').primaryKey(),
  tourDate: text('tour_date').notNull(),
  sealed: text('sealed').notNull(),
  expiresAt: at('expires_at').notNull(),
  loadedAt: at('loaded_at').notNull().defaultNow(),
});
