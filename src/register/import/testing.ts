import { icaoCheckDigit } from '../validate-record.ts';
import { personRecordSchema, type PersonRecord, type PersonRecordInput } from '../record.ts';

/** Factories of person records for tests and benchmarks: valid by default, deterministic. */

/** A valid German document number (9 characters + ICAO check digit) derived from a counter. */
export function documentNumber(prefix: 'L' | 'C', n: number): string {
  const letters = 'CFGHJKLMNPRTVWXYZ';
  const body = `${prefix}${String(n % 1_000_000).padStart(6, '0')}${letters[n % letters.length] ?? 'X'}${n % 10}`;
  return `${body}${icaoCheckDigit(body)}`;
}

export function aPersonRecord(overrides: Partial<PersonRecordInput> = {}): PersonRecord {
  return personRecordSchema.parse({
    ref: 'P-1',
    familyName: 'Kowalski',
    givenNames: ['Anna', 'Maria'],
    preferredGivenName: 1,
    birthDate: '1938-04-02',
    birthPlace: 'Gelsenkirchen',
    sex: 'w',
    nationalities: ['DE'],
    maritalStatus: 'VW',
    residences: [{
      address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000', latitude: 51.4875, longitude: 7.2236 },
      kind: 'haupt',
      movedIn: '2026-08-01',
      registeredOn: '2026-08-05',
    }],
    documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T471', issuingAuthority: 'Stadt Bochum', issuedOn: '2016-05-01', validUntil: '2026-04-30' }],
    ...overrides,
  });
}

const familyNames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Yılmaz', 'Kowalski', 'Nguyễn', 'Ødegård', 'Łukaszewicz', 'Çelik', "O'Brien", 'Popescu', 'Đorđević', 'Schäfer'];
const givenNames = ['Anna', 'Peter', 'Maria', 'Jürgen', 'Fatma', 'Lukas', 'Sophie', 'Mehmet', 'Ewa', 'Hans', 'Zoë', 'Łucja', 'Noah', 'Emma', 'Ali'];
const streets = ['Hauptstraße', 'Kortumstraße', 'Am Stadtpark', 'Castroper Straße', 'Herner Straße', 'Wittener Straße', 'Alleestraße', 'Königsallee'];

/**
 * `count` plausible residents: about two per address, a fifth with an earlier residence, most with
 * a Personalausweis, every tenth married to the previous one (relation by ref), a few blocked.
 */
export function syntheticRecords(count: number, options: { refPrefix?: string; ags?: string; start?: number } = {}): PersonRecord[] {
  const prefix = options.refPrefix ?? 'S';
  const ags = options.ags ?? '05911000';
  const start = options.start ?? 0;
  const records: PersonRecord[] = [];
  for (let i = start; i < start + count; i += 1) {
    const year = 1930 + (i % 80);
    const address = (n: number) => ({
      street: streets[n % streets.length] ?? 'Hauptstraße',
      houseNumber: String(1 + (Math.floor(n / streets.length) % 400)),
      postcode: '44787',
      city: 'Bochum',
      ags,
      latitude: 51.48 + (n % 100) / 1000,
      longitude: 7.21 + (n % 97) / 1000,
    });
    const current = { address: address(Math.floor(i / 2)), kind: 'haupt' as const, movedIn: `${year + 20}-0${1 + (i % 9)}-15`, registeredOn: `${year + 20}-0${1 + (i % 9)}-20` };
    const earlier = i % 5 === 0
      ? [{ address: address(i + 7_919), kind: 'haupt' as const, movedIn: `${year + 18}-03-01`, movedOut: `${year + 20}-0${1 + (i % 9)}-14` }]
      : [];
    records.push(personRecordSchema.parse({
      ref: `${prefix}-${i}`,
      familyName: familyNames[i % familyNames.length],
      givenNames: [givenNames[i % givenNames.length], ...(i % 3 === 0 ? [givenNames[(i + 4) % givenNames.length]] : [])],
      preferredGivenName: 0,
      birthDate: i % 50 === 0 ? String(year) : `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      birthPlace: 'Bochum',
      sex: i % 2 === 0 ? 'w' : 'm',
      nationalities: i % 7 === 0 ? ['TR', 'DE'] : ['DE'],
      maritalStatus: i % 10 === 1 ? 'VH' : 'LD',
      residences: [...earlier, current],
      documents: i % 4 === 3 ? [] : [{
        kind: 'personalausweis', serialNumber: documentNumber('L', i), issuingAuthority: 'Stadt Bochum',
        issuedOn: `${2016 + (i % 10)}-02-01`, validUntil: `${2026 + (i % 10)}-01-31`,
      }],
      blocks: i % 200 === 0 ? [{ kind: 'auskunftssperre', reason: 'Gefährdung', validFrom: '2024-01-01' }] : [],
      relations: i % 10 === 1 ? [{ kind: 'spouse', ref: `${prefix}-${i - 1}` }] : [],
    }));
  }
  return records;
}
