/**
 * Fixtures for workflow tests: CaseFacts as the case engine builds them from the register, with
 * defaults for a German adult living in Bochum who holds a valid Personalausweis. Override what
 * a test is about; everything else stays realistic (serial numbers carry their check digit).
 */
import { icaoCheckDigit } from '../../../exchange/icao.ts';
import type { AddressFacts, CaseFacts, PersonFacts, ResidenceFacts } from '../../workflow.ts';

/** A 10-character serial number (9 + ICAO check digit) from its first 9 characters. */
export function serial(body: string): string {
  return body + icaoCheckDigit(body);
}

export const bochumAddress: AddressFacts = {
  street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000',
};

export function residence(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return { residenceId: 'res-1', kind: 'haupt', movedIn: '2026-09-01', movedOut: null, address: bochumAddress, ...overrides };
}

export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    id: 'person-1',
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
    maritalStatus: 'VW',
    dateOfDeath: null,
    residences: [residence()],
    documents: [{ kind: 'personalausweis', serialNumber: serial('L01X00T47'), issuedOn: '2020-05-04', validUntil: '2030-05-03', status: 'valid' }],
    blocks: [],
    relations: [],
    ...overrides,
  };
}

export function caseFacts(overrides: Omit<Partial<CaseFacts>, 'subject'> & { subject?: Partial<PersonFacts> | null } = {}): CaseFacts {
  const { subject, ...rest } = overrides;
  return {
    today: '2026-12-01',
    now: '2026-12-01T10:00:00.000Z',
    municipality: { id: 'muni-1', ags: '05911000', name: 'Bochum', authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: 'L01X' },
    subject: subject === null ? null : personFacts(subject ?? {}),
    others: {},
    attachments: [],
    ...rest,
  };
}

/** Every key anywhere in a value (for the PIN guarantee: none of them may be a PIN). */
export function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}
