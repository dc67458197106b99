import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';

/**
 * The access log of BMG § 40: who read or changed which register data, when, why, with which hits.
 * Entries form a hash chain per municipality: hash = SHA-256(prevHash + canonical entry).
 */
export const auditEntries = pgTable('audit_entry', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  actorRoles: text('actor_roles').array().notNull(),
  /** e.g. register.search, register.person.read, register.person.create, register.import */
  action: text('action').notNull(),
  /** Categories of data touched, e.g. names, birth, addresses, documents, blocks. */
  dataCategories: text('data_categories').array().notNull(),
  personIds: uuid('person_ids').array().notNull(),
  hitCount: integer('hit_count').notNull(),
  /** Reason or Aktenzeichen given for the access. */
  purpose: text('purpose'),
  /** Search terms and other request details needed to reconstruct the access. */
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  uniqueIndex('audit_entry_seq_uq').on(t.municipalityId, t.seq),
  index('audit_entry_at_idx').on(t.municipalityId, t.at),
  // Auditors answer "who accessed this person's data" (Art. 15 DSGVO requests) over years of log.
  index('audit_entry_person_idx').using('gin', t.personIds),
]);

/**
 * Head of each municipality's chain. Appends lock this row, so concurrent server instances
 * extend the chain one at a time. The anchor is where the retained part of the chain starts
 * after old entries were deleted by the retention job.
 */
export const auditChains = pgTable('audit_chain', {
  municipalityId: uuid('municipality_id').primaryKey().references(() => municipalities.id),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  anchorSeq: bigint('anchor_seq', { mode: 'number' }).notNull(),
  anchorPrevHash: text('anchor_prev_hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
