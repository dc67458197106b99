import { describe, expect, it } from 'vitest';
import type { RueckmeldungPayload } from '../../../exchange/messages.ts';
import { renderRueckmeldung, withSenderDetails } from '../../../exchange/xmeld/rueckmeldung.ts';
import { validateXmeld } from '../../../exchange/xmeld/testing.ts';
import { builtinFederalTables } from '../../../fees/default-tables.ts';
import { quoteFee } from '../../../fees/quote.ts';
import type { DocumentRequest, RegisterChange } from '../../workflow.ts';
import { anmeldungWorkflow, ummeldungWorkflow, type MoveInData } from './move-in.ts';
import { anmeldungDraft, child, context, facts, flatFieldsOf, newPersonInput, person, personLines, residence, spouse, ummeldungDraft, wohnungsgeber } from './testing.ts';

const codes = (violations: { code: string }[]) => violations.map((v) => v.code);
const docText = (doc: DocumentRequest) => JSON.stringify(doc.sections);

describe('Ummeldung', () => {
  it('a complete move within the city has no violations; the old Hauptwohnung is closed, the new one opened, with history', () => {
    const f = facts();
    expect(ummeldungWorkflow.validateCapture(ummeldungDraft(), f)).toEqual([]);
    const effects = ummeldungWorkflow.complete(ummeldungDraft(), f, context);
    expect(effects.registerChanges).toEqual<RegisterChange[]>([
      { kind: 'move_out', personId: 'person-1', residenceId: 'res-1', movedOut: '2026-11-01', registeredOn: '2026-11-05', destination: null },
      { kind: 'move_in', person: { id: 'person-1' }, address: { street: 'Hauptstraße', houseNumber: '12a', addition: null, postcode: '44787', city: 'Bochum', ags: '05911000' }, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' },
    ]);
    expect(effects.messages).toEqual([]);
    expect(effects.documents.map((d) => d.kind)).toEqual(['meldebestaetigung']);
    expect(effects.dataPatch).toEqual({ registration: { registeredOn: '2026-11-05', deadline: '2026-11-16', late: false, daysLate: 0, rueckmeldungDueBy: null } });
  });

  it.each<[string, Partial<MoveInData>, string[], RegisterChange['kind'][]]>([
    ['new Hauptwohnung, old one given up', { previousHauptwohnung: 'move_out' }, [], ['move_out', 'move_in']],
    ['new Hauptwohnung, old one kept as Nebenwohnung', { previousHauptwohnung: 'becomes_neben' }, [], ['change_residence_kind', 'move_in']],
    ['new Hauptwohnung, nobody asked about the old one', { previousHauptwohnung: undefined }, ['RESIDENCE_PREVIOUS_HAUPTWOHNUNG_DECISION'], []],
    ['new Hauptwohnung, old one "stays Hauptwohnung"', { previousHauptwohnung: 'keep' }, ['RESIDENCE_PREVIOUS_HAUPTWOHNUNG_DECISION'], []],
    ['new Nebenwohnung, Hauptwohnung kept', { residenceKind: 'neben', previousHauptwohnung: 'keep' }, [], ['move_in']],
    ['new Nebenwohnung, Hauptwohnung given up: none left', { residenceKind: 'neben', previousHauptwohnung: 'move_out' }, ['RESIDENCE_NO_HAUPTWOHNUNG_LEFT'], []],
  ])('Haupt/Neben: %s', (_label, overrides, violations, changes) => {
    const f = facts();
    const draft = ummeldungDraft(overrides);
    expect(codes(ummeldungWorkflow.validateCapture(draft, f))).toEqual(violations);
    if (violations.length === 0) expect(ummeldungWorkflow.complete(draft, f, context).registerChanges.map((c) => c.kind)).toEqual(changes);
  });

  it('the kept Nebenwohnung makes the new flat "Hauptwohnung", a given-up one "alleinige Wohnung"', () => {
    const status = (overrides: Partial<MoveInData>) => personLines(ummeldungWorkflow.complete(ummeldungDraft(overrides), facts(), context).documents[0]!)[0]![4];
    expect(status({ previousHauptwohnung: 'move_out' })).toBe('alleinige Wohnung');
    expect(status({ previousHauptwohnung: 'becomes_neben' })).toBe('Hauptwohnung');
    expect(status({ residenceKind: 'neben', previousHauptwohnung: 'keep' })).toBe('Nebenwohnung');
  });

  it('the family moves together: each leaves the old flat, each must be on the Wohnungsgeberbestätigung', () => {
    const f = facts();
    const draft = ummeldungDraft({ coMoverIds: ['person-2', 'person-3'] });
    const violations = ummeldungWorkflow.validateCapture(draft, f);
    expect(codes(violations)).toEqual(['RESIDENCE_WOHNUNGSGEBER_PERSON_NOT_NAMED', 'RESIDENCE_WOHNUNGSGEBER_PERSON_NOT_NAMED']);
    expect(violations.map((v) => v.message.en.split(' is moving')[0])).toEqual(['Jan Schmidt', 'Lena Schmidt']);
    const named = { ...draft, wohnungsgeber: wohnungsgeber({ personsNamed: ['Anna Schmidt', 'Jan Schmidt', 'Lena Schmidt'] }) };
    expect(ummeldungWorkflow.validateCapture(named, f)).toEqual([]);
    const effects = ummeldungWorkflow.complete(named, f, context);
    expect(effects.registerChanges.filter((c) => c.kind === 'move_out').map((c) => c.kind === 'move_out' && c.residenceId)).toEqual(['res-1', 'res-2', 'res-3']);
    expect(effects.registerChanges.filter((c) => c.kind === 'move_in')).toHaveLength(3);
    // One Meldebestätigung with a line per person.
    expect(effects.documents).toHaveLength(1);
    expect(personLines(effects.documents[0]!).map((row) => row[1])).toEqual(['Anna Maria (gebräuchlicher Vorname: Anna)', 'Jan', 'Lena']);
  });

  it('a co-mover who is not in the register, or listed twice, is a violation', () => {
    const violations = ummeldungWorkflow.validateCapture(ummeldungDraft({ coMoverIds: ['ghost', 'person-1'] }), facts());
    expect(codes(violations)).toEqual(['RESIDENCE_CO_MOVER_UNKNOWN', 'RESIDENCE_CO_MOVER_TWICE']);
  });

  it('refuses an Ummeldung of someone not living here, and a move into the flat they already live in', () => {
    expect(codes(ummeldungWorkflow.validateCapture(ummeldungDraft(), facts({ subject: { residences: [] } })))).toContain('RESIDENCE_UMMELDUNG_NO_RESIDENCE');
    expect(codes(ummeldungWorkflow.validateCapture(ummeldungDraft({ newAddress: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' }, residenceKind: 'neben', previousHauptwohnung: 'keep', wohnungsgeber: wohnungsgeber({ flatAddress: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' } }) }), facts())))
      .toEqual(['RESIDENCE_ALREADY_REGISTERED_THERE']);
  });

  it('returns every violation of an empty draft at once, each with a field and both languages', () => {
    const violations = ummeldungWorkflow.validateCapture({}, facts());
    expect(codes(violations)).toEqual(['RESIDENCE_NEW_ADDRESS_MISSING', 'RESIDENCE_KIND_MISSING', 'RESIDENCE_MOVE_DATE_MISSING', 'RESIDENCE_WOHNUNGSGEBER_MISSING']);
    for (const v of violations) {
      expect(v.field).toBeTruthy();
      expect(v.message.de).not.toBe(v.message.en);
    }
  });

  it('an incomplete address names its missing parts in one violation', () => {
    const violations = ummeldungWorkflow.validateCapture(ummeldungDraft({ newAddress: { city: 'Bochum', postcode: '4478' } as MoveInData['newAddress'] }), facts());
    expect(violations.filter((v) => v.code === 'RESIDENCE_ADDRESS_INCOMPLETE').map((v) => [v.field, v.message.de])).toEqual([
      ['newAddress', 'Neue Wohnung: Straße, Hausnummer, Postleitzahl fehlt oder ist ungültig (die Postleitzahl hat 5 Ziffern). Ergänzen Sie die Anschrift.'],
    ]);
  });

  it('a late registration is taken, flagged in the data and told in a notice', () => {
    const late = ummeldungDraft({ movedIn: '2026-10-01', wohnungsgeber: wohnungsgeber({ moveInDate: '2026-10-01' }) });
    expect(ummeldungWorkflow.validateCapture(late, facts())).toEqual([]);
    expect(ummeldungWorkflow.notices!(late, facts()).map((n) => n.code)).toContain('RESIDENCE_REGISTRATION_LATE');
    expect(ummeldungWorkflow.complete(late, facts(), context).dataPatch).toMatchObject({ registration: { late: true, deadline: '2026-10-15', daysLate: 21 } });
  });

  it('a move-in a week ahead is accepted with a notice; eight days ahead is refused', () => {
    const ahead = (date: string) => ummeldungDraft({ movedIn: date, wohnungsgeber: wohnungsgeber({ moveInDate: date }) });
    expect(ummeldungWorkflow.validateCapture(ahead('2026-11-12'), facts())).toEqual([]);
    expect(ummeldungWorkflow.notices!(ahead('2026-11-12'), facts()).map((n) => n.code)).toContain('RESIDENCE_MOVE_IN_AHEAD');
    expect(codes(ummeldungWorkflow.validateCapture(ahead('2026-11-13'), facts()))).toEqual(['RESIDENCE_MOVE_IN_TOO_FAR_AHEAD']);
  });

  it('the Betreuer registers a resident moving into a care home; the head of the home may too', () => {
    const careHome = ummeldungDraft({ wohnungsgeber: wohnungsgeber({ isCareHome: true, name: 'Seniorenzentrum St. Josef' }) });
    const betreuer = facts({ applicant: { kind: 'betreuer', name: 'Klaus Berger', evidence: 'Betreuerausweis AG Bochum 12 XVII 345/23', scope: ['Aufenthaltsbestimmung'] } });
    expect(ummeldungWorkflow.validateCapture(careHome, betreuer)).toEqual([]);
    const head = facts({ applicant: { kind: 'care_home_head', name: 'Sr. Agnes Wolters', evidence: 'Bestätigung der Einrichtung vom 02.11.2026' } });
    expect(codes(ummeldungWorkflow.validateCapture(careHome, head))).toEqual(['RESIDENCE_CARE_HOME_RESIDENT_ABLE']);
    expect(ummeldungWorkflow.validateCapture({ ...careHome, careHomeResidentUnable: true }, head)).toEqual([]);
  });

  it('reminds the officer of the address change on a valid Personalausweis', () => {
    const holder = facts({ subject: { documents: [{ kind: 'personalausweis', serialNumber: 'L01X00T471', issuedOn: '2020-05-04', validUntil: '2030-05-03', status: 'valid' }] } });
    expect(ummeldungWorkflow.notices!(ummeldungDraft(), holder).map((n) => n.code)).toContain('RESIDENCE_EID_ADDRESS_CHANGE');
    expect(ummeldungWorkflow.notices!(ummeldungDraft(), facts()).map((n) => n.code)).not.toContain('RESIDENCE_EID_ADDRESS_CHANGE');
    expect(ummeldungWorkflow.notices!(ummeldungDraft({ residenceKind: 'neben', previousHauptwohnung: 'keep' }), holder).map((n) => n.code)).not.toContain('RESIDENCE_EID_ADDRESS_CHANGE');
  });

  it('initialData pre-fills from the register but never answers the Hauptwohnung question', () => {
    const initial = ummeldungWorkflow.initialData!(facts());
    expect(initial).toMatchObject({ residenceKind: 'haupt', hasResidenceHere: true, newAddress: { city: 'Bochum' } });
    expect(initial.previousHauptwohnung).toBeUndefined();
  });
});

describe('Anmeldung', () => {
  const f = facts({ subject: null });

  it('a person new to the register: create_person with a ref, then move_in on the ref', () => {
    expect(anmeldungWorkflow.validateCapture(anmeldungDraft(), f)).toEqual([]);
    const effects = anmeldungWorkflow.complete(anmeldungDraft(), f, context);
    expect(effects.registerChanges).toEqual<RegisterChange[]>([
      {
        kind: 'create_person', ref: 'subject',
        person: {
          familyName: 'Nguyễn', birthName: null, givenNames: ['Thị', 'Mai'], preferredGivenName: 1, doctoralDegree: null, birthDate: '1992-07-14',
          birthPlace: 'Hà Nội', birthCountry: 'VN', sex: 'w', nationalities: ['VN'], maritalStatus: 'LD', religion: null,
        },
      },
      { kind: 'move_in', person: { ref: 'subject' }, address: { street: 'Hauptstraße', houseNumber: '12a', addition: null, postcode: '44787', city: 'Bochum', ags: '05911000' }, residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05' },
    ]);
  });

  it('new co-movers from the numbered form fields become persons of their own', () => {
    const draft = anmeldungDraft({
      newCoMoverCount: 1,
      newCoMovers: { 0: newPersonInput({ givenNames: 'Minh', preferredGivenName: null, birthDate: '2019', sex: 'm' }) } as unknown as MoveInData['newCoMovers'],
      wohnungsgeber: wohnungsgeber({ personsNamed: 'Mai Nguyễn\nMinh Nguyễn' as unknown as string[] }),
    });
    expect(anmeldungWorkflow.validateCapture(draft, f)).toEqual([]);
    const changes = anmeldungWorkflow.complete(draft, f, context).registerChanges;
    expect(changes.map((c) => c.kind === 'create_person' ? `create:${c.ref}` : c.kind === 'move_in' ? `in:${'ref' in c.person ? c.person.ref : c.person.id}` : c.kind))
      .toEqual(['create:subject', 'create:co-1', 'in:subject', 'in:co-1']);
  });

  it('the Rückmeldung goes to the former municipality, due 3 working days after the registration, and validates as XMeld', () => {
    const effects = anmeldungWorkflow.complete(anmeldungDraft(), f, context);
    expect(effects.messages).toHaveLength(1);
    const [message] = effects.messages;
    expect(message).toMatchObject({ recipientName: 'Stadt Dortmund', dueBy: '2026-11-10' });
    const payload = message!.payload as RueckmeldungPayload;
    expect(payload).toMatchObject({
      kind: 'xmeld_rueckmeldung', caseNumber: 'M-2026-000042', sender: { ags: '05911000' }, recipient: { ags: '05913000', name: 'Stadt Dortmund' }, dueBy: '2026-11-10',
    });
    expect(payload.persons[0]).toMatchObject({
      residenceKind: 'haupt', movedIn: '2026-11-01', registeredOn: '2026-11-05',
      previousAddress: { street: 'Kampstraße', houseNumber: '45', postcode: '44137', city: 'Dortmund', ags: '05913000' },
      person: { familyName: 'Nguyễn', givenNames: ['Thị', 'Mai'], preferredGivenName: 1, personId: 'M-2026-000042:subject' },
    });
    const xml = renderRueckmeldung(withSenderDetails(payload, {
      postalAddress: { street: 'Willy-Brandt-Platz', houseNumber: '2', postcode: '44777', city: 'Bochum' }, email: 'buergerbuero@bochum.example.org', phone: null,
    }), { messageId: '4f1e7c3a-0d2b-4c5e-8f90-abcdefabcdef', createdAt: '2026-11-05T10:00:00Z' });
    const [result] = validateXmeld([xml]);
    expect(result!.output).toMatch(/validates$/);
  });

  it('the due date skips weekends and holidays (registration on Maundy Thursday)', () => {
    const easter = facts({ subject: null, today: '2026-04-02' });
    const draft = anmeldungDraft({ movedIn: '2026-03-30', wohnungsgeber: wohnungsgeber({ moveInDate: '2026-03-30', personsNamed: ['Mai Nguyễn'] }) });
    expect(anmeldungWorkflow.validateCapture(draft, easter)).toEqual([]);
    expect(anmeldungWorkflow.complete(draft, easter, context).messages[0]!.dueBy).toBe('2026-04-09');
  });

  it.each<[string, Partial<MoveInData>, string[], number]>([
    ['from abroad: no Rückmeldung', { origin: 'ausland', previousCountry: 'VN', previousAddress: undefined, formerMunicipality: undefined }, [], 0],
    ['without previous flat', { origin: 'ohne', previousAddress: undefined, formerMunicipality: undefined }, [], 0],
    ['from this very municipality: that is an Ummeldung', { formerMunicipality: { ags: '05911000', name: 'Stadt Bochum' } }, ['RESIDENCE_FORMER_IS_THIS_MUNICIPALITY'], 0],
    ['from Germany without the former municipality', { formerMunicipality: undefined }, ['RESIDENCE_FORMER_MUNICIPALITY_MISSING'], 0],
    ['abroad, but the country is DE', { origin: 'ausland', previousCountry: 'DE' }, ['RESIDENCE_PREVIOUS_COUNTRY_DE'], 0],
    ['Nebenwohnung, Hauptwohnung kept in Dortmund: Rückmeldung to Dortmund', { residenceKind: 'neben', previousResidenceKept: true }, [], 1],
    ['Nebenwohnung, previous flat given up: no Hauptwohnung left', { residenceKind: 'neben' }, ['RESIDENCE_NEBEN_WITHOUT_HAUPT'], 0],
    ['Nebenwohnung, coming from abroad: the only German flat cannot be a Nebenwohnung', { residenceKind: 'neben', origin: 'ausland', previousCountry: 'VN' }, ['RESIDENCE_NEBEN_WITHOUT_HAUPT'], 0],
  ])('%s', (_label, overrides, violations, messages) => {
    const draft = anmeldungDraft(overrides);
    expect(codes(anmeldungWorkflow.validateCapture(draft, f))).toEqual(violations);
    if (violations.length === 0) expect(anmeldungWorkflow.complete(draft, f, context).messages).toHaveLength(messages);
  });

  it('a new person with characters outside DIN SPEC 91379 or an impossible birth date is told field by field', () => {
    const draft = anmeldungDraft({ newPerson: newPersonInput({ familyName: 'Müller😀', birthDate: '1990-02-30', nationalities: '' }) as unknown as MoveInData['newPerson'] });
    const violations = anmeldungWorkflow.validateCapture(draft, f);
    expect(violations.map((v) => `${v.code}@${v.field}`)).toEqual(expect.arrayContaining([
      'RESIDENCE_NAME_CHARACTER@newPerson.familyName', 'RESIDENCE_BIRTH_DATE_INVALID@newPerson.birthDate', 'RESIDENCE_NATIONALITY_MISSING@newPerson.nationalities',
    ]));
  });

  it('without the new person\'s data the case cannot be captured', () => {
    expect(codes(anmeldungWorkflow.validateCapture(anmeldungDraft({ newPerson: undefined }), f))).toContain('RESIDENCE_NEW_PERSON_MISSING');
  });

  it('a resident with a Hauptwohnung here who moves within the city is sent to the Ummeldung', () => {
    const draft = anmeldungDraft({ newPerson: undefined, wohnungsgeber: wohnungsgeber() });
    expect(codes(anmeldungWorkflow.validateCapture(draft, facts()))).toContain('RESIDENCE_USE_UMMELDUNG');
  });

  it('a Nebenwohnung of a resident is an Anmeldung without a previous address', () => {
    const draft = anmeldungDraft({ newPerson: undefined, residenceKind: 'neben', previousHauptwohnung: 'keep', origin: 'ohne', previousAddress: undefined, formerMunicipality: undefined, wohnungsgeber: wohnungsgeber() });
    expect(anmeldungWorkflow.validateCapture(draft, facts())).toEqual([]);
    expect(anmeldungWorkflow.complete(draft, facts(), context).registerChanges.map((c) => c.kind)).toEqual(['move_in']);
  });

  it('a returning former resident (in the register, no residence) moves in on their register id', () => {
    const returning = facts({ subject: { residences: [residence({ movedOut: '2020-01-01' })] } });
    const draft = anmeldungDraft({ newPerson: undefined, wohnungsgeber: wohnungsgeber() });
    expect(anmeldungWorkflow.validateCapture(draft, returning)).toEqual([]);
    expect(anmeldungWorkflow.complete(draft, returning, context).registerChanges).toEqual([expect.objectContaining({ kind: 'move_in', person: { id: 'person-1' } })]);
  });
});

describe('Meldebestätigung (§ 24 Abs. 2 BMG)', () => {
  it('prints exactly the fields of § 24 Abs. 2 and certifies a subset of them', () => {
    const f = facts({ subject: { doctoralDegree: 'Dr. med.', birthName: 'Meier' } });
    const [doc] = ummeldungWorkflow.complete(ummeldungDraft(), f, context).documents;
    expect(doc).toMatchObject({ kind: 'meldebestaetigung', title: 'Meldebestätigung', verifiable: true });
    expect(doc!.sections.map((section) => section.heading)).toEqual([undefined, 'Person', 'Wohnung']);
    expect(doc!.sections[1]!.fields).toEqual([
      { label: 'Familienname', value: 'Schmidt' },
      { label: 'Vornamen', value: 'Anna Maria (gebräuchlicher Vorname: Anna)' },
      { label: 'Doktorgrad', value: 'Dr. med.' },
      { label: 'Tag der Geburt', value: '17.05.1980' },
      { label: 'Wohnungsstatus', value: 'alleinige Wohnung' },
    ]);
    expect(flatFieldsOf(doc!)).toEqual([
      { label: 'Anschrift', value: 'Hauptstraße 12a, 44787 Bochum' },
      { label: 'Tag des Einzugs', value: '01.11.2026' },
      { label: 'Tag der Anmeldung', value: '05.11.2026' },
    ]);
    // Nothing beyond § 24 Abs. 2: no birth name, birthplace, nationality, marital status, religion, previous flat.
    const printed = docText(doc!);
    for (const absent of ['Meier', 'Essen', '"DE"', 'VH', 'Am Stadtpark', 'Geburtsname', 'Staatsangehörigkeit']) expect(printed).not.toContain(absent);
    // certifies: label and value exactly as printed, fewer than printed.
    const printedFields = doc!.sections.flatMap((section) => section.fields ?? []);
    for (const field of doc!.certifies!) expect(printedFields).toContainEqual(field);
    expect(doc!.certifies!.map((field) => field.label)).toEqual(['Familienname', 'Vornamen', 'Tag der Geburt', 'Anschrift', 'Tag des Einzugs', 'Tag der Anmeldung']);
    expect(doc!.signature).toEqual({ place: 'Bochum', date: '05.11.2026', officerName: 'Thomas Krüger', seal: true });
  });

  it('a partial birth date is printed with its precision', () => {
    const [doc] = ummeldungWorkflow.complete(ummeldungDraft(), facts({ subject: { birthDate: '1950-03' } }), context).documents;
    expect(personLines(doc!)[0]![3]).toBe('03.1950');
  });

  it('blocked data is not printed for third parties: a co-mover with an Auskunftssperre gets a confirmation of their own', () => {
    const blockedChild = { ...child, blocks: ['auskunftssperre' as const] };
    const f = facts({ others: { [spouse.id]: spouse, [child.id]: blockedChild } });
    const draft = ummeldungDraft({ coMoverIds: ['person-2', 'person-3'], wohnungsgeber: wohnungsgeber({ personsNamed: ['Anna Schmidt', 'Jan Schmidt', 'Lena Schmidt'] }) });
    expect(ummeldungWorkflow.notices!(draft, f).map((n) => n.code)).toContain('RESIDENCE_BLOCKED_OWN_CONFIRMATION');
    const docs = ummeldungWorkflow.complete(draft, f, context).documents;
    expect(docs).toHaveLength(2);
    expect(personLines(docs[0]!).map((row) => row[1])).toEqual(['Anna Maria (gebräuchlicher Vorname: Anna)', 'Jan']);
    expect(docText(docs[0]!)).not.toContain('Lena');
    expect(JSON.stringify(docs[0]!.certifies)).not.toContain('Lena');
    expect(personLines(docs[1]!).map((row) => row[1])).toEqual(['Lena']);
    // The public verification of a blocked person's confirmation does not show the address.
    expect(docs[1]!.certifies!.map((c) => c.label)).not.toContain('Anschrift');
  });

  it('a blocked data subject is on their own confirmation; the others share one without them', () => {
    const f = facts({ subject: { blocks: ['bedingter_sperrvermerk'] } });
    const draft = ummeldungDraft({ coMoverIds: ['person-2'], wohnungsgeber: wohnungsgeber({ personsNamed: ['Anna Schmidt', 'Jan Schmidt'] }) });
    const docs = ummeldungWorkflow.complete(draft, f, context).documents;
    expect(docs.map((d) => personLines(d).map((row) => row[0] + ' ' + row[1]))).toEqual([
      ['Schmidt Anna Maria (gebräuchlicher Vorname: Anna)'], ['Schmidt Jan'],
    ]);
  });

  it('the Rückmeldung carries the blocks so the former municipality keeps them', () => {
    const returning = facts({ subject: { residences: [], blocks: ['auskunftssperre'] } });
    const draft = anmeldungDraft({ newPerson: undefined, wohnungsgeber: wohnungsgeber() });
    const payload = anmeldungWorkflow.complete(draft, returning, context).messages[0]!.payload as RueckmeldungPayload;
    expect(payload.persons[0]).toMatchObject({ blocks: ['auskunftssperre'], maritalStatus: 'VH', soleResidence: true });
  });
});

describe('fee', () => {
  it.each(['anmeldung', 'ummeldung', 'abmeldung'] as const)('%s: the quote lists the free line of the federal table', (serviceId) => {
    const quote = quoteFee({ serviceId, applicationDate: '2026-11-05', birthDate: '1980-05-17' }, { federal: builtinFederalTables, municipal: [] });
    expect(quote.items).toEqual([expect.objectContaining({ code: `melde.${serviceId}`, amountCents: 0 })]);
    expect(quote.totalCents).toBe(0);
  });

  it('is free but priced through the fee engine with the registration\'s line', () => {
    expect(anmeldungWorkflow.feeInput(anmeldungDraft(), facts({ subject: null }))).toEqual({ serviceId: 'anmeldung', applicationDate: '2026-11-05', birthDate: '1992-07-14' });
    expect(ummeldungWorkflow.feeInput(ummeldungDraft(), facts({ subject: person() }))).toEqual({ serviceId: 'ummeldung', applicationDate: '2026-11-05', birthDate: '1980-05-17' });
  });
});
