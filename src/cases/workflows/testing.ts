/**
 * Shared fixtures for the workflow tests: register facts and CaseFacts as the case engine builds
 * them, with defaults for a German adult living in Bochum who holds a valid Personalausweis. Each
 * workflow family's testing.ts binds its own defaults (dates, names, documents) on top of these;
 * a test overrides only what it is about, everything else stays realistic (serial numbers carry
 * their check digit).
 */
import { expect } from 'vitest';
import { icaoCheckDigit } from '../../exchange/icao.ts';
import type { MessagePersonNames } from '../../exchange/messages.ts';
import type { App } from '../../platform/http/types.ts';
import type { CaseView } from '../case-view.types.ts';
import type { AddressFacts, CaseFacts, MunicipalityFacts, PersonFacts, ResidenceFacts } from '../workflow.ts';

/** A 10-character serial number (9 + ICAO check digit) from its first 9 characters. */
export function serial(body: string): string {
  return body + icaoCheckDigit(body);
}

export const bochumAddress: AddressFacts = {
  street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000',
};

export function addressFacts(overrides: Partial<AddressFacts> = {}): AddressFacts {
  return { ...bochumAddress, ...overrides };
}

export function residenceFacts(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return { residenceId: 'res-1', kind: 'haupt', movedIn: '2019-09-01', movedOut: null, address: bochumAddress, ...overrides };
}

/** The part of a person both the register facts and the outgoing messages carry (names, birth, sex, nationality). */
export type PersonCore = MessagePersonNames & Pick<PersonFacts, 'birthDate' | 'birthPlace' | 'birthCountry' | 'sex' | 'nationalities'>;

export function personCore(overrides: Partial<PersonCore> = {}): PersonCore {
  return {
    familyName: 'Krüger',
    birthName: 'Lehmann',
    givenNames: ['Hildegard', 'Maria'],
    preferredGivenName: 0,
    doctoralDegree: null,
    religiousName: null,
    artistName: null,
    birthDate: '1938-04-12',
    birthPlace: 'Bochum',
    birthCountry: 'DE',
    sex: 'w',
    nationalities: ['DE'],
    ...overrides,
  };
}

export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    id: 'person-1',
    ...personCore(),
    maritalStatus: 'VW',
    dateOfDeath: null,
    residences: [residenceFacts()],
    documents: [{ kind: 'personalausweis', serialNumber: serial('L01X00T47'), issuedOn: '2020-05-04', validUntil: '2030-05-03', status: 'valid' }],
    blocks: [],
    relations: [],
    ...overrides,
  };
}

export function municipalityFacts(overrides: Partial<MunicipalityFacts> = {}): MunicipalityFacts {
  return { id: 'muni-1', ags: '05911000', name: 'Bochum', authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: 'L01X', ...overrides };
}

/** Overrides of CaseFacts where the subject is given as overrides of the person (null: no subject yet). */
export type CaseFactsOverrides = Omit<Partial<CaseFacts>, 'subject'> & { subject?: Partial<PersonFacts> | null };

/**
 * CaseFacts on 1 December 2026; `person` builds the subject from its overrides, so a family's
 * own person defaults apply.
 */
export function caseFacts(overrides: CaseFactsOverrides = {}, person: (overrides: Partial<PersonFacts>) => PersonFacts = personFacts): CaseFacts {
  const { subject, ...rest } = overrides;
  return {
    today: '2026-12-01',
    now: '2026-12-01T10:00:00.000Z',
    municipality: municipalityFacts(),
    subject: subject === null ? null : person(subject ?? {}),
    others: {},
    attachments: [],
    ...rest,
  };
}

/**
 * The officer's calls to the case API in a database test. The server and the session headers
 * are passed as functions because the test starts the server in beforeAll, after this is set
 * up; the headers stay with the test so this module loads no server or identity code.
 */
export function caseApi(app: () => App, headers: () => Promise<Record<string, string>>) {
  /** A call that must answer 200 with the case; otherwise the failure shows the answer. */
  async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>): Promise<CaseView> {
    const response = await app().inject({ method, url, headers: await headers(), ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 2000)}`).toBe(200);
    return response.json<CaseView>();
  }
  const path = (kase: CaseView) => `/api/cases/${kase.id}`;
  return { ok, path };
}
