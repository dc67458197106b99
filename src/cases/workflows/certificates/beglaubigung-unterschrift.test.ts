import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../../workflow.ts';
import { beglaubigungUnterschrift, type BeglaubigungUnterschriftData } from './beglaubigung-unterschrift.ts';
import { caseFacts, completionContext, personFacts, printedText, uncertifiedValues } from './testing.ts';

function captured(overrides: Partial<BeglaubigungUnterschriftData> = {}): BeglaubigungUnterschriftData {
  return {
    identityDocumentKind: 'personalausweis',
    identityDocumentNumber: 'L01X00T47',
    identityChecked: true,
    signatureMode: 'vollzogen',
    documentTitle: 'Antrag auf Hinterbliebenenrente',
    documentDate: '2026-11-28',
    documentPages: 4,
    documentHasText: true,
    reservedMatter: 'none',
    recipientName: 'Deutsche Rentenversicherung Westfalen',
    recipientKind: 'authority',
    signatures: 1,
    purpose: 'general',
    purposeDetail: '',
    ...overrides,
  };
}

const facts = caseFacts();
const codes = (data: Partial<BeglaubigungUnterschriftData>, f: CaseFacts = facts) => beglaubigungUnterschrift.validateCapture(data, f).map((v) => `${v.code}@${v.field ?? ''}`);

describe('beglaubigung_unterschrift: capture rules (§ 34 VwVfG)', () => {
  it('accepts a complete capture', () => {
    expect(codes(captured())).toEqual([]);
  });

  it.each<[string, Partial<BeglaubigungUnterschriftData>, string]>([
    ['Grundbuch (§ 129 BGB, § 29 GBO)', { reservedMatter: 'grundbuch' }, 'PUBLIC_CERTIFICATION_REQUIRED@reservedMatter'],
    ['Handelsregister (§ 12 HGB)', { reservedMatter: 'handelsregister' }, 'PUBLIC_CERTIFICATION_REQUIRED@reservedMatter'],
    ['Erbausschlagung (§ 1945 BGB)', { reservedMatter: 'erbrecht' }, 'PUBLIC_CERTIFICATION_REQUIRED@reservedMatter'],
    ['Vereinsregister (§ 77 BGB)', { reservedMatter: 'vereinsregister' }, 'PUBLIC_CERTIFICATION_REQUIRED@reservedMatter'],
    ['signature without accompanying text', { documentHasText: undefined as unknown as true }, 'SIGNATURE_WITHOUT_TEXT@documentHasText'],
    ['private recipient without a legal requirement', { recipientKind: 'private' }, 'RECIPIENT_NOT_ENTITLED@recipientKind'],
    ['no named recipient', { recipientName: '' }, 'RECIPIENT_REQUIRED@recipientName'],
    ['signature neither made nor acknowledged in presence', { signatureMode: undefined as unknown as 'vollzogen' }, 'SIGNATURE_NOT_IN_PRESENCE@signatureMode'],
    ['identity not checked', { identityChecked: undefined as unknown as true }, 'IDENTITY_NOT_CHECKED@identityChecked'],
    ['a document reported stolen', { identityDocumentNumber: 'L01X00AB12' }, 'IDENTITY_DOCUMENT_INVALID@identityDocumentNumber'],
    ['an expired passport', { identityDocumentKind: 'reisepass', identityDocumentNumber: 'C01X00T472' }, 'IDENTITY_DOCUMENT_EXPIRED@identityDocumentNumber'],
    ['zero signatures', { signatures: 0 }, 'SIGNATURES_INVALID@signatures'],
    ['a future document date', { documentDate: '2027-02-01' }, 'DOCUMENT_DATE_IN_FUTURE@documentDate'],
  ])('refuses: %s', (_name, overrides, expected) => {
    expect(codes(captured(overrides))).toContain(expected);
  });

  it.each<[string, CaseFacts['applicant']]>([
    ['an authorised person', { kind: 'authorised_person', name: 'Peter Kowalski', evidence: 'Vollmacht vom 01.11.2026' }],
    ['a Betreuer', { kind: 'betreuer', name: 'Eva Lang', evidence: 'Betreuerausweis 12 XVII 34/25', scope: ['vermoegenssorge'] }],
  ])('refuses %s signing for the person (in person only)', (_name, applicant) => {
    expect(codes(captured(), caseFacts({ applicant }))).toContain('IN_PERSON_ONLY@applicant');
  });

  it('refuses without a register person', () => {
    expect(codes(captured(), caseFacts({ subject: null }))).toContain('SUBJECT_REQUIRED@subject');
  });

  it('notes a presented document the register does not know, without refusing', () => {
    const data = captured({ identityDocumentNumber: 'X99999999' });
    expect(codes(data)).toEqual([]);
    expect(beglaubigungUnterschrift.notices?.(data, facts).map((n) => n.code)).toEqual(['IDENTITY_DOCUMENT_NOT_IN_REGISTER', 'ATTACH_AT_SIGNATURE']);
  });
});

describe('beglaubigung_unterschrift: fee input', () => {
  it.each<[string, Partial<BeglaubigungUnterschriftData>, number, boolean]>([
    ['one signature', {}, 1, false],
    ['three signatures', { signatures: 3 }, 3, false],
    ['pension purpose', { purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung Westfalen' }, 1, true],
  ])('%s', (_name, overrides, signatures, waiver) => {
    const input = beglaubigungUnterschrift.feeInput(captured(overrides), facts);
    expect(input).toMatchObject({ serviceId: 'beglaubigung_unterschrift', applicationDate: '2026-12-01', signatures });
    expect(input.pages).toBeUndefined();
    expect(input.waiver?.kind).toBe(waiver ? 'pension_or_social_purpose' : undefined);
  });
});

describe('beglaubigung_unterschrift: the Vermerk (§ 34 Abs. 3 VwVfG)', () => {
  const context = completionContext();

  it('has every required part', () => {
    const { documents } = beglaubigungUnterschrift.complete(captured(), facts, context);
    expect(documents).toHaveLength(1);
    const [vermerk] = documents;
    if (!vermerk) throw new Error('no document');
    expect(vermerk.kind).toBe('unterschriftsbeglaubigung');
    expect(vermerk.verifiable).toBe(true);
    const printed = printedText(vermerk);
    // Nr. 1 and 2: the signature is genuine, the signer exactly, identity made sure, made in presence.
    expect(printed).toContain('Die vorstehende Unterschrift ist echt. Sie wurde heute vor mir vollzogen von der nachstehend bezeichneten Person, die sich durch Personalausweis Nr. L01X00T47 ausgewiesen hat; ich habe mir Gewissheit über die Person verschafft.');
    expect(vermerk.sections.flatMap((s) => s.fields ?? [])).toEqual([
      { label: 'Name', value: 'Maria Elisabeth Kowalski' },
      { label: 'Geburtsname', value: 'Nowak' },
      { label: 'Geboren', value: '15.03.1941 in Gelsenkirchen' },
      { label: 'Anschrift', value: 'Kortumstraße 12, 44787 Bochum' },
      { label: 'Schriftstück', value: 'Antrag auf Hinterbliebenenrente vom 28.11.2026 (4 Seiten)' },
      { label: 'Nur zur Vorlage bei', value: 'Deutsche Rentenversicherung Westfalen' },
    ]);
    // Nr. 3: only for the named recipient.
    expect(printed).toContain('Die Beglaubigung ist nur zur Vorlage bei der angegebenen Behörde oder Stelle bestimmt');
    // Nr. 4: place, day, signature and seal.
    expect(vermerk.signature).toEqual({ place: 'Bochum', date: '01.12.2026', officerName: 'Jana Becker', seal: true });
    expect(uncertifiedValues(vermerk)).toEqual([]);
    expect(vermerk.certifies?.map((f) => f.label)).toEqual(['Name', 'Geboren', 'Schriftstück', 'Nur zur Vorlage bei']);
  });

  it('says when the signature was acknowledged rather than made', () => {
    const [vermerk] = beglaubigungUnterschrift.complete(captured({ signatureMode: 'anerkannt' }), facts, context).documents;
    expect(printedText(vermerk!)).toContain('heute vor mir als eigene anerkannt');
  });

  it('issues one Vermerk per certified signature', () => {
    const { documents } = beglaubigungUnterschrift.complete(captured({ signatures: 2 }), facts, context);
    expect(documents).toHaveLength(2);
    expect(printedText(documents[1]!)).toContain('Beglaubigung 2 von 2.');
  });

  it.each(['auskunftssperre', 'bedingter_sperrvermerk'] as const)('keeps the address of a person under %s off the Vermerk', (block) => {
    const blocked = caseFacts({ subject: personFacts({ blocks: [block] }) });
    const [vermerk] = beglaubigungUnterschrift.complete(captured(), blocked, context).documents;
    const printed = printedText(vermerk!);
    expect(printed).not.toContain('Kortumstraße');
    expect(printed).not.toContain('44787');
    expect(JSON.stringify(vermerk?.certifies)).not.toContain('Kortumstraße');
    expect(beglaubigungUnterschrift.notices?.(captured(), blocked).map((n) => n.code)).toContain('ADDRESS_NOT_PRINTED');
  });

  it('refuses to complete a § 129 BGB case', () => {
    expect(() => beglaubigungUnterschrift.complete(captured({ reservedMatter: 'grundbuch' }), facts, context)).toThrow(/public certification/);
  });
});
