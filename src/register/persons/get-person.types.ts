import { z } from 'zod';

const isoDate = z.string().describe('YYYY-MM-DD');

export const addressViewSchema = z.object({
  id: z.uuid(),
  street: z.string(),
  houseNumber: z.string(),
  addition: z.string().nullable(),
  postcode: z.string(),
  city: z.string(),
  ags: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

export const residenceViewSchema = z.object({
  id: z.uuid(),
  /** haupt = Hauptwohnung, neben = Nebenwohnung */
  kind: z.enum(['haupt', 'neben']),
  movedIn: isoDate,
  movedOut: isoDate.nullable(),
  registeredOn: isoDate.nullable(),
  address: addressViewSchema,
});

export const documentViewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  serialNumber: z.string(),
  issuingAuthority: z.string(),
  issuedOn: isoDate,
  validUntil: isoDate,
  /** What the register records: valid, lost, stolen, invalidated, handed_over_old. */
  status: z.string(),
  /** By date, today: valid, expires_soon (within 90 days) or expired. */
  validity: z.enum(['valid', 'expires_soon', 'expired']),
});

export const blockViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['auskunftssperre', 'bedingter_sperrvermerk', 'uebermittlungssperre']),
  scope: z.string().nullable(),
  reason: z.string().nullable(),
  validFrom: isoDate,
  validUntil: isoDate.nullable(),
  active: z.boolean(),
});

export const relationViewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  /** The related person when they are in the register and the reader may see them; null otherwise. */
  relatedPerson: z.object({
    id: z.uuid(),
    familyName: z.string(),
    givenNames: z.array(z.string()),
    birthDate: z.string().nullable(),
  }).nullable(),
  externalName: z.string().nullable(),
  externalAddress: z.string().nullable(),
  scope: z.array(z.string()).nullable(),
  validFrom: isoDate.nullable(),
  validUntil: isoDate.nullable(),
});

export const personViewSchema = z.object({
  id: z.uuid(),
  /** Key of the record in the system it was imported from. */
  ref: z.string().nullable(),
  names: z.object({
    familyName: z.string(),
    birthName: z.string().nullable(),
    /** All given names in order; the gebräuchlicher Vorname is marked preferred. */
    givenNames: z.array(z.object({ name: z.string(), preferred: z.boolean() })),
    formerNames: z.array(z.object({ familyName: z.string(), givenNames: z.array(z.string()).optional(), until: z.string().optional() })),
    doctoralDegree: z.string().nullable(),
    religiousName: z.string().nullable(),
    artistName: z.string().nullable(),
  }),
  birth: z.object({
    /** YYYY, YYYY-MM or YYYY-MM-DD: registers keep partial dates. */
    date: z.string().nullable(),
    place: z.string().nullable(),
    country: z.string().nullable(),
  }),
  sex: z.string(),
  nationalities: z.array(z.string()),
  religion: z.string().nullable(),
  maritalStatus: z.string(),
  dateOfDeath: isoDate.nullable(),
  residences: z.object({
    /** Hauptwohnung first, then Nebenwohnungen, each latest first. */
    current: z.array(residenceViewSchema),
    /** Earlier residences, latest move-out first. */
    historic: z.array(residenceViewSchema),
  }),
  documents: z.array(documentViewSchema),
  blocks: z.array(blockViewSchema),
  relations: z.array(relationViewSchema),
  /** Present when an Auskunftssperre (§ 51 BMG) or bedingter Sperrvermerk (§ 52) is in force. */
  blocked: z.object({ kinds: z.array(z.enum(['auskunftssperre', 'bedingter_sperrvermerk'])) }).optional(),
});

export type PersonView = z.infer<typeof personViewSchema>;
export type ResidenceView = z.infer<typeof residenceViewSchema>;
export type DocumentView = z.infer<typeof documentViewSchema>;
