import { customType, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A municipality (tenant). Every other table carries its id, so one deployment can host many cities. */
export const municipalities = pgTable('municipality', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Amtlicher Gemeindeschlüssel, 8 digits (Bochum: 05911000). */
  ags: text('ags').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Binary column (kept private to this file: another area exports its own under a similar name). */
const png = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * How the municipality presents itself on documents: the authority's name and address,
 * Behördenkennzahl, contact, letterhead and Dienstsiegel images. One row per municipality,
 * absent until an admin (or the demo) sets it; readers fall back to defaults from `municipality`.
 */
export const municipalityProfiles = pgTable('municipality_profile', {
  municipalityId: uuid('municipality_id').primaryKey().references(() => municipalities.id),
  /** As printed, e.g. "Stadt Bochum – Bürgerbüro". */
  authorityName: text('authority_name').notNull(),
  /** Behördenkennzahl (4 characters, first part of ID document serial numbers). */
  authorityCode: text('authority_code').notNull(),
  /** Place of the signature line ("Bochum, 12.03.2026"). */
  place: text('place').notNull(),
  addressLines: jsonb('address_lines').$type<string[]>().notNull(),
  phone: text('phone'),
  email: text('email'),
  website: text('website'),
  letterheadPng: png('letterhead_png'),
  sealPng: png('seal_png'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
