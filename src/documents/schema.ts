import { customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';
import type { DocumentField } from '../cases/workflow.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);

/** Binary column (private to this file: other areas define their own). */
const pdfBytes = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Every document the Rathaus issued, with its PDF/A. case_id and person_id are plain uuids on
 * purpose: documents outlive cases under other retention rules and the cases area owns its table.
 */
export const issuedDocuments = pgTable('issued_document', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  caseId: uuid('case_id'),
  /** The data subject, so reading the PDF is logged as a register access (§ 40 BMG). */
  personId: uuid('person_id'),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** Verification code (BK-XXXX-XXXX) of certificates; null for other documents. */
  code: text('code').unique(),
  pdf: pdfBytes('pdf').notNull(),
  /** SHA-256 of the PDF, hex: lets an archive check the stored bytes. */
  sha256: text('sha256').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  issuedById: uuid('issued_by_id'),
  issuedByName: text('issued_by_name').notNull(),
}, (t) => [
  index('issued_document_case_idx').on(t.caseId),
  index('issued_document_municipality_idx').on(t.municipalityId, t.issuedAt),
]);

/**
 * What GET /api/verify/<code> may reveal: exactly the certified fields, the issuer and the
 * signed token. Kept apart from the PDF so the public route never touches the document itself.
 */
export const documentVerifications = pgTable('document_verification', {
  code: text('code').primaryKey(),
  municipalityId: tenant(),
  documentId: uuid('document_id').notNull().references(() => issuedDocuments.id),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  /** The authority as printed on the document. */
  issuer: text('issuer').notNull(),
  certifies: jsonb('certifies').$type<DocumentField[]>().notNull(),
  /** Ed25519 signature (base64url) over code, kind, issue time and the hash of `certifies`. */
  token: text('token').notNull(),
  /** The key that signed the token: null = the municipality's own; otherwise a key delegated to a kit with a tour package. */
  signingKeyId: uuid('signing_key_id').references(() => delegatedSigningKeys.id),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revocationReason: text('revocation_reason'),
});

/** One Ed25519 key pair per municipality for verification tokens; the private key sealed with BK_SECRET. */
export const documentSigningKeys = pgTable('document_signing_key', {
  municipalityId: uuid('municipality_id').primaryKey().references(() => municipalities.id),
  /** SPKI DER, base64. */
  publicKey: text('public_key').notNull(),
  /** PKCS#8 DER base64, sealed (src/identity/seal.ts) with the municipality id as associated data. */
  privateKeySealed: text('private_key_sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Keys the Rathaus delegates to a kit with each tour package, so the documents the kit prints at
 * the bedside carry a verification code the verify page accepts once the kit's capture arrived.
 * The Rathaus keeps only the public half (recorded when it packs the tour); the kit also keeps the
 * private half, sealed. A stolen kit key signs nothing the Rathaus accepts outside its holder's
 * captures or after its validity.
 */
export const delegatedSigningKeys = pgTable('delegated_signing_key', {
  /** The tour package's id. */
  id: uuid('id').primaryKey(),
  municipalityId: tenant(),
  /** Who may sign with it: "kit:<kit id>". */
  holder: text('holder').notNull(),
  /** SPKI DER, base64. */
  publicKey: text('public_key').notNull(),
  /** PKCS#8 DER base64, sealed; only on the kit that holds the key. */
  privateKeySealed: text('private_key_sealed'),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
}, (t) => [index('delegated_signing_key_holder_idx').on(t.holder, t.validUntil)]);
