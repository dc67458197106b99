/**
 * The captured data the residence registrations share: addresses as the office form captures
 * them, new persons (Anmeldung of someone not yet in the register), the Wohnungsgeber-
 * bestätigung (§ 19 BMG) and the people moving together. Text inputs of the guided form arrive
 * as strings (given names "Anna Maria", nationalities "DE, PL", one name per line), so the
 * schemas accept those and the array forms the API sends.
 */
import { z } from 'zod';
import type { AddressFacts, NewPerson, PersonFacts } from '../../workflow.ts';

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const partialDateSchema = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const countryCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE');

/** A list typed into one text field: split at commas, semicolons or line breaks (and blanks, where `blanks`). */
function textList<T extends z.ZodType>(item: T, blanks: boolean) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    return value.split(blanks ? /[\s,;]+/ : /[\n,;]+/).map((part) => part.trim()).filter(Boolean);
  }, z.array(item));
}

export const givenNamesSchema = textList(z.string().min(1), true);
export const nationalitiesSchema = textList(countryCode, true);
/** One name per line or comma: "Anna Schmidt, Jan Schmidt". */
export const personNamesSchema = textList(z.string().min(1), false);
/** Person ids: a single id from a person picker, or a list. */
export const personIdsSchema = z.preprocess((value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value), z.array(z.string().min(1)));

/** An address as the form's address field captures it (the AGS comes from elsewhere). */
export const addressSchema = z.object({
  street: z.string().trim().min(1),
  houseNumber: z.string().trim().min(1),
  addition: z.string().trim().nullish(),
  postcode: z.string().trim().regex(/^\d{5}$/, 'must be a 5-digit German postcode'),
  city: z.string().trim().min(1),
});
export type AddressInput = z.infer<typeof addressSchema>;

export const maritalStatuses = ['LD', 'VH', 'VW', 'GS', 'EA', 'LP', 'LA', 'LV', 'LE', 'NB'] as const;

/** A person new to the register, captured from the identity document. */
export const newPersonSchema = z.object({
  familyName: z.string().trim().min(1),
  birthName: z.string().trim().nullish(),
  givenNames: givenNamesSchema,
  /** The gebräuchlicher Vorname as written (one of givenNames), if the person names one. */
  preferredGivenName: z.string().trim().nullish(),
  doctoralDegree: z.string().trim().nullish(),
  birthDate: partialDateSchema,
  birthPlace: z.string().trim().nullish(),
  birthCountry: countryCode.nullish(),
  sex: z.enum(['m', 'w', 'd', 'x']),
  nationalities: nationalitiesSchema,
  maritalStatus: z.enum(maritalStatuses).nullish(),
  religion: z.string().trim().nullish(),
});
export type NewPersonInput = z.infer<typeof newPersonSchema>;

/**
 * Wohnungsgeberbestätigung (§ 19 BMG): on paper (captured field by field, the scan attached) or
 * electronic (§ 19 Abs. 4: the Wohnungsgeber confirmed to the Meldebehörde directly and gave the
 * person the Zuordnungsmerkmal).
 */
export const wohnungsgeberSchema = z.object({
  form: z.enum(['paper', 'electronic']),
  /** Zuordnungsmerkmal of an electronic confirmation. */
  confirmationCode: z.string().trim().nullish(),
  name: z.string().trim().nullish(),
  address: addressSchema.partial().nullish(),
  /** The owner, when the Wohnungsgeber is not the owner (§ 19 Abs. 3 Nr. 1). */
  ownerName: z.string().trim().nullish(),
  ownerAddress: addressSchema.partial().nullish(),
  moveInDate: isoDateSchema.nullish(),
  flatAddress: addressSchema.partial().nullish(),
  /** Names of the persons moving in, as the confirmation lists them. */
  personsNamed: personNamesSchema.nullish(),
  /** Scan of the paper confirmation (attachment kind wohnungsgeberbestaetigung). */
  attachmentId: z.string().nullish(),
  /** The Wohnungsgeber is an Einrichtung (care home, hospital, § 32 BMG). */
  isCareHome: z.boolean().nullish(),
});
export type WohnungsgeberInput = z.infer<typeof wohnungsgeberSchema>;

/** Numbered new co-movers from the form ("newCoMovers.0.familyName" arrives as an object with keys "0", "1" …). */
export const newCoMoversSchema = z.preprocess((value) => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).sort(([a], [b]) => Number(a) - Number(b)).map(([, person]) => person);
  }
  return value;
}, z.array(newPersonSchema));

// --- conversions ---------------------------------------------------------------------------

/** The captured address as register facts of this municipality (the AGS is the municipality's). */
export function toAddressFacts(address: AddressInput, ags: string): AddressFacts {
  return {
    street: address.street.trim(),
    houseNumber: address.houseNumber.trim(),
    addition: address.addition?.trim() || null,
    postcode: address.postcode.trim(),
    city: address.city.trim(),
    ags,
  };
}

export function toNewPerson(input: NewPersonInput): NewPerson {
  const preferred = input.preferredGivenName ? input.givenNames.indexOf(input.preferredGivenName.trim()) : -1;
  return {
    familyName: input.familyName.trim(),
    birthName: input.birthName?.trim() || null,
    givenNames: input.givenNames,
    preferredGivenName: preferred >= 0 ? preferred : null,
    doctoralDegree: input.doctoralDegree?.trim() || null,
    birthDate: input.birthDate,
    birthPlace: input.birthPlace?.trim() || null,
    birthCountry: input.birthCountry ?? null,
    sex: input.sex,
    nationalities: input.nationalities,
    maritalStatus: input.maritalStatus ?? 'NB',
    religion: input.religion?.trim() || null,
  };
}

/** What the rules and documents need of a person, whether in the register or new. */
export interface MovingPerson {
  /** Register id; null for a person the case creates. */
  personId: string | null;
  /** ref of the create_person change for a new person. */
  ref: string | null;
  /** Dot path of the person's data in the case (for violations), e.g. "newPerson", "coMoverIds". */
  field: string;
  familyName: string;
  birthName: string | null;
  givenNames: string[];
  preferredGivenName: number | null;
  doctoralDegree: string | null;
  religiousName: string | null;
  artistName: string | null;
  birthDate: string | null;
  birthPlace: string | null;
  birthCountry: string | null;
  sex: string;
  nationalities: string[];
  maritalStatus: string;
  religion: string | null;
  blocks: PersonFacts['blocks'];
  /** Current residences (register persons). */
  residences: PersonFacts['residences'];
  relations: PersonFacts['relations'];
}

export function movingFromRegister(person: PersonFacts, field: string): MovingPerson {
  return {
    personId: person.id, ref: null, field,
    familyName: person.familyName, birthName: person.birthName, givenNames: person.givenNames, preferredGivenName: person.preferredGivenName,
    doctoralDegree: person.doctoralDegree, religiousName: person.religiousName, artistName: person.artistName,
    birthDate: person.birthDate, birthPlace: person.birthPlace, birthCountry: person.birthCountry, sex: person.sex,
    nationalities: person.nationalities, maritalStatus: person.maritalStatus, religion: null,
    blocks: person.blocks, residences: person.residences.filter((residence) => residence.movedOut === null), relations: person.relations,
  };
}

export function movingNew(person: NewPerson, ref: string, field: string): MovingPerson {
  return {
    personId: null, ref, field,
    familyName: person.familyName, birthName: person.birthName, givenNames: person.givenNames, preferredGivenName: person.preferredGivenName,
    doctoralDegree: person.doctoralDegree, religiousName: null, artistName: null,
    birthDate: person.birthDate, birthPlace: person.birthPlace, birthCountry: person.birthCountry, sex: person.sex,
    nationalities: person.nationalities, maritalStatus: person.maritalStatus, religion: person.religion,
    blocks: [], residences: [], relations: [],
  };
}

export function displayName(person: Pick<MovingPerson, 'familyName' | 'givenNames'>): string {
  return `${person.givenNames.join(' ')} ${person.familyName}`.trim();
}

export function formatAddress(address: Pick<AddressFacts, 'street' | 'houseNumber' | 'addition' | 'postcode' | 'city'>): string {
  const addition = address.addition ? `, ${address.addition}` : '';
  return `${address.street} ${address.houseNumber}${addition}, ${address.postcode} ${address.city}`;
}

/**
 * Same flat: street, house number, postcode (and the addition, unless `ignoreAddition`) compared
 * without case, blanks or "Str."/"Straße" differences.
 */
export function sameFlat(
  a: Pick<AddressFacts, 'street' | 'houseNumber' | 'addition' | 'postcode'>,
  b: Pick<AddressFacts, 'street' | 'houseNumber' | 'addition' | 'postcode'>,
  ignoreAddition = false,
): boolean {
  const street = (value: string) => value.toLowerCase().replace(/stra(ß|ss)e\b/g, 'str').replace(/str\./g, 'str').replace(/[\s.-]/g, '');
  const plain = (value: string | null | undefined) => (value ?? '').toLowerCase().replace(/\s/g, '');
  return street(a.street) === street(b.street) && plain(a.houseNumber) === plain(b.houseNumber)
    && plain(a.postcode) === plain(b.postcode) && (ignoreAddition || plain(a.addition) === plain(b.addition));
}
