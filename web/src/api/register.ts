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

export interface AddressView extends Address {
  id: string;
  addition: string | null;
  ags: string;
  latitude: number | null;
  longitude: number | null;
}

export interface Residence {
  id: string;
  /** haupt = Hauptwohnung, neben = Nebenwohnung */
  kind: 'haupt' | 'neben';
  movedIn: string;
  movedOut: string | null;
  registeredOn: string | null;
  address: AddressView;
}

export interface IdDocument {
  id: string;
  kind: string;
  serialNumber: string;
  issuingAuthority: string;
  issuedOn: string;
  validUntil: string;
  /** What the register records: valid, lost, stolen, invalidated, handed_over_old. */
  status: string;
  /** By date, as the server sees today. */
  validity: 'valid' | 'expires_soon' | 'expired';
}

export interface PersonBlock {
  id: string;
  kind: BlockKind;
  scope: string | null;
  reason: string | null;
  validFrom: string;
  validUntil: string | null;
  active: boolean;
}

export interface Relation {
  id: string;
  kind: string;
  /** The related person when they are in the register and the reader may see them. */
  relatedPerson: { id: string; familyName: string; givenNames: string[]; birthDate: string | null } | null;
  externalName: string | null;
  externalAddress: string | null;
  scope: string[] | null;
  validFrom: string | null;
  validUntil: string | null;
}

export interface FormerName {
  familyName: string;
  givenNames?: string[];
  until?: string;
}

/** GET /api/register/persons/:id (src/register/persons/get-person.types.ts). */
export interface PersonView {
  id: string;
  ref: string | null;
  names: {
    familyName: string;
    birthName: string | null;
    givenNames: { name: string; preferred: boolean }[];
    formerNames: FormerName[];
    doctoralDegree: string | null;
    religiousName: string | null;
    artistName: string | null;
  };
  birth: { date: string | null; place: string | null; country: string | null };
  sex: string;
  nationalities: string[];
  religion: string | null;
  maritalStatus: string;
  dateOfDeath: string | null;
  residences: { current: Residence[]; historic: Residence[] };
  documents: IdDocument[];
  blocks: PersonBlock[];
  relations: Relation[];
  /** Present when an Auskunftssperre or bedingter Sperrvermerk is in force. */
  blocked?: { kinds: BlockKind[] };
}

export const searchPersons = (api: ApiClient, params: SearchParams, signal?: AbortSignal) =>
  api.get<{ hits: SearchHit[] }>('/api/register/persons', { query: { ...params }, signal }).then((r) => r.hits);

export const getPerson = (api: ApiClient, id: string, purpose: string | undefined, signal?: AbortSignal) =>
  api.get<PersonView>(`/api/register/persons/${encodeURIComponent(id)}`, { query: { purpose }, signal });
