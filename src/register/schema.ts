import { sql } from 'drizzle-orm';
import {
  boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';

const tenant = () => uuid('municipality_id').notNull().references(() => municipalities.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface FormerName {
  familyName: string;
  givenNames?: string[];
  /** Last day the name was carried, ISO date, when known. */
  until?: string;
}

/** A person in the Melderegister (BMG § 3). Names, dates and relations; residences live in `residence`. */
export const persons = pgTable('person', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  /** Key of the record in the system it was imported from; makes re-imports idempotent. */
  sourceKey: text('source_key'),
  familyName: text('family_name').notNull(),
  birthName: text('birth_name'),
  givenNames: text('given_names').array().notNull(),
  /** Index into given_names of the gebräuchlicher Vorname, if one is marked. */
  preferredGivenName: smallint('preferred_given_name'),
  formerNames: jsonb('former_names').$type<FormerName[]>().notNull().default([]),
  doctoralDegree: text('doctoral_degree'),
  religiousName: text('religious_name'),
  artistName: text('artist_name'),
  /** Register dates may be partial: a year alone, or year and month. */
  birthYear: smallint('birth_year'),
  birthMonth: smallint('birth_month'),
  birthDay: smallint('birth_day'),
  birthPlace: text('birth_place'),
  birthCountry: text('birth_country'),
  /** m, w, d or x (ohne Angabe), as in XMeld. */
  sex: text('sex').notNull(),
  /** ISO 3166-1 alpha-2 codes. */
  nationalities: text('nationalities').array().notNull(),
  /** Öffentlich-rechtliche Religionsgesellschaft (DSMeld code, e.g. rk, ev), null if none. */
  religion: text('religion'),
  /** DSMeld Familienstand: LD, VH, VW, GS, EA, LP, LA, LV, LE, NB. */
  maritalStatus: text('marital_status').notNull().default('NB'),
  dateOfDeath: date('date_of_death'),
  /** Normalised "given names + family name" for the trigram baseline and display search. */
  searchName: text('search_name').notNull(),
  /** SHA-256 of the imported source record, to skip unchanged re-imports. */
  contentHash: text('content_hash'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('person_source_key_uq').on(t.municipalityId, t.sourceKey),
  index('person_birth_idx').on(t.municipalityId, t.birthYear, t.birthMonth, t.birthDay),
  index('person_search_name_trgm').using('gin', sql`${t.searchName} gin_trgm_ops`),
  // The fuzzy search finds persons carrying one of several candidate tokens for every typed
  // name part by intersecting the posting lists of this index (register/search/search-persons.ts).
  // bk_person_name_tokens (migration 0005) adds the folded Geburts-, früheren, Ordens- and
  // Künstlernamen to the tokens of search_name.
  index('person_name_tokens_gin').using('gin',
    sql`bk_person_name_tokens(${t.searchName}, ${t.birthName}, ${t.formerNames}, ${t.religiousName}, ${t.artistName})`),
]);

/** Spouse, child, parent, gesetzlicher Vertreter or Betreuer; the other side may live elsewhere. */
export const personRelations = pgTable('person_relation', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  personId: uuid('person_id').notNull().references(() => persons.id, { onDelete: 'cascade' }),
  /** spouse | child | parent | legal_representative | betreuer */
  kind: text('kind').notNull(),
  relatedPersonId: uuid('related_person_id').references(() => persons.id),
  /** Name and address when the related person is not in this register. */
  externalName: text('external_name'),
  externalAddress: text('external_address'),
  /** For a Betreuer: the Aufgabenkreise, e.g. aufenthaltsbestimmung. */
  scope: text('scope').array(),
  validFrom: date('valid_from'),
  validUntil: date('valid_until'),
  createdAt: createdAt(),
}, (t) => [
  index('person_relation_person_idx').on(t.personId),
  index('person_relation_related_idx').on(t.relatedPersonId),
]);

export const addresses = pgTable('address', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  street: text('street').notNull(),
  houseNumber: text('house_number').notNull(),
  /** Adressierungszusatz, e.g. "bei Schmidt", "Zimmer 12". */
  addition: text('addition'),
  postcode: text('postcode').notNull(),
  city: text('city').notNull(),
  ags: text('ags').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  /** Normalised street|number|addition|postcode|ags, so one real address is stored once. */
  addressKey: text('address_key').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('address_key_uq').on(t.municipalityId, t.addressKey),
  index('address_street_trgm').using('gin', sql`${t.street} gin_trgm_ops`),
]);

/** One stay of a person at an address. Moves add rows; they never overwrite earlier ones. */
export const residences = pgTable('residence', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  personId: uuid('person_id').notNull().references(() => persons.id, { onDelete: 'cascade' }),
  addressId: uuid('address_id').notNull().references(() => addresses.id),
  /** haupt (Hauptwohnung) | neben (Nebenwohnung) */
  kind: text('kind').notNull(),
  movedIn: date('moved_in').notNull(),
  movedOut: date('moved_out'),
  /** Day the move was registered at the Meldebehörde. */
  registeredOn: date('registered_on'),
  createdAt: createdAt(),
}, (t) => [
  index('residence_person_idx').on(t.personId),
  index('residence_address_idx').on(t.addressId),
  uniqueIndex('residence_uq').on(t.personId, t.addressId, t.movedIn),
]);

export const idDocuments = pgTable('id_document', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  personId: uuid('person_id').notNull().references(() => persons.id, { onDelete: 'cascade' }),
  /** personalausweis | reisepass | vorlaeufiger_personalausweis | vorlaeufiger_reisepass | kinderreisepass */
  kind: text('kind').notNull(),
  /** Document number (9 characters) followed by its check digit, as printed in the MRZ. */
  serialNumber: text('serial_number').notNull(),
  issuingAuthority: text('issuing_authority').notNull(),
  issuedOn: date('issued_on').notNull(),
  validUntil: date('valid_until').notNull(),
  /** valid | lost | stolen | invalidated | handed_over_old */
  status: text('status').notNull().default('valid'),
  createdAt: createdAt(),
}, (t) => [
  index('id_document_person_idx').on(t.personId),
  uniqueIndex('id_document_serial_uq').on(t.municipalityId, t.kind, t.serialNumber),
]);

/**
 * Blocks on disclosure: Auskunftssperre (BMG § 51), bedingter Sperrvermerk (§ 52) and
 * Übermittlungssperren (§ 36 Abs. 2, § 42 Abs. 3, § 50 Abs. 5).
 */
export const personBlocks = pgTable('person_block', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  personId: uuid('person_id').notNull().references(() => persons.id, { onDelete: 'cascade' }),
  /** auskunftssperre | bedingter_sperrvermerk | uebermittlungssperre */
  kind: text('kind').notNull(),
  /** For Übermittlungssperren: which transfer is blocked, e.g. bmg_50_1 (parties), bmg_42_3 (religion). */
  scope: text('scope'),
  reason: text('reason'),
  validFrom: date('valid_from').notNull(),
  validUntil: date('valid_until'),
  createdAt: createdAt(),
}, (t) => [index('person_block_person_idx').on(t.personId)]);

/**
 * Search index: every name token of a person with its Kölner Phonetik code.
 * role: f = Familienname, g = Vorname, b = Geburtsname, o = früherer/Ordens-/Künstlername.
 */
export const personNameTokens = pgTable('person_name_token', {
  municipalityId: tenant(),
  personId: uuid('person_id').notNull().references(() => persons.id, { onDelete: 'cascade' }),
  token: text('token').notNull(),
  role: text('role').notNull(),
}, (t) => [
  primaryKey({ columns: [t.personId, t.token, t.role] }),
  index('person_name_token_lookup').on(t.municipalityId, t.token),
]);

/** Distinct name tokens of a municipality; the fuzzy matching runs on this small table. */
export const nameLexicon = pgTable('name_lexicon', {
  municipalityId: tenant(),
  token: text('token').notNull(),
  phonetic: text('phonetic').notNull(),
  occurrences: integer('occurrences').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.municipalityId, t.token] }),
  index('name_lexicon_phonetic').on(t.municipalityId, t.phonetic),
  index('name_lexicon_trgm').using('gin', sql`${t.token} gin_trgm_ops`),
]);

/** Institutions such as Seniorenzentren: residents are visited together in a Sammeltermin. */
export const institutions = pgTable('institution', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: tenant(),
  name: text('name').notNull(),
  /** care_home | hospital | prison | disability_home */
  kind: text('kind').notNull(),
  addressId: uuid('address_id').notNull().references(() => addresses.id),
  phone: text('phone'),
  email: text('email'),
  /** Visiting hours per weekday (1 = Monday): [["09:30","11:30"],["14:00","17:00"]]. */
  visitingHours: jsonb('visiting_hours').$type<Record<string, [string, string][]>>().notNull().default({}),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});
