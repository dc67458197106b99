import type { ApiClient } from './client.ts';

export type BlockKind = 'auskunftssperre' | 'bedingter_sperrvermerk' | 'uebermittlungssperre';

export interface Address {
  street: string;
  houseNumber: string;
  addition?: string | null;
  postcode: string;
  city: string;
}

export interface SearchHit {
  personId: string;
  familyName: string;
  givenNames: string[];
  /** The gebräuchlicher Vorname itself, when one is marked. */
  preferredGivenName: string | null;
  doctoralDegree: string | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate: string | null;
  sex: string;
  dateOfDeath: string | null;
  /** The current Hauptwohnung. */
  address: Address | null;
  score: number;
  blocked: null | { kinds: string[] };
}

export interface SearchParams {
  name?: string;
  birthDate?: string;
  address?: string;
  purpose?: string;
  limit?: number;
}

export interface Residence {
  address: Address;
  kind: 'haupt' | 'neben' | string;
  movedIn: string;
  movedOut: string | null;
  registeredOn?: string | null;
}

export interface IdDocument {
  kind: string;
  serialNumber: string;
  issuingAuthority: string;
  issuedOn?: string | null;
  validUntil: string;
  status: string;
}

export interface PersonBlock {
  kind: BlockKind | string;
  scope?: string | null;
  reason?: string | null;
  validFrom: string;
  validUntil: string | null;
}

export interface Relation {
  kind: string;
  relatedPersonId?: string | null;
  name?: string | null;
  externalName?: string | null;
  externalAddress?: string | null;
  scope?: string[] | null;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface FormerName {
  familyName: string;
  givenNames?: string[];
  until?: string;
}

export interface PersonView {
  id: string;
  familyName: string;
  birthName: string | null;
  givenNames: string[];
  preferredGivenName: number | null;
  formerNames: FormerName[];
  doctoralDegree: string | null;
  religiousName: string | null;
  artistName: string | null;
  birthDate: string | null;
  birthPlace: string | null;
  birthCountry: string | null;
  sex: string;
  nationalities: string[];
  religion: string | null;
  maritalStatus: string;
  dateOfDeath: string | null;
  residences: Residence[];
  documents: IdDocument[];
  blocks: PersonBlock[];
  relations: Relation[];
  blocked: null | { kinds: BlockKind[] };
}

export const searchPersons = (api: ApiClient, params: SearchParams, signal?: AbortSignal) =>
  api.get<{ hits: SearchHit[] }>('/api/register/persons', { query: { ...params }, signal }).then((r) => r.hits);

export const getPerson = (api: ApiClient, id: string, purpose: string | undefined, signal?: AbortSignal) =>
  api.get<PersonView>(`/api/register/persons/${encodeURIComponent(id)}`, { query: { purpose }, signal });
