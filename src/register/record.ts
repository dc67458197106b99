import { z } from 'zod';

/**
 * The exchange format of one person: a line of the JSON Lines import, and what the demo
 * generator produces. Documented in docs/register-import.md. Validation of name characters
 * (DIN SPEC 91379), document check digits and cross-field rules lives in validate-record.ts.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** Register dates may be partial: YYYY, YYYY-MM or YYYY-MM-DD. */
export const partialDateSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

export const addressRecordSchema = z.object({
  street: z.string().min(1),
  houseNumber: z.string().min(1),
  addition: z.string().nullish(),
  postcode: z.string().regex(/^\d{5}$/, 'must be a 5-digit German postcode'),
  city: z.string().min(1),
  ags: z.string().regex(/^\d{8}$/, 'must be an 8-digit Gemeindeschlüssel'),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
});

export const residenceRecordSchema = z.object({
  address: addressRecordSchema,
  kind: z.enum(['haupt', 'neben']),
  movedIn: isoDate,
  movedOut: isoDate.nullish(),
  registeredOn: isoDate.nullish(),
});

export const documentRecordSchema = z.object({
  kind: z.enum(['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass', 'kinderreisepass']),
  /** Document number with its check digit (10 characters for Personalausweis and Reisepass). */
  serialNumber: z.string().min(1),
  issuingAuthority: z.string().min(1),
  issuedOn: isoDate,
  validUntil: isoDate,
  status: z.enum(['valid', 'lost', 'stolen', 'invalidated', 'handed_over_old']).default('valid'),
});

export const blockRecordSchema = z.object({
  kind: z.enum(['auskunftssperre', 'bedingter_sperrvermerk', 'uebermittlungssperre']),
  scope: z.string().nullish(),
  reason: z.string().nullish(),
  validFrom: isoDate,
  validUntil: isoDate.nullish(),
});

export const relationRecordSchema = z.object({
  kind: z.enum(['spouse', 'child', 'parent', 'legal_representative', 'betreuer']),
  /** The related person's ref, when they are in this register. */
  ref: z.string().min(1).nullish(),
  externalName: z.string().nullish(),
  externalAddress: z.string().nullish(),
  scope: z.array(z.string()).nullish(),
  validFrom: isoDate.nullish(),
  validUntil: isoDate.nullish(),
});

export const personRecordSchema = z.object({
  /** Key of the person in the source system; re-importing the same ref updates instead of duplicating. */
  ref: z.string().min(1).max(100),
  familyName: z.string().min(1),
  birthName: z.string().nullish(),
  givenNames: z.array(z.string().min(1)).min(1),
  /** Index into givenNames of the gebräuchlicher Vorname. */
  preferredGivenName: z.number().int().min(0).nullish(),
  formerNames: z.array(z.object({ familyName: z.string().min(1), givenNames: z.array(z.string()).optional(), until: isoDate.optional() })).default([]),
  doctoralDegree: z.string().nullish(),
  religiousName: z.string().nullish(),
  artistName: z.string().nullish(),
  birthDate: partialDateSchema.nullish(),
  birthPlace: z.string().nullish(),
  birthCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE').nullish(),
  sex: z.enum(['m', 'w', 'd', 'x']),
  nationalities: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE')).default([]),
  religion: z.string().nullish(),
  maritalStatus: z.enum(['LD', 'VH', 'VW', 'GS', 'EA', 'LP', 'LA', 'LV', 'LE', 'NB']).default('NB'),
  dateOfDeath: isoDate.nullish(),
  residences: z.array(residenceRecordSchema).default([]),
  documents: z.array(documentRecordSchema).default([]),
  blocks: z.array(blockRecordSchema).default([]),
  relations: z.array(relationRecordSchema).default([]),
});

export type PersonRecord = z.infer<typeof personRecordSchema>;
export type PersonRecordInput = z.input<typeof personRecordSchema>;
export type AddressRecord = z.infer<typeof addressRecordSchema>;
