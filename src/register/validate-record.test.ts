import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PersonRecordInput } from './record.ts';
import { germanDocumentNumberProblem, icaoCheckDigit, validatePersonRecord } from './validate-record.ts';

const today = '2026-11-15';

function aRecord(overrides: Partial<PersonRecordInput> = {}): PersonRecordInput {
  return {
    ref: 'P-1',
    familyName: 'Kowalski',
    givenNames: ['Anna', 'Maria'],
    preferredGivenName: 1,
    birthDate: '1938-04-02',
    sex: 'w',
    nationalities: ['DE'],
    residences: [{
      address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' },
      kind: 'haupt',
      movedIn: '2026-08-01',
    }],
    documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T471', issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-01', validUntil: '2026-04-30' }],
    ...overrides,
  };
}

function issuesOf(raw: unknown): { path: string; message: string }[] {
  const result = validatePersonRecord(raw, { today });
  return result.ok ? [] : result.issues;
}

describe('validatePersonRecord', () => {
  it('accepts a complete, consistent record and returns it with defaults', () => {
    const result = validatePersonRecord(aRecord(), { today });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.record.maritalStatus).toBe('NB');
      expect(result.record.blocks).toEqual([]);
    }
  });

  it('NFC-normalises the strings it returns', () => {
    const result = validatePersonRecord(aRecord({ familyName: 'Mu\u0308ller' }), { today });
    expect(result.ok && result.record.familyName).toBe('M\u00FCller');
  });

  it.each<[string, unknown, string, string]>([
    // shape
    ['a missing family name', { ...aRecord(), familyName: undefined }, 'familyName', 'familyName: is missing'],
    ['a wrong sex code', aRecord({ sex: 'f' as never }), 'sex', 'sex: must be one of "m", "w", "d", "x"'],
    ['a misspelt field', { ...aRecord(), familyname: 'X' }, 'familyname', 'familyname: unknown field'],
    ['a misspelt nested field', aRecord({ residences: [{ ...aRecord().residences![0]!, moveIn: '2020-01-01' } as never] }), 'residences[0].moveIn', 'unknown field'],
    ['no given name', aRecord({ givenNames: [] }), 'givenNames', 'givenNames: needs at least 1 entry.'],
    ['an empty given name', aRecord({ givenNames: [''] }), 'givenNames[0]', 'givenNames[0]: must not be empty.'],
    ['a record that is not an object', 'hello', '', 'record: must be of type object'],
    // characters
    ['Cyrillic in the family name', aRecord({ familyName: 'Ковальски' }), 'familyName', 'familyName: character "К" (U+041A) at position 1 is not allowed'],
    ['a digit in a given name', aRecord({ givenNames: ['Anna', 'Mar1a'] }), 'givenNames[1]', 'givenNames[1]: character "1" (U+0031) at position 4'],
    ['an emoji in the birth name', aRecord({ birthName: 'Nowak🙂' }), 'birthName', 'birthName: character "🙂"'],
    ['"<" in a former name', aRecord({ formerNames: [{ familyName: 'Nowak<' }] }), 'formerNames[0].familyName', 'formerNames[0].familyName: character "<"'],
    ['a control character in the religious name', aRecord({ religiousName: 'Schwester\u0007Maria' }), 'religiousName', 'religiousName: character "U+0007"'],
    ['a digit in the artist name', aRecord({ artistName: 'DJ 2000' }), 'artistName', 'artistName: character "2"'],
    ['a line break in a street', aRecord({ residences: [{ ...aRecord().residences![0]!, address: { ...aRecord().residences![0]!.address, street: 'Am\nPark' } }] }), 'residences[0].address.street', 'residences[0].address.street: character "U+000A"'],
    // documents
    ['a wrong check digit', aRecord({ documents: [{ ...aRecord().documents![0]!, serialNumber: 'L01X00T472' }] }), 'documents[0].serialNumber', 'the check digit of "L01X00T472" is 2, but L01X00T47 gives 1'],
    ['the letter O in a document number', aRecord({ documents: [{ ...aRecord().documents![0]!, serialNumber: 'LO1X00T471' }] }), 'documents[0].serialNumber', 'contains "O" (probably the digit 0)'],
    ['a document number without check digit', aRecord({ documents: [{ ...aRecord().documents![0]!, serialNumber: 'L01X00T47' }] }), 'documents[0].serialNumber', 'has 9 characters; a Personalausweis number has 9 characters followed by its check digit'],
    ['a document valid before it was issued', aRecord({ documents: [{ ...aRecord().documents![0]!, validUntil: '2015-01-01' }] }), 'documents[0].validUntil', 'the end of validity 2015-01-01 is before the issue date 2016-05-01'],
    ['the same document twice', aRecord({ documents: [aRecord().documents![0]!, aRecord().documents![0]!] }), 'documents[1]', 'repeats documents[0]'],
    // dates
    ['30 February', aRecord({ birthDate: '2023-02-30' }), 'birthDate', 'birthDate: 2023-02-30 is not a date in the calendar'],
    ['month 13', aRecord({ birthDate: '1950-13' }), 'birthDate', 'birthDate: 1950-13 is not a date in the calendar'],
    ['29 February in a common year', aRecord({ residences: [{ ...aRecord().residences![0]!, movedIn: '2023-02-29' }] }), 'residences[0].movedIn', '2023-02-29 is not a date'],
    ['a birth date in the future', aRecord({ birthDate: '2027-01-01' }), 'birthDate', 'lies in the future'],
    ['death before birth', aRecord({ dateOfDeath: '1930-01-01' }), 'dateOfDeath', 'dateOfDeath: 1930-01-01 is before the birth date 1938-04-02'],
    ['death before a partial birth date', aRecord({ birthDate: '1938', dateOfDeath: '1937-12-31' }), 'dateOfDeath', 'is before the birth date 1938'],
    // names
    ['a preferred given name out of range', aRecord({ preferredGivenName: 2 }), 'preferredGivenName', 'preferredGivenName: 2 points past the 2 given name(s)'],
    // residences
    ['moving out before moving in', aRecord({ residences: [{ ...aRecord().residences![0]!, movedOut: '2026-07-01' }] }), 'residences[0].movedOut', 'the move-out date 2026-07-01 is before the move-in date 2026-08-01'],
    ['moving in before birth', aRecord({ residences: [{ ...aRecord().residences![0]!, movedIn: '1930-01-01' }] }), 'residences[0].movedIn', 'is before the birth date'],
    ['two current Hauptwohnungen', aRecord({ residences: [aRecord().residences![0]!, { ...aRecord().residences![0]!, address: { ...aRecord().residences![0]!.address, houseNumber: '5' } }] }), 'residences[1].kind', 'residences[0], residences[1] are all current Hauptwohnungen'],
    ['the same residence twice', aRecord({ residences: [{ ...aRecord().residences![0]!, kind: 'neben' }, aRecord().residences![0]!] }), 'residences[1]', 'repeats residences[0]'],
    // blocks
    ['a block ending before it starts', aRecord({ blocks: [{ kind: 'auskunftssperre', validFrom: '2025-01-01', validUntil: '2024-01-01' }] }), 'blocks[0].validUntil', 'the end 2024-01-01 is before the start 2025-01-01'],
    // relations
    ['a relation with neither ref nor name', aRecord({ relations: [{ kind: 'spouse' }] }), 'relations[0]', 'name the related person'],
    ['a relation with both ref and name', aRecord({ relations: [{ kind: 'spouse', ref: 'P-2', externalName: 'Jan Kowalski' }] }), 'relations[0]', 'either ref'],
    ['a relation to oneself', aRecord({ relations: [{ kind: 'spouse', ref: 'P-1' }] }), 'relations[0].ref', 'cannot be related to themselves'],
  ])('refuses %s', (_label, raw, path, message) => {
    const issues = issuesOf(raw);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toContain(message);
  });

  it.each<[string, PersonRecordInput]>([
    ['a partial birth date (year only)', aRecord({ birthDate: '1938', residences: [] })],
    ['a partial birth date (year and month)', aRecord({ birthDate: '1938-04' })],
    ['29 February in a leap year', aRecord({ birthDate: '2024-02-29', residences: [], documents: [] })],
    ['a doctoral degree with dots', aRecord({ doctoralDegree: 'Dr. med. dent.' })],
    ['names with combining sequences', aRecord({ familyName: 'L\u0325ubica', givenNames: ['M\u0302arek'] , preferredGivenName: 0 })],
    ['a former Hauptwohnung and a current one', aRecord({ residences: [{ ...aRecord().residences![0]!, address: { ...aRecord().residences![0]!.address, houseNumber: '9' }, movedIn: '1970-01-01', movedOut: '2026-07-31' }, aRecord().residences![0]!] })],
    ['a Hauptwohnung and a Nebenwohnung', aRecord({ residences: [aRecord().residences![0]!, { ...aRecord().residences![0]!, kind: 'neben', address: { ...aRecord().residences![0]!.address, houseNumber: '9' } }] })],
    ['a relation by ref', aRecord({ relations: [{ kind: 'spouse', ref: 'P-2' }] })],
    ['a relation to someone outside the register', aRecord({ relations: [{ kind: 'betreuer', externalName: 'Jan Nowak', externalAddress: 'Ring 1, 45127 Essen', scope: ['aufenthaltsbestimmung'] }] })],
    ['a Kinderreisepass number', aRecord({ documents: [{ kind: 'kinderreisepass', serialNumber: 'F1234567', issuingAuthority: 'Stadt Bochum', issuedOn: '2020-01-01', validUntil: '2026-01-01' }] })],
    ['a Reisepass', aRecord({ documents: [{ kind: 'reisepass', serialNumber: 'C01X00T478', issuingAuthority: 'Stadt Bochum', issuedOn: '2020-01-01', validUntil: '2030-01-01' }] })],
  ])('accepts %s', (_label, raw) => {
    expect(issuesOf(raw)).toEqual([]);
  });
});

describe('docs/register-import.md', () => {
  it('shows a complete example line that passes validation', () => {
    const doc = readFileSync(new URL('../../docs/register-import.md', import.meta.url), 'utf8');
    const example = /## A complete line[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const result = validatePersonRecord(JSON.parse(example ?? ''), { today });
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});

describe('ICAO 9303 check digit', () => {
  it.each([
    ['L01X00T47', 1], // specimen Personalausweis
    ['C01X00T47', 8], // specimen Reisepass
    ['L898902C3', 6], // ICAO 9303 part 3 example passport
    ['740812', 2],
    ['120415', 9],
    ['<<<<<<<<<', 0],
  ])('%s → %i', (number, digit) => {
    expect(icaoCheckDigit(number)).toBe(digit);
  });

  it('explains a lower-case document number', () => {
    expect(germanDocumentNumberProblem('l01x00t471')).toContain('(write letters in upper case)');
  });
});
