import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import type { MessageAddress, MessagePerson, RueckmeldungPayload } from '../messages.ts';
import { destatisStateCode } from './destatis-codes.ts';
import {
  messageUuid, renderRueckmeldung, senderDetailsFromProfile, splitHouseNumber, withSenderDetails,
  type RueckmeldungEntryWithExtras, type RueckmeldungSenderDetails,
} from './rueckmeldung.ts';
import { requireXmeldSchemas, validateXmeld, xmeldStandardsDir } from './testing.ts';

const meta = { messageId: '0f5c7a4e-1b2d-4c3e-9f80-123456789abc', createdAt: '2026-11-05T09:30:00.000Z' };
const bochumFlat: MessageAddress = { street: 'Hauptstraße', houseNumber: '12a', addition: null, postcode: '44787', city: 'Bochum', ags: '05911000' };
const dortmundFlat: MessageAddress = { street: 'Kampstraße', houseNumber: '45', addition: 'bei Nowak', postcode: '44137', city: 'Dortmund', ags: '05913000' };
const details: RueckmeldungSenderDetails = {
  postalAddress: { street: 'Willy-Brandt-Platz', houseNumber: '2–6', postcode: '44777', city: 'Bochum' },
  email: 'buergerbuero@bochum.example.org',
  phone: '+49 234 910-0',
};

const aPerson = (overrides: Partial<MessagePerson> = {}): MessagePerson => ({
  personId: 'p-1', familyName: 'Schmidt', birthName: null, givenNames: ['Anna', 'Maria'], preferredGivenName: 0,
  doctoralDegree: null, religiousName: null, artistName: null, birthDate: '1980-05-17', birthPlace: 'Essen', birthCountry: 'DE',
  sex: 'w', nationalities: ['DE'], ...overrides,
});
const anEntry = (overrides: Partial<RueckmeldungEntryWithExtras> = {}): RueckmeldungEntryWithExtras => ({
  person: aPerson(), newAddress: bochumFlat, residenceKind: 'haupt', previousAddress: dortmundFlat,
  movedIn: '2026-11-01', registeredOn: '2026-11-05', ...overrides,
});
const aPayload = (persons: RueckmeldungEntryWithExtras[], overrides: Partial<RueckmeldungPayload> = {}): RueckmeldungPayload => withSenderDetails({
  kind: 'xmeld_rueckmeldung', caseNumber: 'A-2026-000042', sender: { ags: '05911000', name: 'Stadt Bochum – Bürgerbüro' },
  recipient: { ags: '05913000', name: 'Stadt Dortmund' }, persons, dueBy: '2026-11-10', ...overrides,
}, details);

const cases: [string, RueckmeldungPayload][] = [
  ['one person, full birth date', aPayload([anEntry()])],
  ['a family of three moving together (Umzugsverband)', aPayload([
    anEntry({ maritalStatus: 'VH', religion: 'rk' }),
    anEntry({ person: aPerson({ personId: 'p-2', familyName: 'Schmidt', givenNames: ['Jan'], preferredGivenName: null, sex: 'm', birthDate: '1978-02-01', maritalStatus: undefined } as Partial<MessagePerson>), maritalStatus: 'VH' }),
    anEntry({ person: aPerson({ personId: 'p-3', givenNames: ['Lena'], birthDate: '2015-09-30', nationalities: ['DE', 'PL'] }), maritalStatus: 'LD' }),
  ])],
  ['partial birth dates (year-month, year only, unknown)', aPayload([
    anEntry({ person: aPerson({ birthDate: '1950-03' }) }),
    anEntry({ person: aPerson({ personId: 'p-2', birthDate: '1948', birthPlace: null, birthCountry: null }) }),
    anEntry({ person: aPerson({ personId: 'p-3', birthDate: null, nationalities: [] }) }),
  ])],
  ['Nebenwohnung', aPayload([anEntry({ residenceKind: 'neben' })])],
  ['alleinige Wohnung', aPayload([anEntry({ soleResidence: true })])],
  ['names with DIN 91379 characters, foreign birth country, several nationalities', aPayload([anEntry({
    person: aPerson({ familyName: 'Nguyễn-Łukaszewicz', birthName: 'Çelik', givenNames: ['Zeynep', 'Ðorđe', 'Ǿrjan'], preferredGivenName: 1, birthPlace: 'İzmir', birthCountry: 'TR', nationalities: ['TR', 'DE', 'UA'] }),
  })])],
  ['doctoral degree, Ordensname and Künstlername', aPayload([anEntry({
    person: aPerson({ doctoralDegree: 'Dr. med.', religiousName: 'Schwester Maria Benedikta', artistName: 'Anna S.' }),
  })])],
  ['blocked person (Auskunftssperre, bedingter Sperrvermerk in a care home)', aPayload([anEntry({
    blocks: ['auskunftssperre', 'bedingter_sperrvermerk'],
    newAddress: { street: 'Am Stift', houseNumber: '3', addition: 'Seniorenzentrum St. Josef, Zimmer 112', postcode: '44789', city: 'Bochum', ags: '05911000' },
  })])],
  ['house numbers that do not fit hausnummer (range, no digits)', aPayload([anEntry({
    newAddress: { ...bochumFlat, houseNumber: '2–6' }, previousAddress: { ...dortmundFlat, houseNumber: 'ohne Nummer' },
  })])],
  ['sender with telephone only, non-UUID message id', aPayload([anEntry()])],
];

describe('renderRueckmeldung: XMeld 0201 valid against XMeld 25.11a (xmllint)', () => {
  const rendered = cases.map(([label, payload], index) => {
    const messageMeta = index === cases.length - 1 ? { ...meta, messageId: 'outbox-4711' } : meta;
    const withPhoneOnly = index === cases.length - 1
      ? withSenderDetails(payload, { ...details, email: null })
      : payload;
    return [label, renderRueckmeldung(withPhoneOnly, messageMeta)] as const;
  });
  const results = validateXmeld(rendered.map(([, xml]) => xml));

  it.each(rendered.map(([label], index) => [label, index] as const))('%s', (_label, index) => {
    expect(results[index]!.output).toMatch(/validates$/);
    expect(results[index]!.valid).toBe(true);
  });

  it('a message with a mandatory element removed fails validation (the check can fail)', () => {
    const broken = rendered[0]![1].replace(/<xmeld:GESCHLECHT[\s\S]*?<\/xmeld:GESCHLECHT>/, '');
    const [result] = validateXmeld([broken]);
    expect(result!.valid).toBe(false);
    expect(result!.output).toMatch(/GESCHLECHT|WOHNUNG|Missing child/);
  });
});

describe('renderRueckmeldung: content', () => {
  const family = renderRueckmeldung(cases[1]![1], meta);

  it('names the message type, sender and recipient by AGS, and one Umzugsverband with every person', () => {
    expect(family).toContain('<xmeld:rueckmeldung.anmeldunginland.0201');
    expect(family).toMatch(/<nachrichtentyp[^>]*>\s*<code>0201<\/code>/);
    expect(family).toContain('<nachrichtenUUID>0f5c7a4e-1b2d-4c3e-9f80-123456789abc</nachrichtenUUID>');
    expect(family).toContain('<kennung>ags:05913000</kennung>');
    expect(family).toContain('<kennung>ags:05911000</kennung>');
    expect(family.match(/<xmeld:umzugsverband>/g)).toHaveLength(1);
    expect(family.match(/<xmeld:betroffener>/g)).toHaveLength(3);
    expect(family).toMatch(/<xmeld:familienstand listURI="urn:de:dsmeld:schluesseltabelle:familienstand" listVersionID="2">\s*<code>VH<\/code>/);
    expect(family).toMatch(/<xmeld:STAATSANGEHOERIGKEIT[^>]*>\s*<code>152<\/code>/);
  });

  it('the new flat with its Einzugsdatum and status, the former flat for identification at the reader', () => {
    const xml = renderRueckmeldung(cases[3]![1], meta);
    expect(xml).toMatch(/<xmeld:wohnung\.leser>[\s\S]*<code>05913000<\/code>[\s\S]*<strasse>Kampstraße<\/strasse>[\s\S]*<zusatzangaben>bei Nowak<\/zusatzangaben>[\s\S]*<\/xmeld:wohnung\.leser>/);
    expect(xml).toMatch(/<xmeld:WOHNUNG>[\s\S]*<hausnummer>12<\/hausnummer>\s*<hausnummerBuchstabeZusatzziffer>a<\/hausnummerBuchstabeZusatzziffer>[\s\S]*<datum>2026-11-01<\/datum>[\s\S]*<code>2<\/code>[\s\S]*<\/xmeld:WOHNUNG>/);
  });

  it('partial birth dates keep their precision; an unknown one says so', () => {
    const xml = renderRueckmeldung(cases[2]![1], meta);
    expect(xml).toContain('<jahrMonat>1950-03</jahrMonat>');
    expect(xml).toContain('<jahr>1948</jahr>');
    expect(xml).toContain('<unbekannt>true</unbekannt>');
    expect(xml).toMatch(/<xmeld:STAATSANGEHOERIGKEIT[^>]*>\s*<code>999<\/code>/);
  });

  it('the gebräuchlicher Vorname, the Doktorgrad and DIN 91379 names are carried unchanged', () => {
    const names = renderRueckmeldung(cases[5]![1], meta);
    expect(names).toContain('<name>Nguyễn-Łukaszewicz</name>');
    expect(names).toContain('<name>Zeynep Ðorđe Ǿrjan</name>');
    expect(names).toMatch(/<xmeld:gebraeuchlicherVorname>\s*<name>Ðorđe<\/name>/);
    expect(names).toMatch(/<xmeld:geburtsortStaat[^>]*>\s*<code>163<\/code>/);
    const degree = renderRueckmeldung(cases[6]![1], meta);
    expect(degree).toContain('<xmeld:doktorgrad>Dr. med.</xmeld:doktorgrad>');
  });

  it('carries the Auskunftssperre (key 3) and the bedingter Sperrvermerk so the former register keeps them', () => {
    const xml = renderRueckmeldung(cases[7]![1], meta);
    expect(xml).toMatch(/<xmeld:AUSKUNFTSSPERRE>\s*<xmeld:grund[^>]*>\s*<code>3<\/code>/);
    expect(xml).toContain('<xmeld:bedingterSperrvermerk>true</xmeld:bedingterSperrvermerk>');
  });

  it('a non-UUID message id becomes a stable UUID (the same on a retry)', () => {
    expect(messageUuid('outbox-4711')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(messageUuid('outbox-4711')).toBe(messageUuid('outbox-4711'));
    expect(messageUuid('outbox-4712')).not.toBe(messageUuid('outbox-4711'));
  });

  it('refuses to render without the sender\'s address or any way to reach it, saying what to set', () => {
    const bare: RueckmeldungPayload = { ...cases[0]![1], sender: { ags: '05911000', name: 'Stadt Bochum' } };
    const missing = (() => { try { renderRueckmeldung(bare, meta); return null; } catch (e) { return e; } })();
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('XMELD_SENDER_DETAILS_MISSING');
    expect(() => renderRueckmeldung(withSenderDetails(bare, { ...details, email: null, phone: null }), meta)).toThrow(/e-mail address or telephone/);
    expect(() => renderRueckmeldung(aPayload([]), meta)).toThrow(/at least the data subject/);
  });
});

describe('helpers', () => {
  it('the schema folder is found next to the repository; a missing one fails loudly instead of skipping', () => {
    expect(xmeldStandardsDir).toMatch(/shared\/standards\/xmeld$/);
    expect(() => requireXmeldSchemas()).not.toThrow();
    expect(() => requireXmeldSchemas('/nonexistent/standards/xmeld')).toThrow(/XMeld 25\.11a schemas not found: expected \/nonexistent\/standards\/xmeld\/xmeld-25\.11a\/xinneres\.xmeld\.xsd/);
  });

  it.each([
    ['12', { number: '12', letter: null, rest: null }],
    ['12a', { number: '12', letter: 'a', rest: null }],
    ['7 b', { number: '7', letter: 'b', rest: null }],
    ['2–6', { number: '2', letter: null, rest: 'Hausnummer 2-6' }],
    ['ohne Nummer', { number: null, letter: null, rest: 'Hausnummer ohne Nummer' }],
    ['', { number: null, letter: null, rest: null }],
  ])('splitHouseNumber(%j)', (input, expected) => {
    expect(splitHouseNumber(input)).toEqual(expected);
  });

  it('senderDetailsFromProfile reads the printed address lines', () => {
    expect(senderDetailsFromProfile({ addressLines: ['Bürgerbüro', 'Willy-Brandt-Platz 2–6', '44777 Bochum'], email: 'a@b.example', phone: null })).toEqual({
      postalAddress: { street: 'Willy-Brandt-Platz', houseNumber: '2–6', postcode: '44777', city: 'Bochum' }, email: 'a@b.example', phone: null,
    });
    expect(() => senderDetailsFromProfile({ addressLines: [], email: null, phone: null })).toThrow(/municipality profile/);
  });

  it.each([['DE', '000'], ['TR', '163'], ['PL', '152'], ['UA', '166'], ['SY', '475'], ['US', '368'], ['XX', '997'], ['QQ', '998']])('destatisStateCode(%s) = %s', (iso, code) => {
    expect(destatisStateCode(iso)).toBe(code);
  });
});
