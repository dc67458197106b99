import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../cases/schema.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import type {
  AvailabilityWindow, EligibilityEvidence, EligibilityRules, RequestLocation, Requester, RequestSubject,
} from './types.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A request for a home visit (issue 4), from the first call, mail or web form to the visit.
 * The requester (caller, relative, Betreuer, care home) is kept apart from the data subject.
 */
export const visitRequests = pgTable('visit_request', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  /** "HB-2026-00042": what the requester quotes on the phone and sees on the status page. */
  reference: text('reference').notNull(),
  /** SHA-256 (hex) of the secret in the status link; the secret itself is only ever sent to the requester. */
  statusTokenHash: text('status_token_hash').notNull(),
  /** phone | email | web */
  channel: text('channel').notNull(),
  /**
   * draft (inbox, incomplete) | open (complete, awaiting decision) | eligible | denied | planned
   * | confirmed | done | cancelled | merged (into merged_into_id). Waitlisted requests are eligible
   * with waitlisted_at set.
   */
  status: text('status').notNull(),
  /** The data subject matched in the register; null until the dispatcher matched them. */
  personId: uuid('person_id'),
  /** The data subject as the requester described them (never overwritten by the register match). */
  subject: jsonb('subject').$type<RequestSubject>().notNull(),
  requester: jsonb('requester').$type<Requester>().notNull(),
  /** Catalogue service ids (src/catalogue/services.ts). */
  services: jsonb('services').$type<string[]>().notNull().default([]),
  location: jsonb('location').$type<RequestLocation | null>(),
  /** When the subject can be visited; empty = any time within the institution's visiting hours / office hours. */
  availability: jsonb('availability').$type<AvailabilityWindow[]>().notNull().default([]),
  /** normal | high | urgent */
  urgency: text('urgency').notNull().default('normal'),
  /** Why it is urgent, e.g. "Ausweis für Rentenantrag bis 15.12. nötig". */
  urgencyReason: text('urgency_reason'),
  /** The visit must take place by this day (from the urgency reason), if any. */
  neededBy: date('needed_by'),
  notes: text('notes'),
  /** Set when a duplicate was merged into another request (with the dispatcher's consent). */
  mergedIntoId: uuid('merged_into_id'),
  /** Eligible but not yet planned for lack of capacity: offered freed slots first come, first served. */
  waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
  /** The dispatcher pinned the visit to a kit and/or day (planner respects it). */
  pinnedKitId: uuid('pinned_kit_id'),
  pinnedDate: date('pinned_date'),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('visit_request_reference_uq').on(t.municipalityId, t.reference),
  uniqueIndex('visit_request_status_token_uq').on(t.statusTokenHash),
  index('visit_request_status_idx').on(t.municipalityId, t.status),
  index('visit_request_person_idx').on(t.municipalityId, t.personId),
]);

/** Files that came with a request: the original mail, evidence scans, proof of authority. */
export const requestAttachments = pgTable('request_attachment', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  requestId: uuid('request_id').notNull().references(() => visitRequests.id, { onDelete: 'cascade' }),
  /** mail_original | evidence | authority_proof */
  kind: text('kind').notNull(),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  content: bytea('content').notNull(),
  /** mail | upload | portal */
  source: text('source').notNull(),
  createdAt: createdAt(),
}, (t) => [index('request_attachment_request_idx').on(t.requestId)]);

/** History of a request: intake, edits, decisions, merges, planning, letters, cancellation. Append-only. */
export const requestEvents = pgTable('request_event', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  requestId: uuid('request_id').notNull().references(() => visitRequests.id, { onDelete: 'cascade' }),
  /** created | updated | matched | decided | merged | planned | confirmed | reminded | cancelled | waitlisted | mail_in | mail_out | mail_bounced | letter */
  kind: text('kind').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('request_event_request_idx').on(t.requestId, t.at)]);

/** The municipality's mailbox as read over IMAP: one row per message, kept as received (evidence). */
export const inboundMails = pgTable('inbound_mail', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  mailbox: text('mailbox').notNull(),
  /** IMAP UIDVALIDITY and UID: where the message was read from. */
  uidValidity: text('uid_validity').notNull(),
  uid: integer('uid').notNull(),
  /** The Message-ID header, used for threading replies (In-Reply-To / References). */
  messageId: text('message_id').notNull(),
  fromAddress: text('from_address').notNull(),
  fromName: text('from_name'),
  subject: text('subject').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  text: text('text').notNull(),
  /** The RFC 5322 source, byte for byte. */
  raw: bytea('raw').notNull(),
  /**
   * new (a draft request was made) | linked (belongs to an existing request's thread)
   * | bounced (a delivery failure of a mail of ours, linked to its request when known; the reason in error)
   * | ignored (a copy of a message already taken in, same Message-ID; or a delay notice) | failed (unreadable: see error)
   */
  status: text('status').notNull(),
  /** Why the mail could not be taken in (status failed): kept, never dropped, for the dispatcher to handle by hand. */
  error: text('error'),
  requestId: uuid('request_id').references(() => visitRequests.id),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('inbound_mail_uid_uq').on(t.municipalityId, t.mailbox, t.uidValidity, t.uid),
  index('inbound_mail_message_id_idx').on(t.municipalityId, t.messageId),
  index('inbound_mail_request_idx').on(t.requestId),
]);

/** Mails and letters sent about a request: acknowledgements, denials, confirmations, reminders. */
export const requestCorrespondence = pgTable('request_correspondence', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  requestId: uuid('request_id').notNull().references(() => visitRequests.id, { onDelete: 'cascade' }),
  /** acknowledgement | denial | confirmation | reminder | cancellation | waitlist_offer | reply */
  kind: text('kind').notNull(),
  /** email | letter */
  channel: text('channel').notNull(),
  /** email address, or the addressee's name for a letter */
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  /** Outgoing Message-ID (email). */
  messageId: text('message_id'),
  inReplyTo: text('in_reply_to'),
  /** The printable letter (issued_document) or the PDF attached to the mail. */
  documentId: uuid('document_id'),
  /** queued | sent | failed */
  status: text('status').notNull(),
  error: text('error'),
  /** For reminders: the tour stop it was about, so each reminder goes out once. */
  tourStopId: uuid('tour_stop_id'),
  createdAt: createdAt(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  index('request_correspondence_request_idx').on(t.requestId),
  uniqueIndex('request_correspondence_reminder_uq').on(t.requestId, t.kind, t.channel, t.tourStopId)
    .where(sql`${t.kind} = 'reminder'`),
]);

/** Versioned eligibility rule sets per municipality (presets Bochum, Essen); rules are data. */
export const eligibilityRuleSets = pgTable('eligibility_rule_set', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  rules: jsonb('rules').$type<EligibilityRules>().notNull(),
  validFrom: date('valid_from').notNull(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('eligibility_rule_set_version_uq').on(t.municipalityId, t.version)]);

/** A dispatcher's eligibility decision: rule version, evidence seen, reasons. Never changed; a new decision supersedes. */
export const eligibilityDecisions = pgTable('eligibility_decision', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  requestId: uuid('request_id').notNull().references(() => visitRequests.id, { onDelete: 'cascade' }),
  ruleSetId: uuid('rule_set_id').notNull().references(() => eligibilityRuleSets.id),
  ruleVersion: integer('rule_version').notNull(),
  /** eligible | denied */
  outcome: text('outcome').notNull(),
  /** The criteria ids that were met (eligible) or the reason codes (denied). */
  criteria: jsonb('criteria').$type<string[]>().notNull().default([]),
  evidence: jsonb('evidence').$type<EligibilityEvidence[]>().notNull().default([]),
  /** Free-text reasons of the dispatcher (German). */
  reasons: text('reasons'),
  /** The denial letter, when denied. */
  letterDocumentId: uuid('letter_document_id'),
  decidedBy: uuid('decided_by'),
  decidedByName: text('decided_by_name').notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  current: boolean('current').notNull().default(true),
}, (t) => [index('eligibility_decision_request_idx').on(t.requestId)]);

/** Spent proof-of-work challenges of the public form, so one solved challenge is accepted once. */
export const spentChallenges = pgTable('spent_challenge', {
  challengeHash: text('challenge_hash').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Further links to a request's status page, beyond the one made at intake (whose secret only the
 * first requester ever saw): each confirmation, reminder and waitlist offer carries its own, so a
 * letter or mail can always say how to cancel. Only the hash of the secret is stored.
 */
export const requestLinks = pgTable('request_link', {
  tokenHash: text('token_hash').primaryKey(),
  municipalityId: tenant(),
  requestId: uuid('request_id').notNull().references(() => visitRequests.id, { onDelete: 'cascade' }),
  /** confirmation | reminder | offer */
  purpose: text('purpose').notNull(),
  /** Links stop working after the visit (a week after its day); the intake link keeps working. */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [index('request_link_request_idx').on(t.requestId)]);
