import { describe, expect, it } from 'vitest';
import type { Applicant, CaseFacts } from '../../workflow.ts';
import { meldebescheinigung, type MeldebescheinigungData } from './meldebescheinigung.ts';
import { caseFacts, completionContext, feeQuote, personFacts, printedText, residenceFacts, uncertifiedValues } from './testing.ts';

function captured(overrides: Partial<MeldebescheinigungData> = {}): MeldebescheinigungData {
  return { kind: 'simple', extendedFields: [], authorisationChecked: false, spousePersonId: '', representativePersonId: '', purpose: 'general', purposeDetail: '', ...overrides };
}

const twoResidences = personFacts({
  doctoralDegree: 'Dr.',
  residences: [
    residenceFacts(),
    residenceFacts({ residenceId: 'res-2', kind: 'neben', movedIn: '2020-09-01', address: { street: 'Am Deich', houseNumber: '3a', addition: 'bei Schulte', postcode: '26548', city: 'Norderney', ags: '03452020' } }),
  ],
});
const facts = caseFacts({ subject: twoResidences });
const blockedFacts = (block: 'auskunftssperre' | 'bedingter_sperrvermerk', applicant?: Applicant) =>
  caseFacts({ subject: personFacts({ blocks: [block] }), ...(applicant ? { applicant } : {}) });

const authorised: Applicant = { kind: 'authorised_person', name: 'Peter Kowalski', evidence: 'Vollmacht vom 20.11.2026' };
const betreuer: Applicant = { kind: 'betreuer', name: 'Eva Lang', evidence: 'Betreuerausweis AG Bochum 12 XVII 34/25', scope: ['behoerden'] };

const codes = (data: Partial<MeldebescheinigungData>, f: CaseFacts = facts) => meldebescheinigung.validateCapture(data, f).map((v) => `${v.code}@${v.field ?? ''}`);

describe('meldebescheinigung: who may apply and what may be certified (BMG § 18)', () => {
  it.each<[string, Partial<MeldebescheinigungData>, CaseFacts, string[]]>([
    ['the person, simple', {}, facts, []],
    ['the person, extended with items', { kind: 'extended', extendedFields: ['birth_place', 'nationalities'] }, facts, []],
    ['an authorised person with checked written authority', { authorisationChecked: true }, caseFacts({ applicant: authorised }), []],
    ['an authorised person, authority not checked', {}, caseFacts({ applicant: authorised }), ['AUTHORISATION_NOT_CHECKED@authorisationChecked']],
    ['an authorised person without evidence', { authorisationChecked: true }, caseFacts({ applicant: { ...authorised, evidence: ' ' } }), ['APPLICANT_EVIDENCE_REQUIRED@applicant.evidence']],
    ['a Betreuer with checked proof', { authorisationChecked: true }, caseFacts({ applicant: betreuer }), []],
    ['a Betreuer, proof not checked', {}, caseFacts({ applicant: betreuer }), ['AUTHORISATION_NOT_CHECKED@authorisationChecked']],
    ['the head of a care home without authority', {}, caseFacts({ applicant: { kind: 'care_home_head', name: 'Heimleitung Haus Abendrot', evidence: 'Heimvertrag' } }), ['CARE_HOME_HEAD_NOT_AUTHORISED@applicant']],
    ['a parent of an adult', { authorisationChecked: true }, caseFacts({ applicant: { kind: 'parent', name: 'Ewa Nowak', evidence: 'Geburtsurkunde' } }), ['PARENT_NOT_REPRESENTATIVE@applicant']],
    ['a parent of a minor', { authorisationChecked: true }, caseFacts({ subject: personFacts({ birthDate: '2012-05-01' }), applicant: { kind: 'parent', name: 'Ewa Nowak', evidence: 'Geburtsurkunde' } }), []],
    ['blocked person (§ 51) herself', {}, blockedFacts('auskunftssperre'), []],
    ['blocked person (§ 51) requested by an authorised third party', { authorisationChecked: true }, blockedFacts('auskunftssperre', authorised), ['BLOCKED_THIRD_PARTY@applicant']],
    ['bedingter Sperrvermerk (§ 52) requested by an authorised third party', { authorisationChecked: true }, blockedFacts('bedingter_sperrvermerk', authorised), ['BLOCKED_THIRD_PARTY@applicant']],
    ['blocked person requested by the Betreuer', { authorisationChecked: true }, blockedFacts('bedingter_sperrvermerk', betreuer), []],
    ['blocked person requested by someone claiming to be Betreuer, unchecked', {}, blockedFacts('auskunftssperre', betreuer), ['AUTHORISATION_NOT_CHECKED@authorisationChecked']],
    ['extended without items', { kind: 'extended' }, facts, ['EXTENDED_FIELDS_REQUIRED@extendedFields']],
    ['extended item the register has nothing for', { kind: 'extended', extendedFields: ['religious_artist_name'] }, facts, ['EXTENDED_FIELD_NO_DATA@extendedFields']],
    ['a deceased person', {}, caseFacts({ subject: personFacts({ dateOfDeath: '2026-10-02' }) }), ['SUBJECT_DECEASED@subject']],
    ['a person no longer registered here', {}, caseFacts({ subject: personFacts({ residences: [residenceFacts({ movedOut: '2026-12-01' })] }) }), ['NO_CURRENT_RESIDENCE@subject']],
    ['no person', {}, caseFacts({ subject: null }), ['SUBJECT_REQUIRED@subject']],
    ['social purpose without the office', { purpose: 'social_benefit' }, facts, ['PURPOSE_DETAIL_REQUIRED@purposeDetail']],
    ['no kind', { kind: undefined as unknown as 'simple' }, facts, ['KIND_REQUIRED@kind']],
  ])('%s', (_name, overrides, f, expected) => {
    expect(codes(captured(overrides), f)).toEqual(expected);
  });

  it('does not reveal the kind of block in the refusal', () => {
    const [refusal] = meldebescheinigung.validateCapture(captured({ authorisationChecked: true }), blockedFacts('bedingter_sperrvermerk', authorised));
    expect(refusal?.message.de).toContain('Auskunftssperre oder ein bedingter Sperrvermerk');
  });
});

describe('meldebescheinigung: fee input', () => {
  it.each<[string, Partial<MeldebescheinigungData>, boolean, string | undefined]>([
    ['simple', {}, false, undefined],
    ['extended', { kind: 'extended', extendedFields: ['sex'] }, true, undefined],
    ['pension purpose', { purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung Bund' }, false, 'Rentenangelegenheit: Deutsche Rentenversicherung Bund'],
    ['social benefit purpose, extended', { kind: 'extended', extendedFields: ['sex'], purpose: 'social_benefit', purposeDetail: 'Jobcenter Bochum' }, true, 'Sozialleistung: Jobcenter Bochum'],
  ])('%s', (_name, overrides, extended, reason) => {
    const input = meldebescheinigung.feeInput(captured(overrides), facts);
    expect(input).toMatchObject({ serviceId: 'meldebescheinigung', applicationDate: '2026-12-01', birthDate: '1941-03-15', extended });
    expect(input.waiver).toEqual(reason ? { kind: 'pension_or_social_purpose', reason } : undefined);
  });
});

describe('meldebescheinigung: the certificate', () => {
  const context = completionContext();
  const issue = (data: MeldebescheinigungData, f: CaseFacts = facts, c = context) => {
    const { documents } = meldebescheinigung.complete(data, f, c);
    expect(documents).toHaveLength(1);
    const [document] = documents;
    if (!document) throw new Error('no document');
    expect(uncertifiedValues(document)).toEqual([]);
    return document;
  };

  it('simple: exactly the § 18 Abs. 1 data, addresses marked Haupt-/Nebenwohnung', () => {
    const document = issue(captured());
    expect(document.kind).toBe('meldebescheinigung');
    expect(document.title).toBe('Meldebescheinigung');
    expect(document.verifiable).toBe(true);
    const fields = document.sections.flatMap((s) => s.fields ?? []);
    expect(fields).toEqual([
      { label: 'Familienname', value: 'Kowalski' },
      { label: 'Vornamen', value: 'Maria Elisabeth (gebräuchlicher Vorname: Elisabeth)' },
      { label: 'Doktorgrad', value: 'Dr.' },
      { label: 'Geburtsdatum', value: '15.03.1941' },
      { label: 'Hauptwohnung', value: 'Kortumstraße 12, 44787 Bochum' },
      { label: 'Nebenwohnung', value: 'Am Deich 3a, bei Schulte, 26548 Norderney' },
      { label: 'Ausgestellt am', value: '01.12.2026' },
    ]);
    const printed = printedText(document);
    // Extended data only on request.
    for (const absent of ['Gelsenkirchen', 'Nowak', 'verwitwet', 'weiblich', 'Deutschland', 'L01X00T471', '2015']) expect(printed).not.toContain(absent);
    expect(document.signature).toEqual({ place: 'Bochum', date: '01.12.2026', officerName: 'Jana Becker', seal: true });
  });

  it('marks a single Wohnung as alleinige Wohnung', () => {
    const document = issue(captured(), caseFacts());
    expect(document.sections.flatMap((s) => s.fields ?? [])).toContainEqual({ label: 'alleinige Wohnung', value: 'Kortumstraße 12, 44787 Bochum' });
  });

  it('prints no extended data on a simple certificate even if items were ticked', () => {
    const data = captured({ extendedFields: ['birth_place', 'marital_status'] });
    const printed = printedText(issue(data));
    expect(printed).not.toContain('Gelsenkirchen');
    expect(printed).not.toContain('verwitwet');
    expect(meldebescheinigung.notices?.(data, facts).map((n) => n.code)).toEqual(['EXTENDED_FIELDS_IGNORED']);
  });

  it('extended: adds the requested items and only those', () => {
    const document = issue(captured({ kind: 'extended', extendedFields: ['nationalities', 'birth_place', 'move_in_dates', 'no_death_date'] }));
    expect(document.title).toBe('Erweiterte Meldebescheinigung');
    const further = document.sections.find((s) => s.heading?.startsWith('Weitere Angaben'))?.fields;
    expect(further).toEqual([
      { label: 'Geburtsort', value: 'Gelsenkirchen' },
      { label: 'Staatsangehörigkeiten', value: 'Deutschland' },
      { label: 'Einzugsdatum Hauptwohnung', value: '01.04.2015' },
      { label: 'Einzugsdatum Nebenwohnung', value: '01.09.2020' },
      { label: 'Sterbedatum', value: 'im Melderegister nicht gespeichert' },
    ]);
    const printed = printedText(document);
    for (const absent of ['Nowak', 'verwitwet', 'weiblich', 'L01X00T471']) expect(printed).not.toContain(absent);
  });

  it.each<[string, MeldebescheinigungData['extendedFields'][number], string, string]>([
    ['former names', 'former_names', 'Geburtsname', 'Nowak'],
    ['sex', 'sex', 'Geschlecht', 'weiblich'],
    ['marital status', 'marital_status', 'Familienstand', 'verwitwet'],
    ['valid ID documents only', 'id_documents', 'Personalausweis', 'Nr. L01X00T471, ausgestellt am 04.05.2020, gültig bis 03.05.2030'],
  ])('extended item: %s', (_name, item, label, value) => {
    const document = issue(captured({ kind: 'extended', extendedFields: [item] }));
    const further = document.sections.find((s) => s.heading?.startsWith('Weitere Angaben'))?.fields;
    expect(further).toEqual([{ label, value }]);
  });

  it('names a foreign birth state', () => {
    const f = caseFacts({ subject: personFacts({ birthPlace: 'Kattowitz', birthCountry: 'PL', nationalities: ['DE', 'PL'] }) });
    const document = issue(captured({ kind: 'extended', extendedFields: ['birth_place', 'nationalities'] }), f);
    const printed = printedText(document);
    expect(printed).toContain('Kattowitz (Polen)');
    expect(printed).toContain('Deutschland, Polen');
  });

  it('certifies names, birth date, addresses and the day — a subset of what it prints', () => {
    const document = issue(captured({ kind: 'extended', extendedFields: ['marital_status'] }));
    expect(document.certifies).toEqual([
      { label: 'Familienname', value: 'Kowalski' },
      { label: 'Vornamen', value: 'Maria Elisabeth (gebräuchlicher Vorname: Elisabeth)' },
      { label: 'Geburtsdatum', value: '15.03.1941' },
      { label: 'Hauptwohnung', value: 'Kortumstraße 12, 44787 Bochum' },
      { label: 'Nebenwohnung', value: 'Am Deich 3a, bei Schulte, 26548 Norderney' },
      { label: 'Ausgestellt am', value: '01.12.2026' },
    ]);
  });

  it('keeps a blocked person\'s addresses off the public verification', () => {
    const document = issue(captured(), blockedFacts('auskunftssperre'));
    expect(JSON.stringify(document.certifies)).not.toContain('Kortumstraße');
    // The person herself gets her certificate with the address.
    expect(printedText(document)).toContain('Kortumstraße 12, 44787 Bochum');
  });

  it('never prints blocked data for a third party: completion is refused', () => {
    expect(() => meldebescheinigung.complete(captured({ authorisationChecked: true }), blockedFacts('auskunftssperre', authorised), context)).toThrow(/blocked/);
  });

  it('names the applicant, the purpose and the waiver', () => {
    const data = captured({ authorisationChecked: true, purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung Bund' });
    const waived = completionContext({ fee: feeQuote({ totalCents: 0, waived: { kind: 'pension_or_social_purpose', reason: 'Rentenangelegenheit' } }) });
    const printed = printedText(issue(data, caseFacts({ applicant: authorised }), waived));
    expect(printed).toContain('Ausgestellt auf Antrag von Peter Kowalski (bevollmächtigte Person).');
    expect(printed).toContain('Verwendungszweck: Rentenangelegenheit (Deutsche Rentenversicherung Bund) – gebührenfrei');
  });
});

describe('meldebescheinigung: relatives on the extended certificate (§ 3 Abs. 1 Nr. 9, 15 BMG)', () => {
  const spouseId = '7d0c3a8e-1111-4a6b-9c2d-000000000015';
  const spouse = personFacts({
    id: spouseId, familyName: 'Kowalski', birthName: 'Kowalski', givenNames: ['Jan'], preferredGivenName: null, doctoralDegree: 'Dr.', birthDate: '1939-11-02',
    residences: [residenceFacts({ address: { street: 'Geheimweg', houseNumber: '1', addition: null, postcode: '44789', city: 'Bochum', ags: '05911000' } })],
  });
  const married = (relation: { relatedPersonId: string | null; externalName: string | null }, others: Record<string, ReturnType<typeof personFacts>> = {}) =>
    caseFacts({ subject: personFacts({ maritalStatus: 'VH', relations: [{ kind: 'spouse', scope: null, ...relation }] }), others });
  const spouseItem = (overrides: Partial<MeldebescheinigungData> = {}) => captured({ kind: 'extended', extendedFields: ['spouse'], ...overrides });
  const further = (data: MeldebescheinigungData, f: CaseFacts) =>
    meldebescheinigung.complete(data, f, completionContext()).documents[0]?.sections.find((s) => s.heading?.startsWith('Weitere Angaben'))?.fields;

  it.each<[string, MeldebescheinigungData, CaseFacts, string[]]>([
    ['a spouse kept by name outside the register', spouseItem(), married({ relatedPersonId: null, externalName: 'Jan Kowalski' }), []],
    ['a spouse in the register, picked', spouseItem({ spousePersonId: spouseId }), married({ relatedPersonId: spouseId, externalName: null }, { [spouseId]: spouse }), []],
    ['a spouse in the register, not picked', spouseItem(), married({ relatedPersonId: spouseId, externalName: null }, { [spouseId]: spouse }), ['RELATIVE_NOT_SELECTED@spousePersonId']],
    ['a picked person who is not the spouse', spouseItem({ spousePersonId: 'someone-else' }), married({ relatedPersonId: null, externalName: 'Jan Kowalski' }), ['RELATIVE_NOT_RELATED@spousePersonId']],
    ['a blocked spouse', spouseItem({ spousePersonId: spouseId }), married({ relatedPersonId: spouseId, externalName: null }, { [spouseId]: { ...spouse, blocks: ['auskunftssperre'] } }), ['RELATIVE_BLOCKED@spousePersonId']],
    ['a spouse hidden from this officer', spouseItem({ spousePersonId: spouseId }), married({ relatedPersonId: spouseId, externalName: null }), ['RELATIVE_BLOCKED@spousePersonId']],
    ['no spouse recorded', spouseItem(), facts, ['EXTENDED_FIELD_NO_DATA@extendedFields']],
  ])('%s', (_name, data, f, expected) => {
    expect(codes(data, f)).toEqual(expected);
  });

  it('names the spouse with birth name and birth date, never their address', () => {
    const f = married({ relatedPersonId: spouseId, externalName: null }, { [spouseId]: { ...spouse, birthName: 'Nowicki' } });
    const data = spouseItem({ spousePersonId: spouseId });
    expect(further(data, f)).toEqual([{ label: 'Ehegatte/Lebenspartner', value: 'Dr. Jan Kowalski, geb. Nowicki, geboren am 02.11.1939' }]);
    expect(printedText(meldebescheinigung.complete(data, f, completionContext()).documents[0]!)).not.toContain('Geheimweg');
  });

  it('names a Betreuer kept by name', () => {
    const f = caseFacts({ subject: personFacts({ relations: [{ kind: 'betreuer', relatedPersonId: null, externalName: 'Eva Lang, Berufsbetreuerin', scope: ['vermoegenssorge'] }] }) });
    expect(further(captured({ kind: 'extended', extendedFields: ['legal_representatives'] }), f)).toEqual([{ label: 'Gesetzliche Vertretung', value: 'Eva Lang, Berufsbetreuerin' }]);
  });
});
