/**
 * Fixtures for the residence workflow tests: CaseFacts as the case engine builds them (a family
 * in Bochum, on top of the shared workflow fixtures in ../testing.ts), complete drafts of each
 * registration, and a completion context. Tests override what they are about.
 */
import type { AttachmentFacts, CaseFacts, CompletionContext, DocumentRequest, PersonFacts, ResidenceFacts } from '../../workflow.ts';
import { addressFacts, caseFacts, municipalityFacts, personFacts, residenceFacts, type CaseFactsOverrides } from '../testing.ts';
import type { AbmeldungData } from './abmeldung.ts';
import type { MoveInData } from './move-in.ts';

export const bochum = municipalityFacts();

export const oldFlat = addressFacts();
export const newFlat = { street: 'Hauptstraße', houseNumber: '12a', addition: null, postcode: '44787', city: 'Bochum' };

export function residence(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return residenceFacts({ movedIn: '2015-03-01', address: oldFlat, ...overrides });
}

export function person(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return personFacts({
    familyName: 'Schmidt', birthName: null, givenNames: ['Anna', 'Maria'], birthDate: '1980-05-17', birthPlace: 'Essen', maritalStatus: 'VH',
    residences: [residence()], documents: [],
    ...overrides,
  });
}

export const spouse = person({ id: 'person-2', givenNames: ['Jan'], preferredGivenName: null, sex: 'm', birthDate: '1978-02-01', residences: [residence({ residenceId: 'res-2' })] });
export const child = person({ id: 'person-3', givenNames: ['Lena'], preferredGivenName: null, birthDate: '2015-09-30', maritalStatus: 'LD', residences: [residence({ residenceId: 'res-3', movedIn: '2015-10-02' })] });

export function facts(overrides: CaseFactsOverrides = {}): CaseFacts {
  return caseFacts({
    today: '2026-11-05', now: '2026-11-05T09:00:00.000Z', municipality: bochum, others: { [spouse.id]: spouse, [child.id]: child }, attachments: [scan],
    ...overrides,
  }, person);
}

export const scan: AttachmentFacts = { id: 'att-wg', kind: 'wohnungsgeberbestaetigung', mediaType: 'image/png', deleted: false };

export const wohnungsgeber = (overrides: Partial<MoveInData['wohnungsgeber']> = {}): MoveInData['wohnungsgeber'] => ({
  form: 'paper',
  name: 'Wohnungsbau Ruhr eG',
  address: { street: 'Kortumstraße', houseNumber: '1', postcode: '44787', city: 'Bochum' },
  moveInDate: '2026-11-01',
  flatAddress: { ...newFlat },
  personsNamed: ['Anna Schmidt'],
  attachmentId: 'att-wg',
  ...overrides,
});

export const ummeldungDraft = (overrides: Partial<MoveInData> = {}): MoveInData => ({
  movedIn: '2026-11-01',
  newAddress: { ...newFlat },
  residenceKind: 'haupt',
  previousHauptwohnung: 'move_out',
  wohnungsgeber: wohnungsgeber(),
  ...overrides,
});

export const newPersonInput = (overrides: Record<string, unknown> = {}) => ({
  familyName: 'Nguyễn', givenNames: 'Thị Mai', preferredGivenName: 'Mai', birthDate: '1992-07-14', birthPlace: 'Hà Nội', birthCountry: 'VN',
  sex: 'w', nationalities: 'VN', maritalStatus: 'LD', ...overrides,
});

export const anmeldungDraft = (overrides: Partial<MoveInData> = {}): MoveInData => ({
  movedIn: '2026-11-01',
  newAddress: { ...newFlat },
  residenceKind: 'haupt',
  origin: 'inland',
  previousAddress: { street: 'Kampstraße', houseNumber: '45', postcode: '44137', city: 'Dortmund' },
  formerMunicipality: { ags: '05913000', name: 'Stadt Dortmund' },
  newPerson: newPersonInput() as unknown as MoveInData['newPerson'],
  wohnungsgeber: wohnungsgeber({ personsNamed: ['Mai Nguyễn'] }),
  ...overrides,
});

export const abmeldungDraft = (overrides: Partial<AbmeldungData> = {}): AbmeldungData => ({
  movedOut: '2026-11-01', giveUp: 'hauptwohnung', destination: 'ausland', destinationCountry: 'AT', ...overrides,
});

export const context: CompletionContext = {
  caseNumber: 'M-2026-000042',
  completedAt: '2026-11-05T09:30:00.000Z',
  officer: { id: 'officer-1', name: 'Thomas Krüger' },
  fee: { serviceId: 'anmeldung', applicationDate: '2026-11-05', ageAtApplication: 46, items: [], totalCents: 0, waived: null, split: null, tables: [] },
  reservedSerialNumber: null,
};

/** The persons of a Meldebestätigung as rows: Familienname, Vornamen, Doktorgrad, Tag der Geburt, Wohnungsstatus. */
export function personLines(doc: DocumentRequest): string[][] {
  return doc.sections.filter((section) => section.heading?.startsWith('Person'))
    .map((section) => ['Familienname', 'Vornamen', 'Doktorgrad', 'Tag der Geburt', 'Wohnungsstatus'].map((label) => section.fields?.find((field) => field.label === label)?.value ?? ''));
}

/** The flat section of a Meldebestätigung. */
export function flatFieldsOf(doc: DocumentRequest) {
  return doc.sections.find((section) => section.heading === 'Wohnung' || section.heading === 'Aufgegebene Wohnung')?.fields;
}
