import { sql } from 'drizzle-orm';
import {
  boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { FeeQuote } from '../fees/types.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { Applicant } from './workflow.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Binary content. PGlite hands back Uint8Array, node-postgres a Buffer (a Uint8Array too); the
 * driver side gets a Buffer because node-postgres only encodes Buffers as bytea.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/** One service for one data subject (issue 3 "Cases"), from draft to handed over / closed. */
export const serviceCases = pgTable('service_case', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  /** "2026-000123": unique per municipality, allocated from case_number_range (or a kit's reserved range). */
  number: text('number').notNull(),
  serviceId: text('service_id').notNull(),
  /** The data subject; null only for an Anmeldung of a person new to the register (until completion). */
  personId: uuid('person_id'),
  applicant: jsonb('applicant').$type<Applicant>().notNull(),
  /** draft | captured | paid | completed | transmitted | handed_over | closed | cancelled | needs_review */
  state: text('state').notNull(),
  stateBeforeReview: text('state_before_review'),
  reviewReason: text('review_reason'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  /** The fee quote frozen at capture; null while draft. */
  fee: jsonb('fee').$type<FeeQuote>(),
  /** The day the application is made: fee tables, ages and residences are taken on this day. */
  applicationDate: date('application_date').notNull(),
  /** ID documents: the 9-character serial number reserved for this case (without check digit). */
  reservedSerialNumber: text('reserved_serial_number'),
  /** Optimistic concurrency: every change increments it; writers send the version they read. */
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('service_case_number_uq').on(t.municipalityId, t.number),
  // One application in progress per person and service (issue 3), also against concurrent opens.
  uniqueIndex('service_case_open_uq').on(t.municipalityId, t.personId, t.serviceId)
    .where(sql`${t.state} in ('draft', 'captured', 'paid', 'needs_review')`),
  index('service_case_person_idx').on(t.municipalityId, t.personId),
  index('service_case_state_idx').on(t.municipalityId, t.state),
]);

/** The history of a case: who did what when, with the state before and after. Append-only. */
export const caseEvents = pgTable('case_event', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  caseId: uuid('case_id').notNull().references(() => serviceCases.id, { onDelete: 'cascade' }),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  /** create | update | capture | documents | pay | complete | transmit | hand_over | close | cancel | flag | resume | device:<name> | attach | delete_attachments */
  action: text('action').notNull(),
  fromState: text('from_state'),
  toState: text('to_state'),
  note: text('note'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('case_event_case_idx').on(t.caseId, t.at)]);

/** Photos, fingerprints, signatures and scans of a case. Content is nulled when deleted (PAuswG § 26). */
export const caseAttachments = pgTable('case_attachment', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  caseId: uuid('case_id').notNull().references(() => serviceCases.id, { onDelete: 'cascade' }),
  /** photo | fingerprint | signature | scan | written_request | wohnungsgeberbestaetigung | other */
  kind: text('kind').notNull(),
  mediaType: text('media_type').notNull(),
  content: bytea('content'),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  biometric: boolean('biometric').notNull().default(false),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('case_attachment_case_idx').on(t.caseId)]);

/**
 * Counters for numbered series per municipality and year: case numbers ("2026-000123") and
 * receipt numbers ("Q-2026-000045"). Allocation is one UPDATE … RETURNING, so concurrent
 * server instances never hand out a number twice.
 */
export const caseNumberRanges = pgTable('case_number_range', {
  municipalityId: tenant(),
  /** case | receipt */
  series: text('series').notNull(),
  year: integer('year').notNull(),
  /** The next number to hand out. */
  nextValue: integer('next_value').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('case_number_range_uq').on(t.municipalityId, t.series, t.year)]);

/** A block of case numbers handed to a kit for offline numbering; never handed out again. */
export const caseNumberReservations = pgTable('case_number_reservation', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  series: text('series').notNull().default('case'),
  year: integer('year').notNull(),
  /** First and last sequence value of the block (inclusive). */
  rangeStart: integer('range_start').notNull(),
  rangeEnd: integer('range_end').notNull(),
  /** Who holds the block, e.g. "kit:<id>". */
  reservedFor: text('reserved_for').notNull(),
  reservedAt: timestamp('reserved_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_number_reservation_idx').on(t.municipalityId, t.year)]);

/** A cash or card payment on a case, with its numbered receipt. */
export const payments = pgTable('payment', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  caseId: uuid('case_id').notNull().references(() => serviceCases.id, { onDelete: 'cascade' }),
  /** cash | card */
  method: text('method').notNull(),
  amountCents: integer('amount_cents').notNull(),
  /** "Q-2026-000045", unique per municipality. */
  receiptNumber: text('receipt_number').notNull(),
  /** Terminal reference of a card payment (no card data). */
  cardReference: text('card_reference'),
  /** The fee_receipt document issued for it. */
  receiptDocumentId: uuid('receipt_document_id'),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  recordedBy: uuid('recorded_by'),
  recordedByName: text('recorded_by_name').notNull(),
}, (t) => [
  uniqueIndex('payment_receipt_uq').on(t.municipalityId, t.receiptNumber),
  index('payment_case_idx').on(t.caseId),
]);
