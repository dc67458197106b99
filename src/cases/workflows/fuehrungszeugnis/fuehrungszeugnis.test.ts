import { describe, expect, it } from 'vitest';
import { requestProblems } from '../../../documents/validate-request.ts';
import { captureViolations } from '../../capture-case.ts';
import type { BzrApplicationPayload } from '../../../exchange/messages.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import type { Applicant, CaseFacts, CompletionContext } from '../../workflow.ts';
import { caseFacts, personFacts, serial } from '../eid-terminal/testing.ts';
import { fuehrungszeugnisDataSchema, fuehrungszeugnisWorkflow as workflow, type FuehrungszeugnisData } from './index.ts';

const idCard = serial('L01X00T47');
const base: FuehrungszeugnisData = {
  type: 'N', extended: false, european: false, identity: { source: 'register', serialNumber: idCard },
};
const typeO: FuehrungszeugnisData = {
  ...base, type: 'O', purpose: 'Einstellung im öffentlichen Dienst',
  recipientAuthority: { name: 'Stadt Bochum – Personalamt', address: 'Willy-Brandt-Platz 2–6\n44777 Bochum', reference: 'P 11/2026-417' },
  inspectionHintAcknowledged: true,
};
const extendedRequest = { attachmentId: 'att-wr', issuer: 'Jugendfreizeitstätte Langendreer e. V.', date: '2026-11-20', confirmsPrerequisites: true as const };
const withRequest = (facts: CaseFacts = caseFacts()): CaseFacts => ({ ...facts, attachments: [{ id: 'att-wr', kind: 'written_request', mediaType: 'application/pdf', deleted: false }] });

const codes = (data: Partial<FuehrungszeugnisData>, facts: CaseFacts = caseFacts()) => workflow.validateCapture(data, facts).map((item) => item.code);

const fee = (overrides: Partial<FeeQuote> = {}): FeeQuote => ({
  serviceId: 'fuehrungszeugnis', applicationDate: '2026-12-01', ageAtApplication: 88,
  items: [{ code: 'fuehrungszeugnis', label: 'Führungszeugnis', amountCents: 1300, legalBasis: 'JVKostG Anlage, KV Nr. 1130' }],
  totalCents: 1300, waived: null, split: { municipalityCents: 520, federalCents: 780 }, tables: [], ...overrides,
});
const context = (overrides: Partial<CompletionContext> = {}): CompletionContext => ({
  caseNumber: 'BO-2026-000456', completedAt: '2026-12-01T10:30:00.000Z', officer: { id: 'u1', name: 'A. Beispiel' }, fee: fee(), reservedSerialNumber: null, ...overrides,
});

describe('Führungszeugnis: age 14 (§ 30 Abs. 1 BZRG)', () => {
  it.each([
    ['14th birthday on the application date', '2012-12-01', '2026-12-01', []],
    ['one day short of 14', '2012-12-02', '2026-12-01', ['FZ_UNDER_14']],
    ['born 29 February, 28 February of a common year', '2012-02-29', '2026-02-28', ['FZ_UNDER_14']],
    ['born 29 February, 1 March of a common year', '2012-02-29', '2026-03-01', []],
    ['only the year known: counted as 31 December', '2012', '2026-12-01', ['FZ_UNDER_14']],
    ['birth date unknown', null, '2026-12-01', ['FZ_BIRTH_DATE_UNKNOWN']],
  ])('%s', (_name, birthDate, today, expected) => {
    const facts = caseFacts({ today, subject: { birthDate } });
    expect(codes(base, facts)).toEqual(expected);
  });

  it('says from when the person can apply', () => {
    const [only] = workflow.validateCapture(base, caseFacts({ subject: { birthDate: '2013-05-17' } }));
    expect(only!.message.de).toContain('17.05.2027');
    expect(only!.message.en).toContain('2027-05-17');
  });
});

describe('Führungszeugnis: who applies (no Bevollmächtigte, § 30 Abs. 2)', () => {
  const representative = (kind: Exclude<Applicant['kind'], 'self'>, extra: Partial<Extract<Applicant, { name: string }>> = {}): Applicant =>
    ({ kind, name: 'Berta Treuer', evidence: 'Betreuerausweis AG Bochum 12 XVII 34/25', ...extra });
  const presented = { source: 'other' as const, serialNumber: 'T22000129', kind: 'personalausweis_anderer_behoerde', issuingCountry: 'DE', validUntil: '2031-01-01' };

  it.each([
    ['the person in person', { kind: 'self' } as Applicant, '1990-01-01', []],
    ['a minor of 15 himself', { kind: 'self' } as Applicant, '2011-06-01', []],
    ['an authorised person (Vollmacht)', representative('authorised_person'), '1990-01-01', ['FZ_NO_PROXY']],
    ['the head of a care home', representative('care_home_head'), '1940-01-01', ['FZ_NO_PROXY']],
    ['a parent of a 15-year-old', representative('parent'), '2011-06-01', []],
    ['a parent of an adult', representative('parent'), '2000-06-01', ['FZ_PARENT_NOT_REPRESENTATIVE']],
    ['a Betreuer', representative('betreuer', { scope: ['behoerdenangelegenheiten'] }), '1940-01-01', []],
    ['a legal representative without evidence', representative('legal_representative', { evidence: ' ' }), '1940-01-01', ['FZ_REPRESENTATION_EVIDENCE_MISSING']],
  ])('%s', (_name, applicant, birthDate, expected) => {
    const identity = applicant.kind === 'self' ? base.identity : presented;
    expect(codes({ ...base, identity }, caseFacts({ applicant, subject: { birthDate } }))).toEqual(expected);
  });

  it('the refusal names the way out', () => {
    const [only] = workflow.validateCapture(base, caseFacts({ applicant: representative('authorised_person') }));
    expect(only).toMatchObject({ code: 'FZ_NO_PROXY', field: 'applicant' });
    expect(only!.message.de).toContain('gesetzliche Vertretung');
  });

  it('a Betreuer gets the notice to check the remit', () => {
    const notices = workflow.notices!(base, caseFacts({ applicant: representative('betreuer', { scope: ['gesundheitssorge'] }) }));
    expect(notices.map((item) => item.code)).toContain('FZ_BETREUER_SCOPE');
  });

  it('checks the representative\'s own ID when they are in the register', () => {
    const betreuer = personFacts({ id: 'person-2', givenNames: ['Berta'], familyName: 'Treuer', documents: [{ kind: 'reisepass', serialNumber: serial('C4J7P2R11'), issuedOn: '2022-01-01', validUntil: '2032-01-01', status: 'valid' }] });
    const facts = caseFacts({ applicant: representative('betreuer', { personId: 'person-2' }), others: { 'person-2': betreuer } });
    expect(codes({ ...base, identity: { source: 'register', serialNumber: serial('C4J7P2R11') } }, facts)).toEqual([]);
    // The subject's own card does not prove the representative's identity.
    expect(codes(base, facts)).toEqual(['FZ_IDENTITY_DOCUMENT_UNKNOWN']);
    expect(workflow.initialData!(facts).identity).toEqual({ source: 'register', serialNumber: serial('C4J7P2R11') });
  });

  it('a representative not in the register shows another document', () => {
    expect(codes(base, caseFacts({ applicant: representative('betreuer') }))).toEqual(['FZ_IDENTITY_HOLDER_NOT_IN_REGISTER']);
  });
});

describe('Führungszeugnis: kinds', () => {
  it.each([
    ['N needs nothing more', base, []],
    ['type missing', { ...base, type: undefined }, ['FZ_TYPE_MISSING']],
    ['O complete', typeO, []],
    ['O without authority', { ...typeO, recipientAuthority: undefined }, ['FZ_RECIPIENT_NAME_MISSING', 'FZ_RECIPIENT_ADDRESS_MISSING', 'FZ_RECIPIENT_REFERENCE_MISSING']],
    ['O without Aktenzeichen', { ...typeO, recipientAuthority: { ...typeO.recipientAuthority!, reference: '' } }, ['FZ_RECIPIENT_REFERENCE_MISSING']],
    ['O, hint not acknowledged', { ...typeO, inspectionHintAcknowledged: false }, ['FZ_INSPECTION_HINT_NOT_ACKNOWLEDGED']],
    ['O with an Amtsgericht', { ...typeO, inspectionCourt: 'Amtsgericht Bochum' }, []],
    ['O with a court not named as Amtsgericht', { ...typeO, inspectionCourt: 'Bochum' }, ['FZ_INSPECTION_COURT_INVALID']],
  ] as const)('%s', (_name, data, expected) => {
    expect(codes(data as Partial<FuehrungszeugnisData>)).toEqual(expected);
  });

  it('violations carry field paths the form holds', () => {
    const fields = workflow.form.flatMap((step) => step.fields.map((field) => field.name));
    const violations = workflow.validateCapture({ type: 'O', extended: true, european: false, identity: { source: 'other', serialNumber: 'X1' } } as never, caseFacts());
    for (const item of violations) expect(fields).toContain(item.field);
  });
});

describe('Führungszeugnis: erweitert needs the written request (§ 30a Abs. 2)', () => {
  it.each([
    ['complete, attachment named', { ...base, extended: true, writtenRequest: extendedRequest }, withRequest(), []],
    ['complete, attachment found by kind', { ...base, extended: true, writtenRequest: { ...extendedRequest, attachmentId: undefined } }, withRequest(), []],
    ['no written request at all', { ...base, extended: true }, caseFacts(),
      ['FZ_WRITTEN_REQUEST_MISSING', 'FZ_WRITTEN_REQUEST_ISSUER_MISSING', 'FZ_WRITTEN_REQUEST_DATE_MISSING', 'FZ_WRITTEN_REQUEST_NO_CONFIRMATION']],
    ['details but no scan', { ...base, extended: true, writtenRequest: { ...extendedRequest, attachmentId: undefined } }, caseFacts(), ['FZ_WRITTEN_REQUEST_MISSING']],
    ['names an attachment of another kind', { ...base, extended: true, writtenRequest: { ...extendedRequest, attachmentId: 'att-x' } },
      { ...caseFacts(), attachments: [{ id: 'att-x', kind: 'scan', mediaType: 'image/png', deleted: false }] }, ['FZ_WRITTEN_REQUEST_ATTACHMENT_INVALID']],
    ['dated in the future', { ...base, extended: true, writtenRequest: { ...extendedRequest, date: '2026-12-02' } }, withRequest(), ['FZ_WRITTEN_REQUEST_DATE_FUTURE']],
    ['prerequisites not confirmed', { ...base, extended: true, writtenRequest: { ...extendedRequest, confirmsPrerequisites: false } }, withRequest(), ['FZ_WRITTEN_REQUEST_NO_CONFIRMATION']],
    ['not extended: a request is not needed', base, caseFacts(), []],
  ] as const)('%s', (_name, data, facts, expected) => {
    expect(codes(data as Partial<FuehrungszeugnisData>, facts as CaseFacts)).toEqual(expected);
  });
});

describe('Führungszeugnis: europäisch only for nationals of other EU states (§ 30b)', () => {
  it.each([
    [['DE'], ['FZ_EUROPEAN_NOT_EU_NATIONAL']],
    [['TR'], ['FZ_EUROPEAN_NOT_EU_NATIONAL']],
    [[], ['FZ_EUROPEAN_NOT_EU_NATIONAL']],
    [['FR'], []],
    [['DE', 'PL'], []],
    [['GR'], []],
    [['CH'], ['FZ_EUROPEAN_NOT_EU_NATIONAL']],
  ])('nationalities %j', (nationalities, expected) => {
    expect(codes({ ...base, european: true }, caseFacts({ subject: { nationalities } }))).toEqual(expected);
  });

  it('offers the European certificate to an EU national who did not ask for it', () => {
    const notices = workflow.notices!(base, caseFacts({ subject: { nationalities: ['IT'] } }));
    expect(notices.map((item) => item.code)).toEqual(['FZ_EUROPEAN_AVAILABLE']);
  });
});

describe('Führungszeugnis: the Amtsgericht inspection hint (§ 30 Abs. 5)', () => {
  it('type O shows it as a notice to acknowledge; type N does not', () => {
    const [hint] = workflow.notices!(typeO, caseFacts());
    expect(hint).toMatchObject({ code: 'FZ_INSPECTION_HINT', acknowledgeField: 'inspectionHintAcknowledged' });
    expect(hint!.message.de).toContain('Amtsgericht');
    expect(workflow.notices!(base, caseFacts())).toEqual([]);
    const fields = workflow.form.flatMap((step) => step.fields.map((field) => field.name));
    expect(fields).toContain(hint!.acknowledgeField);
  });
});

describe('Führungszeugnis: identity', () => {
  it.each([
    ['valid ID of the register', base.identity, []],
    ['number without check digit', { source: 'register', serialNumber: idCard.slice(0, 9) }, []],
    ['no identity check', undefined, ['FZ_IDENTITY_MISSING']],
    ['unknown number', { source: 'register', serialNumber: serial('L01X11111') }, ['FZ_IDENTITY_DOCUMENT_UNKNOWN']],
    ['another document, complete', { source: 'other', serialNumber: '19FR12345', kind: 'identitaetskarte_eu', issuingCountry: 'FR', validUntil: '2030-01-01' }, []],
    ['another document, incomplete', { source: 'other', serialNumber: '19FR12345' }, ['FZ_IDENTITY_KIND_MISSING', 'FZ_IDENTITY_COUNTRY_MISSING', 'FZ_IDENTITY_VALIDITY_MISSING']],
    ['another document, expired', { source: 'other', serialNumber: '19FR12345', kind: 'reisepass_ausland', issuingCountry: 'FR', validUntil: '2026-11-30' }, ['FZ_IDENTITY_DOCUMENT_EXPIRED']],
  ] as const)('%s', (_name, identity, expected) => {
    expect(codes({ ...base, identity: identity as FuehrungszeugnisData['identity'] })).toEqual(expected);
  });

  it('an expired register document does not prove identity', () => {
    const facts = caseFacts({ subject: { documents: [{ kind: 'personalausweis', serialNumber: idCard, issuedOn: '2010-01-01', validUntil: '2020-01-01', status: 'valid' }] } });
    expect(codes(base, facts)).toEqual(['FZ_IDENTITY_DOCUMENT_EXPIRED']);
    expect(workflow.initialData!(facts).identity).toBeUndefined();
  });
});

describe('Führungszeugnis: all at once, fee, schema', () => {
  it('an empty draft lists every missing part', () => {
    expect(codes({}, caseFacts({ subject: { residences: [] } }))).toEqual(['FZ_NO_ADDRESS', 'FZ_TYPE_MISSING', 'FZ_IDENTITY_MISSING']);
  });

  it('pre-fills a private certificate and the ID of the register', () => {
    expect(workflow.initialData!(caseFacts())).toEqual({ ...base });
  });

  it.each([
    [{}, undefined],
    [{ feeWaiver: { requested: true, reason: 'Bürgergeld-Bescheid vom 02.10.2026' } }, { kind: 'beduerftigkeit', reason: 'Bürgergeld-Bescheid vom 02.10.2026' }],
    [{ feeWaiver: { requested: false, reason: 'x' } }, undefined],
  ])('fee input %j', (extra, waiver) => {
    expect(workflow.feeInput({ ...base, ...extra }, caseFacts())).toEqual({
      serviceId: 'fuehrungszeugnis', applicationDate: '2026-12-01', birthDate: '1938-04-12', ...(waiver ? { waiver } : {}),
    });
  });

  it('a waiver without a reason is a violation', () => {
    expect(codes({ ...base, feeWaiver: { requested: true, reason: '' } })).toEqual(['FZ_WAIVER_REASON_MISSING']);
  });

  it('hidden, half-filled parts of another kind do not block the capture (rules and shape together, as the engine checks)', () => {
    const data = { ...base, recipientAuthority: { name: 'Personalamt' }, writtenRequest: { issuer: 'Verein' } };
    expect(captureViolations(workflow, data, caseFacts())).toMatchObject({ violations: [], parsed: data });
    const typeOHalf = { ...typeO, recipientAuthority: { name: 'Personalamt' } };
    expect(captureViolations(workflow, typeOHalf, caseFacts()).violations.map((item) => item.code))
      .toEqual(['FZ_RECIPIENT_ADDRESS_MISSING', 'FZ_RECIPIENT_REFERENCE_MISSING']);
  });

  it('the data schema takes captured data and refuses unknown keys', () => {
    expect(fuehrungszeugnisDataSchema.safeParse(typeO).success).toBe(true);
    expect(fuehrungszeugnisDataSchema.safeParse({ ...typeO, proxyName: 'x' }).success).toBe(false);
  });
});

describe('Führungszeugnis: completion', () => {
  it('type O, erweitert, with an Amtsgericht and a Betreuer: the BZR payload', () => {
    const facts = withRequest(caseFacts({
      applicant: { kind: 'betreuer', name: 'Berta Treuer', evidence: 'Betreuerausweis 12 XVII 34/25', scope: ['behoerdenangelegenheiten'], address: 'Kortumstraße 1, 44787 Bochum' },
    }));
    const data: FuehrungszeugnisData = {
      ...typeO, extended: true, writtenRequest: extendedRequest, inspectionCourt: 'Amtsgericht Bochum',
      identity: { source: 'other', serialNumber: 't22000129', kind: 'personalausweis_anderer_behoerde', issuingCountry: 'de', validUntil: '2031-01-01' },
    };
    expect(workflow.validateCapture(data, facts)).toEqual([]);
    const effects = workflow.complete(data, facts, context());
    expect(effects.registerChanges).toEqual([]);
    expect(effects.messages).toHaveLength(1);
    expect(effects.messages[0]).toMatchObject({ recipientName: 'Bundesamt für Justiz – Bundeszentralregister', dueBy: null });
    const payload = effects.messages[0]!.payload as BzrApplicationPayload;
    expect(payload).toEqual({
      kind: 'bzr_application',
      caseNumber: 'BO-2026-000456',
      authority: { ags: '05911000', name: 'Stadt Bochum – Bürgerbüro' },
      applicationDate: '2026-12-01',
      certificate: { type: 'O', extended: true, european: false },
      recipientAuthority: { name: 'Stadt Bochum – Personalamt', address: 'Willy-Brandt-Platz 2–6\n44777 Bochum', reference: 'P 11/2026-417' },
      purpose: 'Einstellung im öffentlichen Dienst',
      person: {
        personId: 'person-1', familyName: 'Krüger', birthName: 'Lehmann', givenNames: ['Hildegard', 'Maria'], preferredGivenName: 0, doctoralDegree: null,
        religiousName: null, artistName: null, birthDate: '1938-04-12', birthPlace: 'Bochum', birthCountry: 'DE', sex: 'w', nationalities: ['DE'],
      },
      address: { street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000' },
      identityDocument: { kind: 'personalausweis_anderer_behoerde (DE)', serialNumber: 'T22000129' },
      writtenRequestAttachmentId: 'att-wr',
      writtenRequest: { issuer: 'Jugendfreizeitstätte Langendreer e. V.', date: '2026-11-20' },
      inspectionCourt: 'Amtsgericht Bochum',
      legalRepresentative: { kind: 'betreuer', name: 'Berta Treuer', evidence: 'Betreuerausweis 12 XVII 34/25' },
      fee: { totalCents: 1300, municipalityCents: 520, federalCents: 780, waived: false },
    });
    const [confirmation] = effects.documents;
    expect(confirmation).toMatchObject({ kind: 'fuehrungszeugnis_antrag', verifiable: false, recipient: ['Berta Treuer', 'Kortumstraße 1', '44787 Bochum'] });
    expect(requestProblems(confirmation!)).toEqual([]);
    const text = JSON.stringify(confirmation);
    for (const part of ['BO-2026-000456', 'zur Vorlage bei einer Behörde (Belegart O)', 'erweitert (§ 30a BZRG)', 'P 11/2026-417', 'Jugendfreizeitstätte Langendreer e. V. vom 20.11.2026', 'Amtsgericht Bochum', '13,00 €', 'unmittelbar an die Behörde']) {
      expect(text).toContain(part);
    }
  });

  it('type N for the person: delivered to the registered address, no court, no written request', () => {
    const effects = workflow.complete({ ...base, inspectionCourt: 'Amtsgericht Bochum', recipientAuthority: typeO.recipientAuthority }, caseFacts(), context());
    const payload = effects.messages[0]!.payload as BzrApplicationPayload;
    expect(payload).toMatchObject({
      certificate: { type: 'N', extended: false, european: false }, recipientAuthority: null, inspectionCourt: null, writtenRequest: null,
      writtenRequestAttachmentId: null, legalRepresentative: null, purpose: null, identityDocument: { kind: 'personalausweis', serialNumber: idCard },
    });
    const confirmation = effects.documents[0]!;
    expect(confirmation.recipient).toEqual(['Hildegard Maria Krüger', 'Am Stadtpark 3', '44791 Bochum']);
    expect(JSON.stringify(confirmation)).toContain('mit der Post an Ihre Meldeanschrift: Am Stadtpark 3, 44791 Bochum');
  });

  it('type N by a parent: the confirmation goes to the parent, the certificate to the minor\'s address', () => {
    const facts = caseFacts({ subject: { birthDate: '2011-06-01' }, applicant: { kind: 'parent', name: 'Petra Krüger', evidence: 'Geburtsurkunde', address: 'Hauptstraße 1\n44787 Bochum' } });
    const data = { ...base, identity: { source: 'other' as const, serialNumber: 'L01X00T99', kind: 'personalausweis_anderer_behoerde', issuingCountry: 'DE', validUntil: '2030-01-01' } };
    expect(workflow.validateCapture(data, facts)).toEqual([]);
    const [confirmation] = workflow.complete(data, facts, context()).documents;
    expect(confirmation!.recipient).toEqual(['Petra Krüger', 'Hauptstraße 1', '44787 Bochum']);
    const text = JSON.stringify(confirmation);
    expect(text).toContain('an die Meldeanschrift der betroffenen Person: Am Stadtpark 3, 44791 Bochum');
    expect(text).not.toContain('Ihre Meldeanschrift');
  });

  it('records a waived fee and the split of the quote', () => {
    const waived = fee({ totalCents: 0, waived: { kind: 'beduerftigkeit', reason: 'Bürgergeld' }, split: { municipalityCents: 0, federalCents: 0 } });
    const payload = workflow.complete(base, caseFacts(), context({ fee: waived })).messages[0]!.payload as BzrApplicationPayload;
    expect(payload.fee).toEqual({ totalCents: 0, municipalityCents: 0, federalCents: 0, waived: true });
  });

  it('splits 2/5 : 3/5 itself when the quote has no split', () => {
    const payload = workflow.complete(base, caseFacts(), context({ fee: fee({ split: null }) })).messages[0]!.payload as BzrApplicationPayload;
    expect(payload.fee).toMatchObject({ municipalityCents: 520, federalCents: 780 });
  });

  it('European: the confirmation says the home state is asked', () => {
    const facts = caseFacts({ subject: { nationalities: ['PL'] } });
    const effects = workflow.complete({ ...base, european: true }, facts, context());
    expect((effects.messages[0]!.payload as BzrApplicationPayload).certificate.european).toBe(true);
    expect(JSON.stringify(effects.documents[0])).toContain('Herkunftsstaats');
  });
});
